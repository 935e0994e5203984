// One VS Code session: a sandbox, a code-server, a Chromium and a workbench page, torn down together.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { launchChromium } from './browser.mjs';
import { killTaggedProcesses } from './process-group.mjs';
import { createSandbox, installExtension, requireCodeServer, startCodeServer } from './code-server.mjs';
import { screenshotDir, Workbench } from './workbench.mjs';

/** The workbench URL that opens `folder`, with an optional `payload` ([[key, value], ...]). */
export function workbenchUrl(serverUrl, { folder, payload } = {}) {
  const url = new URL('/', serverUrl);
  if (folder) url.searchParams.set('folder', folder);
  if (payload) url.searchParams.set('payload', JSON.stringify(payload));
  return url.href;
}

/**
 * Starts code-server and Chromium on a fresh sandbox, with `vsix` installed, and a blank page.
 * options: { workspace, vsix: path | path[], settings, name, version }
 * Returns { page, workbench, server, context, sandbox, install, close() }. close() ends Chromium and
 * code-server's whole process group and deletes the sandbox; it is safe to call twice.
 */
export async function startSession({ workspace, vsix = [], settings = {}, name = 'session', version } = {}) {
  const install = requireCodeServer(version);
  const sandbox = await createSandbox(name, settings);
  const session = { install, sandbox, server: null, context: null, workbench: null, page: null };
  session.close = () => closeSession(session, name);
  try {
    for (const path of [vsix].flat()) await installExtension(install, sandbox, path);
    session.server = await startCodeServer(install, sandbox, { workspace });
    session.context = await launchChromium(sandbox.browserProfileDir, { sandboxTag: sandbox.root });
    session.page = session.context.pages()[0] ?? (await session.context.newPage());
    session.workbench = new Workbench(session.page);
    return session;
  } catch (error) {
    await session.close();
    throw error;
  }
}

/**
 * startSession(), then opens the workbench on the `workspace` folder and waits until it is ready.
 */
export async function openVSCode(options = {}) {
  const session = await startSession(options);
  try {
    const url = workbenchUrl(session.server.url, { folder: options.workspace && resolve(options.workspace) });
    await session.workbench.open(url, { expectFolder: Boolean(options.workspace) });
    return session;
  } catch (error) {
    await session.close();
    throw error;
  }
}

async function closeSession(session, name) {
  if (session.closed) return;
  session.closed = true;
  const errors = [];
  const attempt = async (step) => {
    try {
      await step();
    } catch (error) {
      errors.push(error);
    }
  };
  if (session.context) await attempt(() => session.context.close());
  if (session.server) {
    await attempt(() => session.server.stop());
    // Kept for post-mortems: test-results/ is where CI artefacts are picked up.
    await attempt(() => writeServerLog(name, session.server.output()));
  }
  // Anything still tagged with this sandbox escaped both groups: kill it, and fail so the leak gets fixed.
  await attempt(async () => {
    const leftovers = await killTaggedProcesses(session.sandbox.root);
    if (leftovers.length) throw new Error(`processes outlived the session and were killed: ${leftovers.join(', ')}`);
  });
  await attempt(() => session.sandbox.remove());
  if (errors.length) throw new AggregateError(errors, `tearing down VS Code session "${name}" failed`);
}

async function writeServerLog(name, text) {
  await mkdir(screenshotDir, { recursive: true });
  await writeFile(join(screenshotDir, `${name}-code-server.log`), text);
}

/** Runs `fn(session)` in a fresh VS Code session and always tears it down, also when `fn` throws. */
export async function withVSCode(options, fn) {
  const session = await openVSCode(options);
  let result;
  try {
    result = await fn(session);
  } catch (error) {
    // The test's own failure is the one to report; a teardown failure rides along in its message.
    await session.close().catch((closeError) => {
      error.message += `\n(teardown failed too: ${closeError.message})`;
    });
    throw error;
  }
  await session.close();
  return result;
}
