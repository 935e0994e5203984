// The parser's public API, re-exported by server/core.ts.
export { createParser, plainExtract, type CodeParser } from './code-parser.js';
export { lineWindowChunks } from './chunk-splitter.js';
export { languageForPath } from './languages.js';
export * as parserLimits from './limits.js';
