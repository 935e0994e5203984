// Runs the extension-host suite in code-server's extension host, through the end-to-end harness
// (test/e2e/lib/extension-tests.mjs): the extension runs from this repository (npm run build first).
//
// Usage: node test/extension/run-code-server.mjs   (needs test/e2e/install.sh to have run)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExtensionTests } from '../e2e/lib/extension-tests.mjs';
import { buildExtensionTests, demoWorkspaceCopy, repoRoot, suiteModel } from './build-tests.mjs';

const extensionTestsPath = await buildExtensionTests();
const workspace = demoWorkspaceCopy();
const modelRoot = suiteModel();
try {
  const { exitCode, output } = await runExtensionTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    workspace,
    name: 'extension-host-tests',
  });
  // The whole page console and code-server log, for post-mortems; only the suite's own lines here.
  const outputDir = join(repoRoot, 'test-results', 'extension');
  mkdirSync(outputDir, { recursive: true });
  writeFileSync(join(outputDir, 'code-server-output.log'), output);
  const suiteLines = [
    ...new Set(
      output
        .split('\n')
        .filter((line) => line.startsWith('[info] ') || line.startsWith('[error] '))
        .map((line) => line.replace(/^\[\w+\] /, '')),
    ),
  ];
  console.log(exitCode === 0 ? suiteLines.join('\n') : output);
  console.log(`exit code ${exitCode}; full output in ${join('test-results', 'extension', 'code-server-output.log')}`);
  process.exitCode = exitCode;
} finally {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(modelRoot, { recursive: true, force: true });
}
