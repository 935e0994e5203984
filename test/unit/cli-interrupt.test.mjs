// Ctrl+C (SIGINT) and SIGTERM stop every long command soon, through the real CLI: the command keeps
// what it committed, ends with one "Stopped: ..." line saying what was kept and how to go on, and
// exits 128 + the signal's number (130, 143). The index stays sound, and the next run does only the rest.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CLI_PATH, Database } from '../helpers/core.mjs';
import { describe, runCli, runCliJson, startCli } from '../helpers/cli.mjs';
import { eventually } from '../helpers/eventually.mjs';
import { dbPathOf, tempDir, writeFiles } from '../helpers/workspace.mjs';

/** Enough files that indexing takes several seconds on two cores, and six chunks each to embed. */
const FILES = 3000;
const FUNCTIONS_PER_FILE = 6;
/** "Within a second" on an idle machine; this bound only catches a command that ignores the signal. */
const STOP_BOUND_MS = 5000;

function sourceFile(i) {
  let text = '';
  for (let j = 0; j < FUNCTIONS_PER_FILE; j++) {
    text += `export function handler${i}_${j}(a, b) {\n  const total = a + b * ${j};\n  return total > ${i} ? total - ${i} : total;\n}\n\n`;
  }
  return text;
}

/** Written and indexed once for the file; each test works on a copy, with or without its index. */
const corpus = mkdtempSync(join(tmpdir(), 'code-index-interrupt-corpus-'));
before(async () => {
  writeFiles(corpus, Object.fromEntries(Array.from({ length: FILES }, (_, i) => [`src/d${i % 30}/f${i}.js`, sourceFile(i)])));
  await runCliJson(['index', corpus, '--json']);
});
after(() => rmSync(corpus, { recursive: true, force: true }));

/** A fresh copy of the generated corpus, removed after the test; `indexed`: with its index, nothing embedded. */
function freshCorpus(t, { indexed = false } = {}) {
  const dir = tempDir(t, 'interrupt');
  cpSync(corpus, dir, { recursive: true, filter: (src) => indexed || !src.includes('.codeindex') });
  return dir;
}

function indexedFiles(root) {
  try {
    const db = new Database(dbPathOf(root), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) AS n FROM files').get().n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet
  }
}

/** Sends `signal` once `ready` holds, and resolves with the run and how long the stop took. */
async function interruptWhen(run, ready, signal = 'SIGINT') {
  await ready();
  const sent = performance.now();
  run.child.kill(signal);
  const result = await run.done;
  return { ...result, stopMs: performance.now() - sent };
}

/** Resolves on the first chunk of stderr matching `pattern`. */
function stderrMatches(child, pattern) {
  return new Promise((resolve) => {
    let seen = '';
    const onData = (s) => {
      seen += s;
      if (pattern.test(seen)) {
        child.stderr.off('data', onData);
        resolve();
      }
    };
    child.stderr.on('data', onData);
  });
}

async function assertSound(root) {
  const check = await runCli(['check', root]);
  assert.equal(check.code, 0, `the index is sound after the stop\n${describe(check)}`);
}

test('index stops on SIGINT between batches, says what it kept, exits 130; the next run reads only the rest', async (t) => {
  const root = freshCorpus(t);
  const run = startCli(['index', root]);
  const stopped = await interruptWhen(run, () => eventually(() => indexedFiles(root) > 0, 'the first batch to commit'));
  t.diagnostic(`index stopped ${Math.round(stopped.stopMs)} ms after SIGINT`);
  assert.equal(stopped.code, 130, describe(stopped));
  assert.equal(stopped.stdout, '');
  const line = /^Stopped: (\d+) files written and kept, (\d+) left to read; run `code-index index` again to finish\.\n$/.exec(
    stopped.stderr,
  );
  assert.ok(line, `one stop line: ${JSON.stringify(stopped.stderr)}`);
  const [written, left] = [Number(line[1]), Number(line[2])];
  assert.ok(written > 0 && left > 0 && written + left === FILES, `${written} written + ${left} left`);
  assert.ok(stopped.stopMs < STOP_BOUND_MS, `stopped after ${Math.round(stopped.stopMs)} ms`);
  assert.equal(indexedFiles(root), written, 'what the line says was kept is in the index');
  await assertSound(root);

  const rest = await runCliJson(['index', root, '--json']);
  assert.deepEqual([rest.indexed, rest.unchanged, rest.files, rest.stopped], [left, written, FILES, false]);
});

