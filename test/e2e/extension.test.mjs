// Code Index end to end: the packaged VSIX installed into code-server, driven through the workbench the
// way a person uses it (status bar, command palette, the Search quick pick, Ctrl+T), with screenshots.
//
// node --test --test-concurrency=1 test/e2e/extension.test.mjs
//   CODE_INDEX_E2E_VERSION=4.117.0 picks another installed code-server (test/e2e/install.sh <version>);
//   CODE_INDEX_E2E_VSIX=<path> reuses a VSIX instead of packaging one (the slow part, ~80 s).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { demoWorkspaceCopy, repoRoot } from '../extension/build-tests.mjs';
import { codeServerForTests, codeServerVersion, startSession, workbenchUrl } from './harness.mjs';

const run = promisify(execFile);
const version = codeServerVersion();
const { install, skip, missing } = codeServerForTests(version);

/** The status bar item's DOM id: <publisher>.<name>.<item id> (extension/status-bar.ts). */
const STATUS_ITEM_ID = 'code-index.code-index.codeIndex.status';
const READY = /Code Index ready · ([\d,]+) files?/;
const BUSY = /Code Index (starting|[\d,]+\/[\d,]+|embedding)/;
const shot = (name) => `code-index-${version}-${name}`;
const testTimeout = { timeout: 180_000 };

