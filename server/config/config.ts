// Loads and validates `.codeindex/config.json`, the optional per-workspace pool and index settings.
import { readFileSync } from 'node:fs';
import { IndexError } from '../common/errors.js';
import { CONFIG_FILE, indexFile } from '../common/index-paths.js';

export interface IndexConfig {
  /** Reader connections in worker threads (language server only; the CLI reads inline). */
  readerPoolSize: number;
  /** How long a connection waits for a lock before the retry layer takes over. */
  busyTimeoutMs: number;
  /** Files larger than this are skipped. */
  maxFileBytes: number;
  /** Extra gitignore-style patterns to leave out, on top of the defaults and .gitignore files. */
  exclude: string[];
  /** Files per write transaction. */
  batchSize: number;
}

export const DEFAULT_CONFIG: Readonly<IndexConfig> = Object.freeze({
  readerPoolSize: 2,
  busyTimeoutMs: 5000,
  maxFileBytes: 1024 * 1024,
  exclude: [],
  batchSize: 200,
});

type FieldCheck = (value: unknown) => string | null;

const positiveInt =
  (min: number, max: number): FieldCheck =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? null : `must be a whole number from ${min} to ${max}`;

const FIELDS: Record<keyof IndexConfig, FieldCheck> = {
  readerPoolSize: positiveInt(1, 16),
  busyTimeoutMs: positiveInt(0, 600_000),
  maxFileBytes: positiveInt(1, 1024 * 1024 * 1024),
  batchSize: positiveInt(1, 10_000),
  exclude: (v) => (Array.isArray(v) && v.every((p) => typeof p === 'string') ? null : 'must be an array of strings'),
};

export function configPath(root: string): string {
  return indexFile(root, CONFIG_FILE);
}

/** The workspace's settings over the defaults; a missing file is fine, a malformed one is an error. */
export function loadConfig(root: string): IndexConfig {
  const file = configPath(root);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...DEFAULT_CONFIG };
    throw new IndexError('BAD_CONFIG', `Cannot read ${file}: ${(err as Error).message}`);
  }
  return parseConfig(text, file);
}

export function parseConfig(text: string, file: string): IndexConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const line = lineOfJsonError(text, (err as Error).message);
    throw new IndexError(
      'BAD_CONFIG',
      `${file}${line ? `:${line}` : ''}: not valid JSON (${jsonProblem((err as Error).message)}). Fix or delete the file.`,
    );
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new IndexError('BAD_CONFIG', `${file}:1: must hold a JSON object such as {"maxFileBytes": 1048576}.`);
  }
  const config: IndexConfig = { ...DEFAULT_CONFIG, exclude: [...DEFAULT_CONFIG.exclude] };
  for (const [key, value] of Object.entries(raw)) {
    const where = `${file}:${lineOfKey(text, key)}`;
    const check = FIELDS[key as keyof IndexConfig];
    if (!check) {
      throw new IndexError('BAD_CONFIG', `${where}: unknown field "${key}". Known fields: ${Object.keys(FIELDS).join(', ')}.`);
    }
    const problem = check(value);
    if (problem) throw new IndexError('BAD_CONFIG', `${where}: field "${key}" ${problem} (got ${JSON.stringify(value)}).`);
    (config as unknown as Record<string, unknown>)[key] = value;
  }
  return config;
}

/** What JSON.parse found wrong, without the copy of the text Node 20 appends (newlines and all). */
function jsonProblem(message: string): string {
  return message.replace(/, "[\s\S]*" is not valid JSON$/, '');
}

function lineOfKey(text: string, key: string): number {
  const at = text.indexOf(JSON.stringify(key));
  return at < 0 ? 1 : lineAt(text, at);
}

function lineOfJsonError(text: string, message: string): number | null {
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const pos = /position (\d+)/.exec(message);
  if (pos) return lineAt(text, Number(pos[1]));
  // Node 20 gives no position for "Unexpected token" (a trailing comma in an array, a bare word).
  return text.length > 0 ? lineAt(text, firstBadOffset(text)) : null;
}

/** Where `text` stops being JSON: the shortest failing prefix, found by bisection, ends there. */
function firstBadOffset(text: string): number {
  let good = 0;
  let bad = text.length;
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (failsBeforeItsEnd(text.slice(0, mid))) bad = mid;
    else good = mid;
  }
  return bad - 1;
}

/** True when `prefix` is wrong in itself, not merely cut short. */
function failsBeforeItsEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (err) {
    const message = (err as Error).message;
    if (message.includes('Unexpected end of JSON input')) return false;
    const pos = /position (\d+)/.exec(message);
    return !pos || Number(pos[1]) < prefix.length;
  }
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
