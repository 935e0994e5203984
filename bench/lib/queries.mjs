// The fixed query set: identifier-ish words a person types to find code in this corpus (each one
// has hits in it), so every phase and every run asks the same questions.

export const QUERIES = [
  'debounce',
  'cloneDeep',
  'isArray',
  'throttle',
  'mergeMap',
  'switchMap',
  'Observable subscribe',
  'event emitter',
  'createProgram',
  'getTypeChecker',
  'parse config',
  'emit diagnostics',
  'node visitor',
  'async iterator',
  'resolve module',
  'compiler hooks',
  'tap plugin',
  'source map',
  'hash chunk',
  'report lint rule',
  'scope manager',
  'WebGLRenderer',
  'BufferGeometry',
  'Vector3 normalize',
  'matrix multiply',
];

/** Results asked for per search, as the quick pick asks. */
export const K = 10;

/** The i-th task of the read mix: mostly searches, one status in ten (the status bar polls). */
export function readTask(i, dbPath) {
  if (i % 10 === 9) return { op: 'status', args: { dbPath } };
  return { op: 'search', args: { query: QUERIES[i % QUERIES.length], k: K } };
}

/** Names typed into Ctrl+T one keystroke at a time, on the 200,000-symbol workspace bench/editor.mjs
 *  builds (its names are made of these words): every prefix of each is one query. */
export const CTRL_T_NAMES = [
  'parseConfig',
  'loadUserAccount',
  'requestHandler',
  'tokenStream',
  'buildTree',
  'emitEvent',
  'queueTask',
  'hashSign',
  'readFile',
  'mergeState',
];
