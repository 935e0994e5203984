// The extension-host suite (test/extension/suite/, the real `vscode` API) run in code-server through the
// harness, as test/extension/run-code-server.mjs runs it, so `npm test` fails when the suite does.
//
// node --test --test-concurrency=1 test/e2e/extension-host.test.mjs
//   CODE_INDEX_E2E_VERSION=4.117.0 picks another installed code-server (test/e2e/install.sh <version>).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { it } from 'node:test';
import { promisify } from 'node:util';
import { buildExtensionTests, demoWorkspaceCopy, repoRoot, suiteModel } from '../extension/build-tests.mjs';
import { codeServerForTests, codeServerVersion, runExtensionTests, screenshotDir } from './harness.mjs';

const version = codeServerVersion();
const { skip, missing } = codeServerForTests(version);
const name = `extension-host-${version}`;

it(`the extension-host suite passes in code-server ${version}`, { skip, timeout: 420_000 }, async () => {
  if (missing) assert.fail(missing);
  // The extension runs from this repository (dist/), so the bundles must be those of the source.
  await promisify(execFile)(process.execPath, ['esbuild.mjs'], { cwd: repoRoot });
  const extensionTestsPath = await buildExtensionTests();
  const workspace = demoWorkspaceCopy();
  const modelRoot = suiteModel();
  try {
    const { exitCode, output } = await runExtensionTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      workspace,
      name,
      version,
      timeoutMs: 360_000,
    });
    const logPath = join(screenshotDir, `${name}-output.log`);
    await mkdir(screenshotDir, { recursive: true });
    await writeFile(logPath, output);
    const suiteLines = suiteReport(output);
    console.log(suiteLines.join('\n'));
    const activation = /activation timings: (\{[^\n]*?\})/.exec(output)?.[1];
    const delay = /extension host event-loop delay while indexing: (\{.*\})/.exec(output)?.[1];
    if (activation && delay) {
      const figures = { activation: JSON.parse(activation), extensionHostEventLoopDelay: JSON.parse(delay) };
      await writeFile(join(screenshotDir, `${name}-timings.json`), `${JSON.stringify(figures, null, 2)}\n`);
      console.log(`activation (ms): ${activation}; extension host event-loop delay while indexing: ${delay}`);
    }
    assert.equal(exitCode, 0, `${suiteLines.join('\n')}\nthe whole page console and code-server log: ${relative(repoRoot, logPath)}`);
    assert.ok(
      suiteLines.some((line) => /^\d+ passed, 0 failed$/.test(line)),
      suiteLines.join('\n'),
    );
  } finally {
    await rm(workspace, { recursive: true, force: true });
    await rm(modelRoot, { recursive: true, force: true });
  }
});

/** The suite's own lines (ok / not ok / the totals), as the extension host forwarded them to the page. */
function suiteReport(output) {
  const lines = output
    .split('\n')
    .filter((line) => /^\[(info|log|error)\] (ok - |not ok - |\d+ passed, )/.test(line))
    .map((line) => line.replace(/^\[\w+\] /, ''));
  return [...new Set(lines)];
}
