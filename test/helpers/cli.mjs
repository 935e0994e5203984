// Runs dist/cli.js as a real child process and collects what it printed and how it ended.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CLI_PATH } from './core.mjs';

/**
 * Starts `code-index ARGS`. `done` resolves when the process has exited and its output is closed,
 * with { code, signal, stdout, stderr, ms }; it never rejects, so a failing command is an assertion
 * for the test to make.
 */
export function startCli(args, options = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s) => {
    stdout += s;
  });
  child.stderr.setEncoding('utf8').on('data', (s) => {
    stderr += s;
  });
  const done = new Promise((resolve) => {
    child.on('error', (err) =>
      resolve({ code: null, signal: null, stdout, stderr: stderr + String(err), ms: performance.now() - started }),
    );
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - started }));
  });
  return { child, done, started };
}

export function runCli(args, options) {
  return startCli(args, options).done;
}

/** Runs a command that must succeed and print JSON; fails with everything it printed otherwise. */
export async function runCliJson(args, options) {
  const result = await runCli(args, options);
  if (result.code !== 0) throw new Error(`code-index ${args.join(' ')} exited ${result.code}\n${describe(result)}`);
  return JSON.parse(result.stdout);
}

/** A result laid out for an assertion message. */
export function describe(result) {
  return `exit ${result.code}${result.signal ? ` (${result.signal})` : ''}\nstdout: ${result.stdout.slice(0, 2000)}\nstderr: ${result.stderr.slice(0, 2000)}`;
}

/** A failed command: exit `code`, nothing on stdout, exactly one line on stderr matching `pattern`. */
export function assertOneLineError(result, code, pattern) {
  assert.equal(result.code, code, describe(result));
  assert.equal(result.stdout, '', describe(result));
  const lines = result.stderr.split('\n').filter((l) => l.length > 0);
  assert.equal(lines.length, 1, `one line on stderr:\n${result.stderr}`);
  assert.match(lines[0], /^code-index: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(result.stderr, /SQLITE_|\n\s+at /);
}
