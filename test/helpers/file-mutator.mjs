// A child process that keeps editing a workspace the way people and tools do (appends, rewrites,
// atomic replaces, new files, deletions, renames, deleted files coming back) until its parent sends
// 'stop'.  fork(file-mutator.mjs, [root, seed]) → sends { ready }, then on 'stop' sends { stats }, exits.
// Every edit makes a file longer or gives it a path never used before, so no two versions of a path
// share a size: an index that compares size and mtime can always tell them apart.
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { seededRandom } from './random.mjs';

const [root, seedArg] = process.argv.slice(2);
const random = seededRandom(Number(seedArg));
const files = readdirSync(root, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && !join(e.parentPath ?? e.path, e.name).includes('.codeindex'))
  .map((e) => join(e.parentPath ?? e.path, e.name));
const deleted = [];
const stats = { append: 0, rewrite: 0, replace: 0, create: 0, remove: 0, restore: 0, rename: 0 };
let serial = 0;
let stopping = false;

const OPS = [
  [40, 'append', (file) => appendFileSync(file, `\n// edit ${serial}: appended line\n`)],
  [20, 'rewrite', (file) => writeFileSync(file, `${readFileSync(file, 'utf8')}\nexport const rewritten${serial} = ${serial};\n`)],
  [
    15,
    'replace',
    (file) => {
      const temp = join(dirname(file), `.${serial}.tmp`);
      writeFileSync(temp, `${readFileSync(file, 'utf8')}\n// replaced ${serial}\n`);
      renameSync(temp, file);
    },
  ],
  [
    10,
    'create',
    (file) => {
      const created = join(dirname(file), 'created', `created-${serial}.js`);
      mkdirSync(dirname(created), { recursive: true });
      writeFileSync(created, `export function created${serial}() {\n  return ${serial};\n}\n`);
      files.push(created);
    },
  ],
  [
    10,
    'remove',
    (file) => {
      deleted.push({ file, content: readFileSync(file, 'utf8') });
      rmSync(file);
      forget(file);
    },
  ],
  // A deleted file comes back (a branch switch, an undo), one line longer than it was.
  [
    5,
    'restore',
    () => {
      const { file, content } = deleted.splice(random.int(deleted.length), 1)[0];
      writeFileSync(file, `${content}\n// restored ${serial}\n`);
      files.push(file);
    },
  ],
  [
    5,
    'rename',
    (file) => {
      const moved = `${file.replace(/(\.d)?\.[^.]+$/, '')}-moved-${serial}${/(\.d)?\.[^.]+$/.exec(file)?.[0] ?? ''}`;
      renameSync(file, moved);
      forget(file);
      files.push(moved);
    },
  ],
];
const TOTAL_WEIGHT = OPS.reduce((sum, [w]) => sum + w, 0);

function forget(file) {
  files.splice(files.indexOf(file), 1);
}

function editOnce() {
  serial++;
  let roll = random.int(TOTAL_WEIGHT);
  let [, name, op] = OPS.find(([weight]) => (roll -= weight) < 0);
  if (name === 'restore' && deleted.length === 0) [, name, op] = OPS[0];
  op(random.pick(files));
  stats[name]++;
}

/** Paced by a timer so the indexers get the processor too; runs until 'stop'. */
function loop() {
  if (stopping) {
    process.send({ stats, files: files.length }, () => process.exit(0));
    return;
  }
  editOnce();
  setTimeout(loop, 20);
}

process.on('message', (message) => {
  if (message === 'stop') stopping = true;
});
process.send({ ready: true, files: files.length });
loop();
