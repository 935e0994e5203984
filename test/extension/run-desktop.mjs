// Runs the extension-host suite in desktop VS Code through @vscode/test-electron, which downloads the
// VS Code build it launches (so it needs network access to update.code.visualstudio.com).
//
// Usage: npm run test:desktop   (env CODE_INDEX_VSCODE_VERSION picks the VS Code version, default "stable")
import { rmSync } from 'node:fs';
import { buildExtensionTests, demoWorkspaceCopy, repoRoot, suiteModel } from './build-tests.mjs';

let runTests;
try {
  ({ runTests } = await import('@vscode/test-electron'));
} catch {
  console.error('test:desktop needs @vscode/test-electron: npm install --save-dev @vscode/test-electron@2.5.2');
  process.exit(2);
}

const extensionTestsPath = await buildExtensionTests();
const workspace = demoWorkspaceCopy();
const modelRoot = suiteModel();
try {
  const exitCode = await runTests({
    version: process.env.CODE_INDEX_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
  process.exitCode = exitCode;
} catch (error) {
  console.error(`extension tests failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(modelRoot, { recursive: true, force: true });
}
