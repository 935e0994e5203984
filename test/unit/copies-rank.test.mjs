// Among copies of one definition, the original module first: a bundle at the package's root
// (moment's `moment.js` beside the `src/` it was built from) repeats every function of the modules
// under the same name, kind and length, and its shallower path used to win. Through the real CLI.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCliJson } from '../helpers/cli.mjs';

const fn = (name, indent = '') =>
  `${indent}function ${name}(dow, doy) {\n${indent}  var fwd = 7 + dow - doy;\n${indent}  return -((7 + fwd - dow) % 7) + fwd - 1;\n${indent}}\n`;
const MODULES = {
  'src/lib/units/week.js': ['firstWeekOffset', 'dayOfYearFromWeeks'],
  'src/lib/units/month.js': ['localeMonthsShort', 'daysInMonth'],
  'src/lib/duration/create.js': ['parseIso', 'createDuration'],
  'src/lib/locale/locales.js': ['updateLocale', 'getLocale'],
};
const FILES = {
  ...Object.fromEntries(Object.entries(MODULES).map(([path, names]) => [path, names.map((n) => `export ${fn(n)}`).join('\n')])),
  // The bundle: every module's functions inside one UMD wrapper, at the root.
  'moment.js':
    ';(function (global, factory) {\n  typeof exports === "object" ? module.exports = factory() : global.moment = factory();\n}(this, (function () {\n' +
    Object.values(MODULES)
      .flat()
      .map((n) => fn(n, '    '))
      .join('\n') +
    '})));\n',
  // Same name, same length, different classes: not copies of each other; the qualifier decides.
  'lib/reader.js': 'class Reader {\n  close(handle) {\n    return handle.end();\n  }\n}\n',
  'lib/writer.js': 'class Writer {\n  flush() {}\n  close(handle) {\n    return handle.end();\n  }\n  open() {}\n}\n',
};

let ws;
const env = { CODE_INDEX_NO_SERVER: '1' };
const cli = (args) => runCliJson([...args, '--dir', ws, '--json'], { env });

before(async () => {
  ws = mkdtempSync(join(tmpdir(), 'ci-copies-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(ws, path)), { recursive: true });
    writeFileSync(join(ws, path), text);
  }
  await runCliJson(['index', ws, '--json'], { env });
});
after(() => rmSync(ws, { recursive: true, force: true }));

test('symbols (Ctrl+T): the module that defines a function over the bundle that copies it', async () => {
  for (const [path, names] of Object.entries(MODULES)) {
    for (const name of names) {
      const hits = (await cli(['symbols', name])).filter((h) => h.name === name);
      assert.deepEqual(
        hits.map((h) => h.path),
        [path, 'moment.js'],
        `${name}: the original, then its copy`,
      );
    }
  }
});

test('search in auto and symbol mode: the module first, the bundle still found', async () => {
  for (const mode of ['auto', 'symbol']) {
    for (const [path, names] of Object.entries(MODULES)) {
      const hits = await cli(['search', names[0], '--mode', mode]);
      assert.equal(hits[0].path, path, `${mode} ${names[0]}: ${JSON.stringify(hits.slice(0, 3).map((h) => h.path))}`);
      assert.ok(
        hits.some((h) => h.path === 'moment.js'),
        `${mode} ${names[0]}: the bundle's copy is in the list`,
      );
    }
  }
});

test('same-named methods of different classes are not copies: the qualifier and path order decide', async () => {
  assert.deepEqual(
    (await cli(['symbols', 'close'])).map((h) => h.path),
    ['lib/reader.js', 'lib/writer.js'],
    'path order between two originals, though writer.js holds more definitions',
  );
  assert.equal((await cli(['symbols', 'Writer.close']))[0].path, 'lib/writer.js');
});
