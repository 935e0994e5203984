// A file over the parse cap (MAX_PARSE_CHARS): what the parse in pieces (server/parser/piecewise.ts)
// yields on TypeScript's own lib/typescript.js (typescript@5.9.3, pinned: 7.x ships no such file),
// fetched with `npm pack`: definitions, calls, time and whether every name sits at its range; then
// the same file indexed by the CLI with maxFileBytes raised, as a user would see it.
//
//   node bench/long-file.mjs [FILE]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_PATH, loadCore, REPO_ROOT } from './lib/env.mjs';

const PACKAGE = 'typescript@5.9.3';
const RUNS = 3;
const core = loadCore();
const log = (line) => process.stderr.write(`${line}\n`);

function typescriptJs() {
  const dir = join(REPO_ROOT, 'bench', '.corpus', 'long-file');
  const file = join(dir, 'package', 'lib', 'typescript.js');
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  log(`Fetching ${PACKAGE} with npm pack...`);
  const tarball = execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop();
  execFileSync('tar', ['xzf', tarball], { cwd: dir });
  return file;
}

const file = process.argv[2] ?? typescriptJs();
const text = readFileSync(file, 'utf8');
const parser = await core.createParser();
const times = [];
let extract;
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  extract = await parser.extract(text, core.languageForPath(file));
  times.push(performance.now() - started);
}
parser.dispose();
const lines = text.split('\n');
const misplaced = extract.symbols.filter((s) => {
  const r = s.nameRange;
  return r.startLine === r.endLine && lines[r.startLine - 1].slice(r.startCol, r.endCol) !== s.name;
}).length;

const ws = mkdtempSync(join(tmpdir(), 'long-file-'));
mkdirSync(join(ws, '.codeindex'));
writeFileSync(join(ws, '.codeindex', 'config.json'), JSON.stringify({ maxFileBytes: 4 * text.length }));
copyFileSync(file, join(ws, 'big.js'));
const env = { ...process.env, CODE_INDEX_NO_SERVER: '1' };
const index = JSON.parse(execFileSync(process.execPath, [CLI_PATH, 'index', ws, '--json'], { env, encoding: 'utf8' }));
const status = JSON.parse(execFileSync(process.execPath, [CLI_PATH, 'status', ws, '--json'], { env, encoding: 'utf8' }));
rmSync(ws, { recursive: true, force: true });

const result = {
  file,
  chars: text.length,
  lines: lines.length,
  parseCap: core.parserLimits.MAX_PARSE_CHARS,
  pieceMaxChars: core.parserLimits.PIECE_MAX_CHARS,
  parseSkip: extract.parseSkip ?? null,
  symbols: extract.symbols.length,
  calls: extract.calls.length,
  chunks: extract.chunks.length,
  misplacedNames: misplaced,
  extractMs: times.map(Math.round),
  cli: { seconds: index.seconds, chunks: status.chunks, symbols: status.symbols, oversizeFiles: status.oversizeFiles },
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
