// The parser's public API, re-exported by server/core.ts.
export { createParser, grammarFileFor, plainExtract, worthParsing, type CodeParser, type ParserOptions } from './code-parser.js';
export { lineWindowChunks } from './chunk-splitter.js';
export { languageForPath, refineLanguage } from './languages.js';
export * as parserLimits from './limits.js';
export { blankUnknownSyntax, C_FAMILY_SHIMS, TYPESCRIPT_SHIMS, type SyntaxShim } from './syntax-shims.js';
