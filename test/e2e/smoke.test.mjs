// Proves the end-to-end harness against a throwaway extension generated on the fly: VSIX install, the
// command palette, a notification, the status bar, Ctrl+P / Ctrl+T, extension-host tests, clean teardown.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { packageVsix, throwaway, writeThrowawayExtension } from './fixtures/throwaway-extension.mjs';
import { codeServerVersion, e2eHome, locateCodeServer, openVSCode, processGroupIsAlive, runExtensionTests } from './harness.mjs';
import { processesTaggedWith } from './lib/process-group.mjs';

const version = codeServerVersion();
const skip = locateCodeServer(version)
  ? false
  : `code-server ${version} is not installed under ${e2eHome()}; run test/e2e/install.sh to enable the e2e tests`;
const testTimeout = { timeout: 240_000 };
// Screenshots and logs carry the version: CI runs this file on two code-servers into one test-results/e2e/.
const shot = (name) => `smoke-${version}-${name}`;

// A skipped test (not a skipped suite) so the runner's summary counts it: "skipped 1", with the reason.
if (skip) it(`e2e harness on code-server ${version}`, { skip }, () => {});
else
  describe(`e2e harness on code-server ${version}`, () => {
    let root;
    let fixture;
    let vsix;

    before(
      async () => {
        root = await mkdtemp(join(tmpdir(), 'code-index-e2e-throwaway-'));
        fixture = await writeThrowawayExtension(root);
        vsix = await packageVsix(fixture.extensionDir);
      },
      { timeout: 180_000 },
    );

    after(() => root && rm(root, { recursive: true, force: true }));

    describe('a workbench with the throwaway VSIX installed', () => {
      let session;
      before(
        async () => {
          session = await openVSCode({ workspace: fixture.workspace, vsix, name: shot('session') });
        },
        { timeout: 180_000 },
      );
      after(async () => {
        if (!session) return;
        const { server, sandbox } = session;
        await session.close();
        assert.equal(processGroupIsAlive(server.pgid), false, 'code-server process group is gone');
        assert.deepEqual(await processesTaggedWith(sandbox.root), [], 'no process of the session is left');
      });

      it('shows the extension status bar item once it activates', testTimeout, async () => {
        const { workbench } = session;
        await workbench.waitForStatusBarText(throwaway.readyText);
        const items = await workbench.statusBarItems();
        assert.ok(
          items.some((item) => item.text === throwaway.readyText),
          JSON.stringify(items),
        );
        await workbench.screenshot(shot('1-workbench'));
      });

      it('runs the command from the palette and shows its message', testTimeout, async () => {
        const { workbench } = session;
        await workbench.runCommand(throwaway.commandTitle, { screenshot: shot('2-palette') });
        assert.equal(await workbench.waitForNotification(throwaway.message), throwaway.message);
        await workbench.waitForStatusBarText(throwaway.saidHelloText);
        assert.match(await workbench.statusBarText(), new RegExp(throwaway.saidHelloText));
        await workbench.screenshot(shot('3-message'));
      });

      it('opens a file on a line with Ctrl+P', testTimeout, async () => {
        const { workbench } = session;
        const item = await workbench.pickWith('Control+P', 'config.js:11', (row) => row.label === 'config.js', {
          screenshot: shot('4-ctrl-p'),
        });
        assert.equal(item.description, 'src');
        const editor = await workbench.waitForActiveEditor({ fileName: 'config.js', line: 11 });
        assert.deepEqual(editor, { fileName: 'config.js', line: 11, column: 1 });
      });

      it('jumps to a workspace symbol with Ctrl+T', testTimeout, async () => {
        const { workbench } = session;
        // Function symbols are listed as "parseConfig()".
        await workbench.pickWith('Control+T', 'parseConfig', /^parseConfig\b/, { screenshot: shot('5-ctrl-t') });
        const editor = await workbench.waitForActiveEditor({ fileName: 'config.js', line: 2 });
        assert.equal(editor.line, 2);
        await workbench.screenshot(shot('6-symbol'));
      });

      it('reads quick pick items without accepting one', testTimeout, async () => {
        const { workbench } = session;
        await workbench.page.keyboard.press('Control+P');
        await workbench.typeInQuickPick('indexer');
        const first = await workbench.waitForFirstQuickPickItem('indexer.js');
        assert.equal(first.description, 'src');
        const items = await workbench.quickPickItems();
        assert.ok(items.length >= 1 && items[0].focused, JSON.stringify(items));
        await workbench.closeQuickPick();
        assert.equal(await workbench.quickPickIsOpen(), false);
      });
    });

    describe('extension tests with the real vscode API', () => {
      it('reports exit code 0 for a passing test module', testTimeout, async () => {
        const { exitCode, output } = await runExtensionTests({
          extensionDevelopmentPath: fixture.extensionDir,
          extensionTestsPath: fixture.passingTestsPath,
          workspace: fixture.workspace,
          name: shot('extension-tests-pass'),
        });
        assert.equal(exitCode, 0, output);
        assert.match(output, /throwaway tests: all passed/);
      });

      it('reports a non-zero exit code and the assertion for a failing test module', testTimeout, async () => {
        const { exitCode, output } = await runExtensionTests({
          extensionDevelopmentPath: fixture.extensionDir,
          extensionTestsPath: fixture.failingTestsPath,
          workspace: fixture.workspace,
          name: shot('extension-tests-fail'),
        });
        assert.notEqual(exitCode, 0);
        assert.match(output, /deliberate failure/);
      });
    });
  });
