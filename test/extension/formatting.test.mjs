// What the status bar, Show Status and the search rows say, checked without an editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTs } from './load-ts.mjs';

const format = await loadTs('extension/status-format.ts');
const items = await loadTs('extension/search-items.ts');

const folder = (overrides = {}) => ({
  folder: '/home/me/project',
  state: 'idle',
  files: 5000,
  chunks: 30000,
  symbols: 12000,
  embedded: 29000,
  pending: 1000,
  dbBytes: 12.5 * 1048576,
  lastUpdate: '2026-01-01T00:00:00.000Z',
  progress: null,
  driver: 'better-sqlite3',
  model: null,
  error: null,
  parseErrorFiles: 0,
  oversizeFiles: 0,
  minifiedFiles: 0,
  ...overrides,
});

test('the status bar says ready, with the file count, once every folder is idle', () => {
  const text = format.statusBarText(format.summarize({ folders: [folder(), folder({ files: 1 })] }));
  assert.equal(text, '$(database) Code Index ready · 5,001 files');
  assert.match(text, new RegExp(`Code Index ${format.READY_WORD}`));
});

test('indexing shows a spinner and progress summed over folders, and wins over idle', () => {
  const status = {
    folders: [
      folder({ state: 'indexing', progress: { done: 1234, total: 5000 } }),
      folder({ state: 'indexing', progress: { done: 1, total: 10 } }),
      folder(),
    ],
  };
  assert.equal(format.statusBarText(format.summarize(status)), '$(sync~spin) Code Index 1,235/5,010');
});

test('an error anywhere shows, and says which folder', () => {
  const summary = format.summarize({ folders: [folder(), folder({ folder: '/x/broken', state: 'error', error: 'disk full' })] });
  assert.equal(summary.state, 'error');
  assert.deepEqual(summary.errors, ['broken: disk full']);
  assert.equal(format.statusBarText(summary), '$(error) Code Index');
});

test('before the server has opened any folder the status bar says starting', () => {
  assert.equal(format.statusBarText(format.summarize({ folders: [] })), '$(sync~spin) Code Index starting');
});

test('paused and embedding have their own words', () => {
  assert.equal(format.statusBarText(format.summarize({ folders: [folder({ state: 'paused' })] })), '$(debug-pause) Code Index paused');
  assert.equal(format.summaryWords(format.summarize({ folders: [folder({ state: 'embedding' })] })), 'embedding, 1,000 pending');
});

test("a folder's counts, size and age read naturally", () => {
  assert.equal(format.folderCounts(folder()), '5,000 files · 12,000 symbols · 30,000 chunks · 29,000 embedded · 1,000 pending · 12.5 MB');
  assert.equal(format.folderCounts(folder({ files: 1, symbols: 1, chunks: 1 })).slice(0, 27), '1 file · 1 symbol · 1 chunk');
  assert.match(
    format.folderCounts(folder({ model: 'transformers:Xenova/all-MiniLM-L6-v2' })),
    /29,000 embedded \(transformers:Xenova\/all-MiniLM-L6-v2\) · 1,000 pending/,
  );
  const now = Date.parse('2026-01-01T00:03:10.000Z');
  assert.equal(format.lastUpdateWords(folder(), 'relative', now), 'updated 3 minutes ago');
  assert.equal(format.lastUpdateWords(folder({ lastUpdate: null }), 'relative', now), 'never updated');
  assert.equal(format.formatBytes(512), '512 B');
  assert.equal(format.formatBytes(1536), '1.5 KB');
  assert.equal(format.folderName(folder()), 'project');
});

const hit = (overrides = {}) => ({
  uri: 'file:///w/src/config.ts',
  path: 'src/config.ts',
  snippet: '/** Parses it. */\nexport function parseConfig(path) {\n  return 1;\n}',
  range: { start: { line: 9, character: 0 }, end: { line: 13, character: 1 } },
  score: 1,
  scores: { text: 1, vector: null, symbol: 1 },
  ...overrides,
});

test("a symbol hit shows its kind's icon, its name, path:line (1-based) and the snippet", () => {
  const item = items.toPickItem(hit({ symbol: 'parseConfig', kind: 12 }));
  assert.equal(item.label, '$(symbol-function) parseConfig');
  assert.equal(item.description, 'src/config.ts:10');
  assert.equal(item.detail, '/** Parses it. */  export function parseConfig(path) {  return 1;  }');
  assert.equal(item.alwaysShow, true);
  assert.equal(items.toPickItem(hit({ symbol: 'AppConfig', kind: 11 })).label, '$(symbol-interface) AppConfig');
});

test('a text hit is named by its first line and shows the rest', () => {
  const item = items.toPickItem(hit());
  assert.equal(item.label, '$(file-code) /** Parses it. */');
  assert.equal(item.detail, 'export function parseConfig(path) {  return 1;  }');
});

test('code that looks like an icon is shown as written', () => {
  assert.equal(items.toPickItem(hit({ snippet: 'const el = $(selector);' })).label, '$(file-code) const el = \\$(selector);');
  assert.equal(items.escapeIcons('$(a, b)'), '$(a, b)');
});

test('Show Status adds the files whose parse failed or was cut short, only when there are any', () => {
  const clean = format.folderCounts(folder());
  assert.doesNotMatch(clean, /syntax|too long|minified/);
  const counts = format.folderCounts(folder({ parseErrorFiles: 1234, oversizeFiles: 1, minifiedFiles: 2 }));
  assert.equal(counts, `${clean} · 1,234 files with syntax errors · 1 too long to parse whole · 2 minified`);
});
