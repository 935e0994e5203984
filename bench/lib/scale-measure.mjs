// What bench/scale.mjs measures with processes: a command under /usr/bin/time (wall, peak RSS, CPU),
// the size of an index on disk, a process's resident memory from /proc, the references (ctags, rg),
// and `code-index embed` cut short after N vectors.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_PATH, loadBetterSqlite } from './env.mjs';
import { round } from './stats.mjs';

export const MB = 2 ** 20;

/** Runs a command under /usr/bin/time: { wall, peakMb, cpu, stdout, status }; throws on failure. */
export function timedRun(command, args, { cwd, env } = {}) {
  const run = spawnSync('/usr/bin/time', ['-f', '@@time %e %M %U %S', command, ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = run.stderr.split('\n').find((l) => l.startsWith('@@time '));
  // rg exits 1 when nothing matched: that is an answer, not a failure.
  if (!line || (run.status !== 0 && !(command === 'rg' && run.status === 1)))
    throw new Error(`${command} ${args.join(' ')} failed (exit ${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const [wall, maxKb, user, sys] = line.slice(7).split(' ').map(Number);
  return { wall, peakMb: Math.round(maxKb / 1024), cpu: round(user + sys), stdout: run.stdout, status: run.status };
}

/** `code-index ARGS` under /usr/bin/time, its --json summary parsed when asked for. */
export function timedCli(args, env) {
  const run = timedRun(process.execPath, [CLI_PATH, ...args], { env });
  return { ...run, summary: args.includes('--json') ? JSON.parse(run.stdout) : null };
}

/** universal-ctags over exactly the files the index holds, then `rg` twice over the same tree. */
export function references(root, paths, excludes) {
  const list = join(tmpdir(), `code-index-scale-files-${process.pid}.txt`);
  writeFileSync(list, paths.map((p) => join(root, p)).join('\n'));
  const tags = join(tmpdir(), `code-index-scale-${process.pid}.tags`);
  const ctags = timedRun('ctags', ['-L', list, '-f', tags, '--fields=+n']);
  const tagLines = countLines(tags);
  // -uu: no ignore files, hidden files too; instead the index's own default excludes (its folder,
  // dist/, node_modules/, ...), so rg reads the tree the index reads.
  const globs = excludes.flatMap((p) => ['-g', `!${p}`]);
  const rgFiles = timedRun('rg', ['--files', '-uu', ...globs, root]);
  const rgCount = timedRun('rg', ['-c', '-uu', ...globs, 'getElementById', root]);
  spawnSync('rm', ['-f', list, tags]);
  return {
    ctags: { wall: ctags.wall, cpu: ctags.cpu, peakMb: ctags.peakMb, tags: tagLines },
    rgFiles: { wall: rgFiles.wall, cpu: rgFiles.cpu, files: rgFiles.stdout.split('\n').filter(Boolean).length },
    rgCount: {
      wall: rgCount.wall,
      cpu: rgCount.cpu,
      word: 'getElementById',
      filesMatching: rgCount.stdout.split('\n').filter(Boolean).length,
    },
  };
}

/** Lines of a file too big for one string (ctags writes over 512 MB of tags at 100k files). */
function countLines(path) {
  return Number(execFileSync('wc', ['-l', path], { encoding: 'utf8' }).trim().split(' ')[0]);
}

/** Bytes of every file in the index folder (database, WAL, shared memory, anything beside). */
export function indexBytes(root) {
  const dir = join(root, '.codeindex');
  let bytes = 0;
  for (const name of readdirSync(dir)) bytes += statSync(join(dir, name)).size;
  return bytes;
}

/** VmRSS, VmHWM and thread count of a live process, from /proc/PID/status. */
export function processMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
  return { rssMb: Math.round(field('VmRSS') / 1024), hwmMb: Math.round(field('VmHWM') / 1024), threads: field('Threads') };
}

/** Counts in the index, on a read-only connection of our own. */
export function indexCounts(dbPath) {
  const Database = loadBetterSqlite();
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const n = (sql) => db.prepare(sql).get().n;
    return {
      files: n('SELECT count(*) AS n FROM files'),
      chunks: n('SELECT count(*) AS n FROM chunks'),
      symbols: n('SELECT count(*) AS n FROM symbols'),
      vectors: n('SELECT count(*) AS n FROM embeddings'),
    };
  } finally {
    db.close();
  }
}

/**
 * `code-index embed ROOT` with the builtin provider, under /usr/bin/time. With a limit it is sent
 * SIGINT once the index holds that many vectors (the embedder commits in batches and stops
 * cleanly), so the rate is over the vectors it wrote in its wall time.
 */
export async function embedRun(root, dbPath, limit) {
  const before = indexCounts(dbPath).vectors;
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '@@time %e %M %U %S', process.execPath, CLI_PATH, 'embed', root, '--provider', 'builtin'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  let cut = false;
  const poll = limit
    ? setInterval(() => {
        try {
          if (!cut && indexCounts(dbPath).vectors - before >= limit) {
            cut = true;
            // /usr/bin/time's child is the node process; the signal goes to it.
            const pid = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0]);
            if (pid) process.kill(pid, 'SIGINT');
          }
        } catch {
          // The database is busy being created or the process is gone; the next tick decides.
        }
      }, 500)
    : null;
  const status = await new Promise((resolve) => child.once('close', resolve));
  clearInterval(poll);
  const seconds = (performance.now() - started) / 1000;
  const line = stderr.split('\n').find((l) => l.startsWith('@@time '));
  if (!line || (status !== 0 && !cut)) throw new Error(`code-index embed failed (exit ${status}): ${stderr.trim().split('\n').at(-1)}`);
  const [, maxKb, user, sys] = line.slice(7).split(' ').map(Number);
  const vectors = indexCounts(dbPath).vectors - before;
  return {
    seconds: round(seconds),
    vectors,
    perSecond: Math.round(vectors / seconds),
    peakMb: Math.round(maxKb / 1024),
    cpu: round(user + sys),
    cut,
  };
}
