// Loads web-tree-sitter once per process and each grammar (with its compiled query) on first use.
import { createRequire } from 'node:module';
import type { Parser, Query } from 'web-tree-sitter';
import type { LanguageSpec } from './language-spec.js';

/**
 * web-tree-sitter, required on first use: a process that only searches (most CLI runs) does not
 * pay the ~8 ms of loading it.
 */
function treeSitter(): typeof import('web-tree-sitter') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('web-tree-sitter') as typeof import('web-tree-sitter');
}

/** A grammar ready to parse: one Parser and one compiled query, reused for every file. */
export interface LoadedGrammar {
  spec: LanguageSpec;
  parser: Parser;
  query: Query;
  /** Counts syntax errors; run only when the tree reports it has some. */
  errorQuery: Query;
}

let runtime: Promise<void> | null = null;

/** Starts the wasm runtime; web-tree-sitter finds its own tree-sitter.wasm next to its script. */
export function initRuntime(): Promise<void> {
  runtime ??= treeSitter().Parser.init();
  return runtime;
}

// Resolved at run time from wherever this code sits (dist/*.js once bundled), so the grammars are
// read from node_modules and never bundled.
const requireHere = createRequire(__filename);

/** The file of a spec's grammar (a module path such as `tree-sitter-c/tree-sitter-c.wasm`). */
export function grammarPath(grammar: string): string {
  return requireHere.resolve(grammar);
}

/**
 * The load in progress, if any. web-tree-sitter cannot load two grammars at once: their exports mix
 * up while they are linked ("bad export type for 'tree_sitter_tsx_external_scanner_create'",
 * tree-sitter/tree-sitter#2338), and the grammar that loses fails. A parse thread given several
 * requests at once meets its first JavaScript and TypeScript files together, so loads queue here.
 */
let loading: Promise<unknown> = Promise.resolve();

export function loadGrammar(spec: LanguageSpec): Promise<LoadedGrammar> {
  const load = loading.then(() => loadGrammarNow(spec));
  loading = load.catch(() => undefined);
  return load;
}

async function loadGrammarNow(spec: LanguageSpec): Promise<LoadedGrammar> {
  await initRuntime();
  const { Language, Parser, Query } = treeSitter();
  const language = await Language.load(grammarPath(spec.grammar));
  const parser = new Parser();
  parser.setLanguage(language);
  let query: Query;
  try {
    query = new Query(language, spec.query);
  } catch (error) {
    parser.delete();
    throw new Error(`The ${spec.grammar} tags query does not compile: ${(error as Error).message}`);
  }
  const errorQuery = new Query(language, '(ERROR) @error (MISSING) @missing');
  return { spec, parser, query, errorQuery };
}
