// One thread of the bare-parse reference: parses its share of the files with web-tree-sitter and
// the same grammars the indexer loads, and nothing else (no queries, no chunks, no database).
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(join(workerData.repo, 'package.json'));
const { Parser, Language } = require('web-tree-sitter');
await Parser.init();
const parsers = new Map();
async function parserFor(grammar) {
  if (!parsers.has(grammar)) {
    const parser = new Parser();
    parser.setLanguage(await Language.load(require.resolve(grammar)));
    parsers.set(grammar, parser);
  }
  return parsers.get(grammar);
}
let nodes = 0;
for (const { path, grammar } of workerData.files) {
  const tree = (await parserFor(grammar)).parse(readFileSync(path, 'utf8'));
  nodes += tree.rootNode.descendantCount;
  tree.delete();
}
parentPort.postMessage({ nodes });