if (missing) it('Code Index in code-server', () => assert.fail(missing));
else if (skip) it('Code Index in code-server', { skip }, () => {});
else
  describe(`Code Index in code-server ${version}`, () => {
    let vsixDir;
    let workspace;
    let session;
    let workbench;
    let fileCount;

    before(
      async () => {
        vsixDir = await mkdtemp(join(tmpdir(), 'code-index-e2e-vsix-'));
        const vsix = process.env.CODE_INDEX_E2E_VSIX ? resolve(process.env.CODE_INDEX_E2E_VSIX) : await packageVsix(vsixDir);
        // The digest shows that CI's runs on both code-servers installed one and the same VSIX.
        console.log(
          `VSIX ${vsix} sha256 ${createHash('sha256')
            .update(await readFile(vsix))
            .digest('hex')}`,
        );
        workspace = demoWorkspaceCopy();
        fileCount = (await readdir(workspace, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).length;
        session = await startSession({ workspace, vsix, name: shot('session'), version });
        workbench = session.workbench;
        // Recorded from the first paint, so the states that pass too fast to poll (starting, 3/5) are seen.
        await workbench.recordStatusBarItem(STATUS_ITEM_ID);
        await workbench.open(workbenchUrl(session.server.url, { folder: workspace }));
      },
      { timeout: 600_000 },
    );

    after(async () => {
      try {
        await session?.close();
      } finally {
        if (workspace) await rm(workspace, { recursive: true, force: true });
        if (vsixDir) await rm(vsixDir, { recursive: true, force: true });
      }
    });

    // A test that failed with a quick pick open must not leave it to the next one.
    beforeEach(() => workbench?.closeQuickPick());

    it('the status bar goes from progress to "ready" with the file count', testTimeout, async () => {
      await workbench.waitForStatusBarText(`Code Index ready · ${fileCount} files`, { timeoutMs: 150_000 });
      const history = await workbench.statusBarHistory(STATUS_ITEM_ID);
      console.log(`status bar: ${history.join(' → ')}`);
      assert.equal(history.at(-1), `Code Index ready · ${fileCount} files`, 'every file of the demo is indexed');
      assert.ok(
        history.slice(0, -1).some((text) => BUSY.test(text)),
        `a busy state before ready: ${history.join(' → ')}`,
      );
      await workbench.screenshot(shot('1-ready'));
    });

    // FolderIndex.start() sends the first index job before it reports any state but "starting", so no
    // "ready · 0 files" can flash at start-up.
    it('the status bar never says "ready" before the first pass has counted the files', testTimeout, async () => {
      const history = await workbench.statusBarHistory(STATUS_ITEM_ID);
      const early = history.find((text) => READY.test(text) && READY.exec(text)[1] !== String(fileCount));
      assert.equal(early, undefined, history.join(' → '));
    });

    it("Show Status lists the folder's counts and the SQLite driver for this Node", testTimeout, async () => {
      await workbench.runCommand('Code Index: Show Status', { opensQuickPick: true });
      await workbench.waitForQuickPickTitle(/^Code Index: /);
      const folder = await workbench.waitForQuickPickItem((row) => / files? · /.test(row.detail), 'the folder row');
      assert.match(folder.detail, new RegExp(`\\b${fileCount} files · [1-9][\\d,]* symbols · [1-9][\\d,]* chunks`));
      assert.match(folder.detail, await expectedDriver(), 'the driver the server runs on');
      console.log(`Show Status in code-server ${version}: ${folder.detail}`);
      await workbench.screenshot(shot('2-show-status'));
      await workbench.closeQuickPick();
    });

    it('Search finds the retry code by what it does and opens it on its line', testTimeout, async () => {
      await openSearch(workbench, 'retry failed request backoff');
      const hit = await workbench.focusQuickPickItem((row) => row.description.startsWith('src/http-client.ts:'));
      assert.equal(hit.label, 'fetchWithRetry');
      await workbench.waitForActiveEditor({ fileName: 'http-client.ts' }); // the focused hit's preview
      await workbench.screenshot(shot('3-search-results'));
      await acceptAndLand(workbench, hit, 'http-client.ts', hitLine(hit, [1, 2]));
      await workbench.screenshot(shot('4-search-landed'));
    });

    it('Ctrl+T finds parseConfig through the server and lands on src/config.ts line 11', testTimeout, async () => {
      const row = await workbench.pickWith('Control+T', 'parseConfig', /^parseConfig\b/, { screenshot: shot('5-ctrl-t') });
      // Ctrl+T rows have no detail: whatever the Search rows showed before must not leak into this one.
      assert.equal(row.detail, '', JSON.stringify(row));
      await workbench.waitForActiveEditor({ fileName: 'config.ts', line: 11 });
      await workbench.screenshot(shot('6-ctrl-t-landed'));
    });

    it('Ctrl+T finds a Python definition, which only our server indexes here', testTimeout, async () => {
      await collapseSelection(workbench);
      await workbench.pickWith('Control+T', 'parse_config', /^parse_config\b/);
      await workbench.waitForActiveEditor({ fileName: 'parse_config.py', line: 5 });
    });

    it('Search "parse config" shows src/config.ts and Enter lands on parseConfig', testTimeout, async () => {
      await openSearch(workbench, 'parse config');
      const hit = await workbench.focusQuickPickItem((row) => row.label === 'parseConfig' && row.description.startsWith('src/config.ts:'));
      await workbench.waitForActiveEditor({ fileName: 'config.ts' });
      await workbench.screenshot(shot('7-search-parse-config'));
      await acceptAndLand(workbench, hit, 'config.ts', hitLine(hit, [10, 11]));
    });

    it('the mode buttons switch Search to symbol mode', testTimeout, async () => {
      await openSearch(workbench, '');
      assert.equal(await workbench.quickPickTitle(), 'Code Index: Search (hybrid)');
      await workbench.clickQuickPickButton(/^Switch to Symbol/);
      await workbench.waitForQuickPickTitle(/^Code Index: Search \(symbol\)/);
      assert.ok((await workbench.quickPickButtons()).includes('Symbol: definitions by name (current mode)'));
      await workbench.typeInQuickPick('SplitWords', { replace: true });
      const hit = await workbench.waitForFirstQuickPickItem((row) => row.description.startsWith('lib/tokenize.go:'), 'SplitWords first');
      assert.equal(hit.label, 'SplitWords');
      await workbench.screenshot(shot('8-search-symbol-mode'));
      await acceptAndLand(workbench, hit, 'tokenize.go', hitLine(hit, [5, 6]));
      await workbench.screenshot(shot('9-search-symbol-landed'));
    });
  });

/**
 * Builds the bundles and packages them with vsce exactly as `npm run package` does (its vsce arguments
 * are read from package.json, the one place they are written), into `outDir`. check-vsix is left to
 * `npm run package`: this whole file is a stricter check of the same VSIX.
 */
async function packageVsix(outDir) {
  const started = Date.now();
  const manifest = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8'));
  const vsceArgs = /\bvsce (package[^&|;]*)/.exec(manifest.scripts.package)?.[1].trim().split(/\s+/);
  assert.ok(vsceArgs, `package.json's "package" script runs vsce package: ${manifest.scripts.package}`);
  const out = join(outDir, `${manifest.name}.vsix`);
  await run(process.execPath, ['esbuild.mjs'], { cwd: repoRoot });
  await run(join(repoRoot, 'node_modules', '.bin', 'vsce'), [...vsceArgs, '--out', out], { cwd: repoRoot, maxBuffer: 16 << 20 });
  console.log(`packaged ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return out;
}

/**
 * better_sqlite3.node is built for the Node that installed the project (this one). code-server runs the
 * extension host, and so our server, on its own Node: the same ABI loads better-sqlite3, another one
 * (4.117.0 on Node 22, like desktop VS Code's Electron) falls back to node:sqlite.
 */
async function expectedDriver() {
  const { stdout } = await run(install.node, ['-p', 'process.versions.modules']);
  return stdout.trim() === process.versions.modules ? /· better-sqlite3 \(/ : /· node:sqlite \(better-sqlite3 does not load/;
}

/** Runs Code Index: Search from the palette and enters `query` in its pick (instead of any prefill). */
async function openSearch(workbench, query) {
  await collapseSelection(workbench);
  await workbench.runCommand('Code Index: Search', { opensQuickPick: true });
  await workbench.waitForQuickPickTitle(/^Code Index: Search \(/);
  if (query) await workbench.typeInQuickPick(query, { replace: true });
}

/**
 * The line a Search row names (`path:line`), checked against `lines`: a hit is a definition's name or
 * the chunk around it, which starts on its doc comment (parseConfig: name on line 11, chunk from 10).
 */
function hitLine(hit, lines) {
  const line = Number(/:(\d+)$/.exec(hit.description)?.[1]);
  assert.ok(lines.includes(line), `${hit.description}: the definition's line or its chunk's first (${lines.join(' or ')})`);
  return line;
}

/** Enter on the focused row: the pick closes and the editor shows the hit's file at its line. */
async function acceptAndLand(workbench, hit, fileName, line) {
  const focused = (await workbench.quickPickItems()).find((row) => row.focused);
  assert.equal(focused?.ariaLabel, hit.ariaLabel, 'the hit is the focused row');
  await workbench.page.keyboard.press('Enter');
  await workbench.waitForQuickPickClosed();
  const editor = await workbench.waitForActiveEditor({ fileName, line });
  assert.deepEqual([editor.fileName, editor.line], [fileName, line]);
}

/**
 * Search starts with the editor's selected text, and landing on a symbol selects its name: Escape in
 * the editor (cancelSelection) keeps one query from seeding the next.
 */
async function collapseSelection(workbench) {
  if (await workbench.activeEditor()) await workbench.page.keyboard.press('Escape');
}
