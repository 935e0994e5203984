// Spawns programs in a process group of their own and ends the whole group, so nothing outlives a test.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { constants } from 'node:os';
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

const liveGroups = new Set();

// Last resort when the test process goes away without calling stop(): an 'exit' handler may only do
// synchronous work, so it sends SIGKILL to every group still alive.
function killAllSync() {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  liveGroups.clear();
}
process.on('exit', killAllSync);
// Exit as the signal would have: re-raising it does nothing while another listener (playwright's) is
// installed. Exiting runs the 'exit' handlers, ours and playwright's, which kill the browser.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAllSync();
    process.exit(128 + constants.signals[signal]);
  });
}

export function processGroupIsAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return error.code !== 'ESRCH';
  }
}

// Polls for the group to empty: the kernel gives no event for "last member of a group exited".
async function waitForGroupGone(pgid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (processGroupIsAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await delay(50);
  }
  return true;
}

/**
 * Starts `command` as the leader of a new process group and collects its output.
 * Returns { child, output(), waitForOutput(regex, timeoutMs), stop() }.
 */
export async function spawnGroup(command, args, options = {}) {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await once(child, 'spawn');
  } catch (error) {
    throw new Error(`cannot start ${command}: ${error.message}`);
  }
  liveGroups.add(child.pid);
  let text = '';
  const listeners = new Set();
  const onData = (chunk) => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  // 'close' comes after both pipes drained, so output() is complete once stop() resolves.
  const closed = once(child, 'close').catch(() => undefined);

  function waitForOutput(regex, timeoutMs) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = regex.exec(text);
        if (match) finish(() => resolve(match));
        else if (child.exitCode !== null || child.signalCode !== null) {
          finish(() => reject(new Error(`${command} exited (${child.exitCode ?? child.signalCode}) before printing ${regex}:\n${text}`)));
        }
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${regex} from ${command}:\n${text}`))),
        timeoutMs,
      );
      const onExit = () => check();
      function finish(settle) {
        clearTimeout(timer);
        listeners.delete(check);
        child.off('exit', onExit);
        settle();
      }
      listeners.add(check);
      child.on('exit', onExit);
      check();
    });
  }

  async function stop(graceMs = 5000) {
    const pgid = child.pid;
    if (!liveGroups.has(pgid)) return;
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    if (!(await waitForGroupGone(pgid, graceMs))) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      if (!(await waitForGroupGone(pgid, graceMs))) {
        throw new Error(`process group ${pgid} (${command}) survived SIGKILL`);
      }
    }
    await closed;
    liveGroups.delete(pgid);
  }

  return { child, output: () => text, waitForOutput, stop };
}

/** Runs a command to completion; resolves to { code, output }. */
export async function runToCompletion(command, args, options = {}) {
  const group = await spawnGroup(command, args, options);
  const { child } = group;
  const [code, signal] =
    child.exitCode !== null || child.signalCode !== null ? [child.exitCode, child.signalCode] : await once(child, 'exit');
  // The leader is gone; stop() sweeps up any child it left and waits for the pipes to drain.
  await group.stop();
  return { code: code ?? signal, output: group.output() };
}

/** The environment variable that tags every process a session starts (its value: the sandbox folder). */
export const sandboxTagVariable = 'CODE_INDEX_E2E_SANDBOX';

/**
 * Pids of live processes whose environment carries `sandboxTagVariable=<tag>`. Children inherit the
 * environment, so this finds what escaped a process group too (Chromium's helpers, setsid'd shells).
 */
export async function processesTaggedWith(tag) {
  const needle = `\0${sandboxTagVariable}=${tag}\0`;
  const pids = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = await readFile(`/proc/${entry}/environ`, 'latin1');
      if (`\0${environ}`.includes(needle)) pids.push(Number(entry));
    } catch {
      /* exited meanwhile, or not ours to read */
    }
  }
  return pids;
}

/** Kills whatever still carries the tag; resolves to the pids that were found. */
export async function killTaggedProcesses(tag) {
  const pids = await processesTaggedWith(tag);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  return pids;
}
