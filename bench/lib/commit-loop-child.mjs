// Child-process entry of the commit loop: extracts one batch of corpus files once, then commits it
// again and again through IndexWriter (each commit replaces those files' rows in one BEGIN IMMEDIATE
// transaction) until the parent says "stop"; answers with how many commits it made.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [corePath, root, batchFilesArg] = process.argv.slice(2);
const core = createRequire(import.meta.url)(corePath);
let stopping = false;
process.on('message', (message) => {
  if (message === 'stop') stopping = true;
});

const ws = core.openWorkspace(root, { role: 'writer' });
const writer = new core.IndexWriter(ws.index);
const records = await extractBatch(Number(batchFilesArg));
process.send({ type: 'ready', files: records.length });
let commits = 0;
const started = performance.now();
while (!stopping) {
  await writer.commitBatch({ write: records });
  commits++;
  await new Promise((resolve) => setImmediate(resolve)); // lets "stop" in
}
ws.close();
process.send({ type: 'done', commits, seconds: (performance.now() - started) / 1000 }, () => process.disconnect());

/** `batchFiles` files spread over the whole corpus (every n-th path), read and parsed once. */
async function extractBatch(batchFiles) {
  const rules = new core.IgnoreRules(root, core.DEFAULT_CONFIG.exclude);
  const paths = core
    .walkWorkspace(root, rules, core.silentReporter)
    .map((f) => f.path)
    .sort();
  const step = Math.max(1, Math.floor(paths.length / batchFiles));
  const parser = await core.createParser();
  const out = [];
  for (let i = 0; i < paths.length && out.length < batchFiles; i += step) {
    const read = core.readSource(join(root, paths[i]), paths[i], core.DEFAULT_CONFIG.maxFileBytes);
    if (!read.ok) continue;
    const extract = await parser.extract(read.text, core.languageForPath(paths[i]));
    out.push({
      path: paths[i],
      size: read.size,
      mtimeMs: read.mtimeMs,
      hash: read.hash,
      extract,
      words: core.ftsWordsFor(paths[i], extract.chunks),
    });
  }
  return out;
}
