// One run of a given build's `code-index` (its dist/cli.js) as a child process: exit code, output, wall time.
import { spawn } from 'node:child_process';

export function runCliAt(cliJs, args, env = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, [cliJs, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
  return new Promise((resolve) => {
    child.on('error', (err) => resolve({ code: null, stdout, stderr: stderr + String(err), ms: performance.now() - started }));
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}
