// Which language a file is, by its name; the parser decides which of these it has a grammar for.
import { extname, basename } from 'node:path';

const BY_EXTENSION: Record<string, string> = {
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.tsx': 'tsx',
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript',
  '.py': 'python', '.pyi': 'python', '.go': 'go', '.rs': 'rust', '.java': 'java',
  '.c': 'c', '.h': 'c', '.cc': 'cpp', '.cpp': 'cpp', '.cxx': 'cpp', '.hpp': 'cpp', '.hh': 'cpp', '.hxx': 'cpp',
  '.cs': 'csharp', '.rb': 'ruby', '.php': 'php',
  '.md': 'markdown', '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml', '.toml': 'toml',
  '.sh': 'shell', '.bash': 'shell', '.css': 'css', '.scss': 'scss', '.html': 'html', '.sql': 'sql',
  '.kt': 'kotlin', '.swift': 'swift', '.scala': 'scala', '.lua': 'lua',
};

const BY_NAME: Record<string, string> = { Dockerfile: 'dockerfile', Makefile: 'make', Rakefile: 'ruby', Gemfile: 'ruby' };

export function languageForPath(path: string): string {
  return BY_NAME[basename(path)] ?? BY_EXTENSION[extname(path).toLowerCase()] ?? 'text';
}
