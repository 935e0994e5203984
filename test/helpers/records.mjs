// File records as the indexer hands them to the writer, built from plain text for storage tests.
import { createHash } from 'node:crypto';
import { core } from './core.mjs';

export const sha1 = (text) => createHash('sha1').update(text).digest('hex');

/**
 * A FileRecord for `path` whose chunks are `texts` (one chunk per text, ten lines apart) and, when
 * given, one function symbol per named chunk.
 */
export function fileRecord(path, texts, { mtimeMs = 1_700_000_000_000, symbols = [] } = {}) {
  const chunks = texts.map((text, i) => ({
    startLine: i * 10 + 1,
    endLine: i * 10 + 9,
    text,
    hash: sha1(text),
    symbol: symbols[i] ?? null,
    kind: symbols[i] ? 12 : null,
  }));
  const range = (line) => ({ startLine: line, startCol: 0, endLine: line + 8, endCol: 1 });
  const body = texts.join('\n');
  return {
    path,
    size: Buffer.byteLength(body),
    mtimeMs,
    hash: sha1(`${path}\n${body}`),
    words: core.ftsWordsFor(path, chunks),
    extract: {
      language: 'typescript',
      chunks,
      symbols: symbols.map((name, i) => ({
        name,
        kind: 12,
        container: null,
        range: range(i * 10 + 1),
        nameRange: range(i * 10 + 1),
        signature: `function ${name}()`,
        doc: null,
      })),
      calls: [{ callee: 'helper', caller: symbols[0] ?? null, line: 2, col: 4 }],
      imports: [{ module: './dep', names: ['dep'], line: 1, col: 0 }],
      exports: symbols.map((name, i) => ({ name, line: i * 10 + 1, col: 0 })),
    },
  };
}
