// Size limits for parsing and chunking: the single source of truth the parser and its tests share.

/** Chunks of plain text (and top-level code between definitions) are windows of this many lines. */
export const WINDOW_LINES = 60;
/** Lines repeated at the start of the next window, so a sentence cut at a boundary is seen whole once. */
export const WINDOW_OVERLAP_LINES = 5;
/** A definition longer than this is split into several chunks. */
export const DEFINITION_MAX_LINES = 80;
/** No chunk's text is longer than this; a longer single line is cut into pieces of this size. */
export const CHUNK_MAX_CHARS = 4000;
/** A definition needs at least this many lines to get a chunk of its own; shorter ones stay in the
 *  surrounding chunk, which keeps one-line getters and prototypes from becoming tiny chunks. */
export const DEFINITION_MIN_LINES = 2;

/** Above this many UTF-16 code units a file is chunked as plain text: a tree for it would cost more
 *  wasm memory and time than its symbols are worth (bundles, generated code). */
export const MAX_PARSE_CHARS = 2_000_000;
/** Files larger than MINIFIED_MIN_CHARS whose average line is longer than this are minified or
 *  generated: symbols from them are noise, so they are chunked as plain text. */
export const MINIFIED_AVERAGE_LINE = 250;
export const MINIFIED_MIN_CHARS = 64_000;
/** Files larger than this get a parse deadline: below it parsing is fast enough that the
 *  progress callback's cost is not worth paying. */
export const DEADLINE_MIN_CHARS = 256_000;
/** How long one file may take to parse before it is chunked as plain text instead. */
export const PARSE_DEADLINE_MS = 10_000;
/** A file too long to parse whole (or past the deadline) is parsed in pieces of at most this many
 *  characters, cut at its outermost lines (parser/piecewise.ts). Below DEADLINE_MIN_CHARS, so a
 *  piece parses without the deadline's callback; large enough that few definitions are cut. */
export const PIECE_MAX_CHARS = 200_000;

/** Signatures are a definition's first line, trimmed and capped at this length. */
export const SIGNATURE_MAX_CHARS = 200;
/** Doc comments longer than this are cut: the start of a doc says what a definition is for. */
export const DOC_MAX_CHARS = 2000;
/** Definitions nested deeper than this are not symbols (their text is still chunked): qualified
 *  names grow with depth, and generated code can nest thousands deep. */
export const MAX_SYMBOL_DEPTH = 50;
