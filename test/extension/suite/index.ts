// The extension-host suite: runs inside a real VS Code (code-server or desktop) with the real `vscode`
// API, on a copy of test/fixtures/demo, and throws on the first failure. The extension host calls run().
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { CodeIndexApi } from '../../../extension/api.js';
import type { StatusResult } from '../../../shared/protocol.js';
import { addLanguageModelToolTests } from './lm-tools.js';
import { waitFor } from './wait-for.js';

const EXTENSION_ID = 'code-index.code-index';
const QUERY = 'parseConfig';

type Test = [name: string, body: () => Promise<void>];

const INITIAL_INDEX = 'the client reaches the server and codeIndex/status answers for the folder';
const FORCED_REINDEX = 'Reindex Workspace (forced, as Show Status offers it) writes the index again';
const WHILE_INDEXING = new Set([INITIAL_INDEX, FORCED_REINDEX]);

export async function run(): Promise<void> {
  const tests: Test[] = [];
  const test = (name: string, body: () => Promise<void>) => tests.push([name, body]);
  let api!: CodeIndexApi;
  // How long the extension host's event loop stalls while the server indexes (the tests that wait for
  // it): the first pass runs while VS Code itself still starts up, the forced one once it has settled.
  const delays = new Map([...WHILE_INDEXING].map((name) => [name, monitorEventLoopDelay({ resolution: 10 })]));

  test('the extension activates in a window with a folder', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'the demo folder is open');
    const extension = vscode.extensions.getExtension<CodeIndexApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    assert.deepEqual(extension.packageJSON.activationEvents, ['onStartupFinished']);
    api = await extension.activate();
    assert.ok(extension.isActive);
  });

  test('every contributed command is registered', async () => {
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.commands as { command: string }[]).map(
      (c) => c.command,
    );
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const command of contributed) assert.ok(registered.has(command), `${command} is registered`);
    assert.ok(contributed.includes('codeIndex.search') && contributed.includes('codeIndex.showStatus'));
  });

  test(INITIAL_INDEX, async () => {
    await api.ready();
    const timings = api.timings();
    assert.ok(
      timings.activateMs > 0 && timings.serverReadyMs !== null && timings.serverReadyMs >= timings.activateMs,
      JSON.stringify(timings),
    );
    assert.ok(timings.loadMs !== null && timings.loadMs > 0, 'the bundle banner marked the start of loading');
    // extension-host.test.mjs reads this line from the forwarded console and keeps it as a result.
    console.log(`activation timings: ${JSON.stringify(timings)}`);
    // Right after initialize the server may not have opened the folder yet and answer with no folders.
    const status = await api.status();
    assert.ok(Array.isArray(status.folders));
    const idle = await waitFor(api.onDidChangeStatus, () => readyStatus(api.lastStatus()), 'the demo folder to be indexed');
    assert.equal(idle.folders.length, 1);
    assert.equal(idle.folders[0].folder, vscode.workspace.workspaceFolders![0].uri.fsPath);
    assert.ok(idle.folders[0].files >= 4, `files indexed: ${idle.folders[0].files}`);
    assert.ok(idle.folders[0].symbols > 0);
  });

  test('codeIndex/search finds parseConfig in src/config.ts', async () => {
    const symbol = await api.search({ query: 'parseConfig', mode: 'symbol' });
    assert.equal(symbol.items[0]?.symbol, 'parseConfig');
    assert.equal(symbol.items[0]?.path, 'src/config.ts');
    const hybrid = await api.search({ query: 'parse config', mode: 'hybrid' });
    assert.ok(
      hybrid.items.slice(0, 5).some((item) => item.symbol === 'parseConfig'),
      JSON.stringify(hybrid.items.map((i) => i.symbol ?? i.path)),
    );
  });

  addLanguageModelToolTests(test, () => api);

  test('workspace symbols (Ctrl+T) come from the server', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>(
      'vscode.executeWorkspaceSymbolProvider',
      'parseConfig',
    );
    const hit = symbols.find((s) => s.name === 'parseConfig');
    assert.ok(hit, `parseConfig among ${symbols.map((s) => s.name).join(', ')}`);
    assert.ok(hit.location.uri.path.endsWith('/src/config.ts'));
    assert.equal(hit.kind, vscode.SymbolKind.Function);
  });

  test('Search previews the top hit, then Escape puts the editor back', async () => {
    const original = await openQueryEditor(QUERY);
    const previewed = waitFor(
      vscode.window.onDidChangeActiveTextEditor,
      () => fileEditor(vscode.window.activeTextEditor),
      'a preview of a hit',
    );
    await vscode.commands.executeCommand('codeIndex.search');
    const preview = await previewed;
    await assertAtHit(api, preview);
    const restored = waitFor(
      vscode.window.onDidChangeActiveTextEditor,
      () => (vscode.window.activeTextEditor?.document === original.document ? true : undefined),
      'the original editor to come back',
    );
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await restored;
    assert.ok(!openTabs().some((tab) => tab.isPreview && tabPath(tab) === preview.document.uri.path), 'the preview tab is closed');
  });

  test('Search opens the accepted hit at its range', async () => {
    await openQueryEditor(QUERY);
    const previewed = waitFor(
      vscode.window.onDidChangeActiveTextEditor,
      () => fileEditor(vscode.window.activeTextEditor),
      'a preview of a hit',
    );
    await vscode.commands.executeCommand('codeIndex.search');
    const path = (await previewed).document.uri.path;
    const pinned = waitFor(
      vscode.window.tabGroups.onDidChangeTabs,
      () => openTabs().find((tab) => !tab.isPreview && tabPath(tab) === path),
      `${path} to be opened for editing`,
    );
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await pinned;
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.path, path);
    await assertAtHit(api, editor);
  });

  test('Pause and Resume Indexing change the folder state', async () => {
    await vscode.commands.executeCommand('codeIndex.pauseIndexing');
    assert.equal((await api.status()).folders[0].state, 'paused');
    await vscode.commands.executeCommand('codeIndex.resumeIndexing');
    await waitFor(api.onDidChangeStatus, () => readyStatus(api.lastStatus()), 'the folder to be ready after resuming');
  });

  test(FORCED_REINDEX, async () => {
    const before = (await api.status()).folders[0].lastUpdate;
    await vscode.commands.executeCommand('codeIndex.reindexWorkspace', { force: true });
    const after = await waitFor(
      api.onDidChangeStatus,
      () => {
        const status = readyStatus(api.lastStatus());
        return status && status.folders[0].lastUpdate !== before ? status : undefined;
      },
      'a newer lastUpdate once the forced reindex is done',
    );
    assert.ok(after.folders[0].files >= 4);
  });

  test('the transformers provider runs in the editor: a local model folder re-embeds the index and answers meaning search', async () => {
    // A tiny valid model and tokenizer that the harness wrote (test/helpers/tiny-model.mjs); no hub is reachable.
    const modelDir = process.env.CODE_INDEX_TEST_MODEL;
    assert.ok(modelDir, 'CODE_INDEX_TEST_MODEL names the tiny model folder');
    const config = vscode.workspace.getConfiguration('codeIndex');
    const embeddedWith = (model: string) =>
      waitFor(
        api.onDidChangeStatus,
        () => {
          const status = readyStatus(api.lastStatus());
          return status?.folders[0].model === model && status.folders[0].pending === 0 && status.folders[0].embedded > 0
            ? status
            : undefined;
        },
        `every chunk embedded with ${model}`,
      );
    const transformers = embeddedWith(`transformers:${modelDir}`);
    await config.update('embedding.model', modelDir, vscode.ConfigurationTarget.Global);
    await config.update('embedding.provider', 'transformers', vscode.ConfigurationTarget.Global);
    try {
      await transformers;
      const result = await api.search({ query: 'parse config file', mode: 'semantic' });
      assert.ok(result.items.length > 0, JSON.stringify(result));
      assert.ok(
        result.items.every((item) => typeof item.scores.vector === 'number'),
        'every hit is a vector neighbour',
      );
    } finally {
      const builtin = embeddedWith('builtin-v1');
      await config.update('embedding.provider', undefined, vscode.ConfigurationTarget.Global);
      await config.update('embedding.model', undefined, vscode.ConfigurationTarget.Global);
      await builtin;
    }
  });

  test('a crashed server is restarted by the client and answers again', async () => {
    const pid = serverPid();
    assert.ok(pid, 'the server is a child process of the extension host');
    const restarted = waitFor(
      api.onDidChangeStatus,
      () => {
        const now = serverPid();
        return readyStatus(api.lastStatus()) && now !== undefined && now !== pid ? true : undefined;
      },
      'a new server to report the folder ready',
    );
    process.kill(pid, 'SIGKILL');
    await restarted;
    assert.equal((await api.search({ query: QUERY, mode: 'symbol' })).items[0]?.symbol, QUERY);
  });

  let failed = 0;
  for (const [name, body] of tests) {
    const started = Date.now();
    try {
      const delay = delays.get(name);
      if (delay) {
        delay.enable();
        await body().finally(() => delay.disable());
      } else {
        await body();
      }
      console.log(`ok - ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      console.error(`not ok - ${name}\n${error instanceof Error ? error.stack : String(error)}`);
      break; // later tests build on earlier ones
    }
  }
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  const [first, forced] = [...delays.values()].map((d) => ({ p50Ms: ms(d.percentile(50)), p99Ms: ms(d.percentile(99)), maxMs: ms(d.max) }));
  console.log(`extension host event-loop delay while indexing: ${JSON.stringify({ firstPass: first, forcedReindex: forced })}`);
  console.log(`${tests.length - failed} passed, ${failed} failed`);
  if (failed) throw new Error(`extension tests failed (${failed})`);
}

function readyStatus(status: StatusResult | undefined): StatusResult | undefined {
  return status && status.folders.length > 0 && status.folders.every((f) => f.state === 'idle' && f.files > 0) ? status : undefined;
}

/** The language server is a child of this extension host (node IPC); Linux `ps` finds it. */
function serverPid(): number | undefined {
  const lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n');
  const line = lines.find((l) => /dist[\\/]server\.js/.test(l));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

/** The editor shows one of the hits the picker's search returns (the picker may order them its own way). */
async function assertAtHit(api: CodeIndexApi, editor: vscode.TextEditor): Promise<void> {
  const { items } = await api.search({ query: QUERY, mode: 'hybrid' });
  const line = editor.selection.start.line;
  const where = `${editor.document.uri.path}:${line}`;
  assert.ok(
    items.some((item) => editor.document.uri.path.endsWith(`/${item.path}`) && item.range.start.line === line),
    `${where} is one of ${items.map((i) => `${i.path}:${i.range.start.line}`).join(', ')}`,
  );
}

/** An untitled editor whose selection is `query`: Search starts with the selected text. */
async function openQueryEditor(query: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ content: query, language: 'plaintext' });
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  editor.selection = new vscode.Selection(0, 0, 0, query.length);
  return editor;
}

/** The editor when it shows a file on disk (a hit), not the untitled query editor. */
function fileEditor(editor: vscode.TextEditor | undefined): vscode.TextEditor | undefined {
  return editor?.document.uri.scheme === 'file' ? editor : undefined;
}

function openTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs);
}

function tabPath(tab: vscode.Tab): string {
  return tab.input instanceof vscode.TabInputText ? tab.input.uri.path : '';
}
