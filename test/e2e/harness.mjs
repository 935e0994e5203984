// The end-to-end harness: a real VS Code (code-server from npm) driven by Debian's Chromium through
// playwright-core. Tests import from here; docs/testing-e2e.md explains the moving parts.
//
// Typical use:
//   const session = await openVSCode({ workspace, vsix });        // or withVSCode(options, fn)
//   await session.workbench.runCommand('Code Index: Search');
//   await session.close();
//   const { exitCode, output } = await runExtensionTests({ extensionDevelopmentPath, extensionTestsPath, workspace });

export {
  codeServerForTests,
  codeServerVersion,
  createSandbox,
  describeCodeServer,
  e2eHome,
  installExtension,
  isCI,
  locateCodeServer,
  requireCodeServer,
  startCodeServer,
} from './lib/code-server.mjs';
export { launchChromium } from './lib/browser.mjs';
export { screenshotDir, Workbench } from './lib/workbench.mjs';
export { openVSCode, startSession, withVSCode, workbenchUrl } from './lib/session.mjs';
export { runExtensionTests } from './lib/extension-tests.mjs';
export { processGroupIsAlive } from './lib/process-group.mjs';
