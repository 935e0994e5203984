// Which language a file is, by its name (and for C headers and `#!` scripts by a look at the
// text); the parser decides which of these it has a grammar for.
import { extname, basename } from 'node:path';

const BY_EXTENSION: Record<string, string> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.py': 'python',
  '.pyi': 'python',
  '.go': 'go',
  '.rs': 'rust',
  '.java': 'java',
  '.c': 'c',
  '.h': 'c',
  '.cc': 'cpp',
  '.cpp': 'cpp',
  '.cxx': 'cpp',
  '.hpp': 'cpp',
  '.hh': 'cpp',
  '.hxx': 'cpp',
  '.cs': 'csharp',
  '.rb': 'ruby',
  '.php': 'php',
  '.md': 'markdown',
  '.json': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.toml': 'toml',
  '.sh': 'shell',
  '.bash': 'shell',
  '.css': 'css',
  '.scss': 'scss',
  '.html': 'html',
  '.sql': 'sql',
  '.kt': 'kotlin',
  '.swift': 'swift',
  '.scala': 'scala',
  '.lua': 'lua',
};

const BY_NAME: Record<string, string> = { Dockerfile: 'dockerfile', Makefile: 'make', Rakefile: 'ruby', Gemfile: 'ruby' };

export function languageForPath(path: string): string {
  return BY_NAME[basename(path)] ?? BY_EXTENSION[extname(path).toLowerCase()] ?? 'text';
}

/** A C++ construct near the start of a header: `class X`, `namespace`, `template <`, `std::`. */
const CPP_SIGNS = /^\s*(class|namespace|template)\b|^\s*(public|private|protected):|\bstd::/m;
/** How much of a header is looked at to tell C++ from C. */
const SNIFF_CHARS = 64_000;

/** Interpreters a `#!` line may name, by the language of the script. */
const BY_INTERPRETER: ReadonlyArray<[RegExp, string]> = [
  [/^(python|pypy)[\d.]*$/, 'python'],
  [/^j?ruby[\d.]*$/, 'ruby'],
  [/^(node(js)?|bun|deno)$/, 'javascript'],
  [/^(ts-node|tsx)$/, 'typescript'],
  [/^php[\d.]*$/, 'php'],
  [/^(ba|da|z|k)?sh$/, 'shell'],
];

/**
 * `.h` headers are C or C++ and only the text tells: a header that uses C++ is C++, or the C
 * grammar would miss its classes. A file whose name says nothing (`bin/rake`) is what its `#!`
 * line runs. Every other language is what its name says.
 */
export function refineLanguage(language: string, text: string): string {
  if (language === 'text') return text.startsWith('#!') ? (interpreterLanguage(text) ?? language) : language;
  if (language !== 'c') return language;
  return CPP_SIGNS.test(text.length > SNIFF_CHARS ? text.slice(0, SNIFF_CHARS) : text) ? 'cpp' : language;
}

/** `#!/usr/bin/env -S ruby -w`, `#!/usr/bin/python3.11`: the language of the program it runs. */
function interpreterLanguage(text: string): string | null {
  const end = text.indexOf('\n');
  const words = text
    .slice(2, end === -1 ? undefined : end)
    .trim()
    .split(/\s+/);
  let program = words[0]?.slice(words[0].lastIndexOf('/') + 1) ?? '';
  if (program === 'env') program = words.slice(1).find((w) => !w.startsWith('-') && !w.includes('=')) ?? '';
  return BY_INTERPRETER.find(([pattern]) => pattern.test(program))?.[1] ?? null;
}

/** Every language name the index stores, sorted. */
export const LANGUAGE_NAMES: readonly string[] = [...new Set([...Object.values(BY_EXTENSION), ...Object.values(BY_NAME), 'text'])].sort();

/** What people type for a language, beside its own name and its file extensions. */
const ALIASES: Record<string, string | readonly string[]> = {
  golang: 'go',
  'c++': 'cpp',
  'c#': 'csharp',
  node: 'javascript',
  nodejs: 'javascript',
  ecmascript: 'javascript',
  bash: 'shell',
  sh: 'shell',
  zsh: 'shell',
  txt: 'text',
  plaintext: 'text',
  // TypeScript in .tsx files is indexed as its own language; `ts` means both.
  ts: ['typescript', 'tsx'],
  typescript: ['typescript', 'tsx'],
};

/**
 * The stored language names a `--lang` value means (`ts`, `py`, `c++`, `golang`, `.rs`, any case),
 * or null when it names none.
 */
export function languagesNamed(name: string): readonly string[] | null {
  const key = name.trim().toLowerCase();
  const alias = ALIASES[key];
  if (alias) return typeof alias === 'string' ? [alias] : alias;
  if (LANGUAGE_NAMES.includes(key)) return [key];
  const byExtension = BY_EXTENSION[key.startsWith('.') ? key : `.${key}`];
  return byExtension ? [byExtension] : null;
}
