// `code-index` as a real child process: one run with its JSON summary, or `index --force` over and
// over as a writer in another process that keeps committing until it is stopped.
import { spawn } from 'node:child_process';
import { childCpuSeconds } from './cpu.mjs';
import { CLI_PATH } from './env.mjs';

/** Runs `code-index ARGS` to the end: { code, stdout, stderr, ms }. Never rejects. */
export function runCli(args, env = {}) {
  return startCli(args, env).done;
}

export function startCli(args, env = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI_PATH, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s) => {
    stdout += s;
  });
  child.stderr.setEncoding('utf8').on('data', (s) => {
    stderr += s;
  });
  const done = new Promise((resolve) => {
    child.on('error', (err) => resolve({ code: null, stdout, stderr: stderr + String(err), ms: performance.now() - started }));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - started }));
  });
  return { child, done };
}

/** `code-index index --force --json ROOT`, checked: its summary, wall time and CPU time (null off Linux). */
export async function indexOnce(root) {
  const cpuBefore = childCpuSeconds();
  const run = await runCli(['index', '--force', '--json', root]);
  if (run.code !== 0) throw new Error(`code-index index failed (exit ${run.code}):\n${run.stderr}`);
  const cpuAfter = childCpuSeconds();
  return { summary: JSON.parse(run.stdout), wallSeconds: run.ms / 1000, cpuSeconds: cpuBefore === null ? null : cpuAfter - cpuBefore };
}

/**
 * A writer in another process: `code-index index --force ROOT` started again each time it ends.
 * stop() kills the pass under way (SQLite rolls back its open transaction) and resolves when it is gone.
 */
export function startIndexLoop(root) {
  let stopped = false;
  let current = null;
  let passes = 0;
  const failures = [];
  const loop = (async () => {
    while (!stopped) {
      current = startCli(['index', '--force', root]);
      const run = await current.done;
      if (stopped) break;
      if (run.code === 0) passes++;
      else failures.push(run.stderr.trim().split('\n').at(-1));
      if (failures.length > 3) throw new Error(`the writer loop keeps failing: ${failures.join(' | ')}`);
    }
  })();
  return {
    get passes() {
      return passes;
    },
    failures,
    async stop() {
      stopped = true;
      current?.child.kill('SIGTERM');
      await loop;
    },
  };
}