test('embed (once, and as a daemon) stops on SIGINT or SIGTERM between batches and keeps what it stored', async (t) => {
  const root = freshCorpus(t, { indexed: true });
  const chunks = FILES * FUNCTIONS_PER_FILE;

  // The daemon logs a line per batch with --verbose; SIGTERM after the first.
  const daemon = startCli(['embed', root, '--daemon', '--verbose']);
  const batchLine = /^embed: (\d+) chunks in [\d.]+ s; (\d+) of (\d+) done, \d+ chunks\/s$/m;
  const byDaemon = await interruptWhen(daemon, () => stderrMatches(daemon.child, batchLine), 'SIGTERM');
  t.diagnostic(`embed --daemon stopped ${Math.round(byDaemon.stopMs)} ms after SIGTERM`);
  assert.equal(byDaemon.code, 143, describe(byDaemon));
  assert.match(byDaemon.stderr, batchLine);
  const daemonLine = /^Stopped: (\d+) chunks embedded and kept, (\d+) pending; run `code-index embed --daemon` again to go on\.\n$/m.exec(
    byDaemon.stderr,
  );
  assert.ok(daemonLine, describe(byDaemon));
  assert.ok(byDaemon.stopMs < STOP_BOUND_MS, `stopped after ${Math.round(byDaemon.stopMs)} ms`);
  const daemonKept = Number(daemonLine[1]);
  assert.equal(daemonKept + Number(daemonLine[2]), chunks);

  const once = startCli(['embed', root, '--verbose']);
  const byOnce = await interruptWhen(once, () => stderrMatches(once.child, batchLine));
  t.diagnostic(`embed stopped ${Math.round(byOnce.stopMs)} ms after SIGINT`);
  assert.equal(byOnce.code, 130, describe(byOnce));
  const onceLine = /^Stopped: (\d+) of (\d+) chunks embedded and kept; run `code-index embed` again to finish\.\n$/m.exec(byOnce.stderr);
  assert.ok(onceLine, describe(byOnce));
  assert.equal(Number(onceLine[2]), chunks - daemonKept, 'of what was pending when it started');
  assert.ok(Number(onceLine[1]) < Number(onceLine[2]), 'it stopped before the end');
  assert.ok(byOnce.stopMs < STOP_BOUND_MS, `stopped after ${Math.round(byOnce.stopMs)} ms`);
  const status = await runCliJson(['status', root, '--json']);
  assert.equal(status.embedded, daemonKept + Number(onceLine[1]), 'both runs kept what they said');
  await assertSound(root);

  const rest = await runCliJson(['embed', root, '--json']);
  assert.deepEqual([rest.embedded, rest.pending, rest.stopped], [chunks - status.embedded, 0, false]);
});

test('check --repair stops on SIGINT while rebuilding, says what the rebuilt index kept and that the backup was unreadable', async (t) => {
  const root = freshCorpus(t, { indexed: true });
  writeFileSync(dbPathOf(root), 'notes, not a database\n'.repeat(200));
  const run = startCli(['check', root, '--repair']);
  const backupMade = () => readdirSync(join(root, '.codeindex')).some((name) => name.startsWith('index.db.backup-'));
  const stopped = await interruptWhen(run, () => eventually(() => backupMade() && indexedFiles(root) > 0, 'the first rebuilt batch'));
  assert.equal(stopped.code, 130, describe(stopped));
  assert.equal(stopped.stdout, '');
  const line =
    /^Stopped: the rebuilt index keeps (\d+) files and no vectors \(the backup could not be read\), (\d+) files left to read; run `code-index index` to finish, then `code-index embed` \(the old index is kept at .*index\.db\.backup-[\d-]+\)\.\n$/.exec(
      stopped.stderr,
    );
  assert.ok(line, `one stop line: ${JSON.stringify(stopped.stderr)}`);
  assert.equal(Number(line[1]) + Number(line[2]), FILES);
  assert.equal(indexedFiles(root), Number(line[1]), 'what the line says was kept is in the index');
  await assertSound(root);
});

test('serve stops on SIGINT in the middle of its first pass, says what the index kept, exits 130', async (t) => {
  const root = freshCorpus(t);
  const serve = startCli(['serve', root]);
  const stopped = await interruptWhen(serve, () => eventually(() => indexedFiles(root) > 0, 'the first batch to commit'));
  t.diagnostic(`serve stopped ${Math.round(stopped.stopMs)} ms after SIGINT`);
  assert.equal(stopped.code, 130, describe(stopped));
  const line =
    /^Stopped: while indexing \(\d+ of \d+ done\), the index keeps (\d+) files, .*; run `code-index serve` or `code-index index` again to finish\.$/m.exec(
      stopped.stderr,
    );
  assert.ok(line, describe(stopped));
  assert.ok(stopped.stopMs < STOP_BOUND_MS, `stopped after ${Math.round(stopped.stopMs)} ms`);
  await assertSound(root);
  const rest = await runCliJson(['index', root, '--json']);
  assert.deepEqual([rest.unchanged, rest.indexed + rest.unchanged], [Number(line[1]), FILES]);
});

const hasScript = spawnSync('script', ['--version']).status === 0;

test(
  'on a terminal, embed draws a bar (chunks done of total, rate, time left) and Ctrl+C stops it',
  { skip: !hasScript && 'needs script(1) for a pseudo-terminal' },
  async (t) => {
    const root = freshCorpus(t, { indexed: true });
    // script(1) runs the CLI on a pseudo-terminal; ^C written to it is the terminal's own Ctrl+C.
    const child = spawn('script', ['-qefc', `"${process.execPath}" "${CLI_PATH}" embed "${root}"`, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    const bar = /embed \[[^\]]+\] [1-9]\d*\/\d+ chunks \| \d+ chunks\/s \| \S+ left/;
    const drawn = new Promise((resolve) =>
      child.stdout.setEncoding('utf8').on('data', (s) => {
        screen += s;
        if (bar.test(screen)) resolve();
      }),
    );
    const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
    await drawn;
    child.stdin.write('\x03');
    assert.equal(await exited, 130, screen);
    assert.match(screen, /Stopped: \d+ of \d+ chunks embedded and kept; run `code-index embed` again to finish\./);
  },
);
