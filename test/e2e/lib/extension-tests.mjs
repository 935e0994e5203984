// Runs an extension's test module inside code-server's extension host with the real `vscode` API, the
// way @vscode/test-web and VS Code's own browser integration tests do: the workbench URL's `payload`
// names the extension under development and the tests, and the workbench reports the test run's exit
// code by calling window.codeAutomationExit(code) when the page defines it.
import { resolve } from 'node:path';
import { startSession, workbenchUrl } from './session.mjs';

const defaultTimeoutMs = 180_000;

function remoteUri(serverUrl, path) {
  // The workbench parses these with URI.parse: they must name the server side (vscode-remote://host:port).
  return `vscode-remote://${new URL(serverUrl).host}${resolve(path)}`;
}

/**
 * options: { extensionDevelopmentPath, extensionTestsPath, workspace, timeoutMs, settings, name, version }
 * Resolves to { exitCode, output }: output holds the page's console (where the extension host's console
 * is forwarded) and code-server's log. Rejects only if the run never reports an exit code in time.
 */
export async function runExtensionTests({
  extensionDevelopmentPath,
  extensionTestsPath,
  workspace,
  timeoutMs = defaultTimeoutMs,
  settings,
  name = 'extension-tests',
  version,
}) {
  if (!extensionDevelopmentPath || !extensionTestsPath) {
    throw new Error('runExtensionTests needs extensionDevelopmentPath and extensionTestsPath');
  }
  const session = await startSession({ workspace, settings, name, version });
  let timer;
  try {
    const { context, page, server, workbench } = session;
    const automationLog = [];
    // Some VS Code builds forward the window's log through this one too (@vscode/test-web defines it).
    await context.exposeFunction('codeAutomationLog', (type, args) => automationLog.push(`[${type}] ${[args].flat().join(' ')}`));
    let reportExit;
    const exited = new Promise((resolveExit) => {
      reportExit = resolveExit;
    });
    await context.exposeFunction('codeAutomationExit', (code) => reportExit(code));
    const timedOut = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`extension tests gave no exit code within ${timeoutMs} ms`)), timeoutMs);
    });
    const payload = [
      ['extensionDevelopmentPath', remoteUri(server.url, extensionDevelopmentPath)],
      ['extensionTestsPath', remoteUri(server.url, extensionTestsPath)],
    ];
    await page.goto(workbenchUrl(server.url, { folder: workspace && resolve(workspace), payload }));
    const collectOutput = () => [workbench.output(), ...automationLog, '--- code-server ---', server.output()].join('\n');
    try {
      const exitCode = await Promise.race([exited, timedOut]);
      return { exitCode, output: collectOutput() };
    } catch (error) {
      error.message += `\n${collectOutput()}`;
      throw error;
    }
  } finally {
    clearTimeout(timer);
    await session.close();
  }
}
