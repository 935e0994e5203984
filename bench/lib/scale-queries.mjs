// The queries of bench/scale.mjs, chosen by rule from the index itself (never by hand): every Nth
// distinct symbol name in name order, each asked whole, as a prefix and in camel-hump form; and a
// whole `code-index symbols` / `search --mode hybrid` process timed from start to exit.
import { spawnSync } from 'node:child_process';
import { loadBetterSqlite } from './env.mjs';
import { runCli } from './cli-process.mjs';
import { QUERIES } from './queries.mjs';
import { summarize } from './stats.mjs';

/**
 * `count` names spread evenly over the distinct names of 6 to 40 characters that start with a
 * letter (shorter ones are mostly loop variables and parameters, longer ones generated noise).
 */
export function sampleNames(dbPath, count) {
  const Database = loadBetterSqlite();
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const names = db
      .prepare(`SELECT DISTINCT name FROM symbols WHERE length(name) BETWEEN 6 AND 40 AND name GLOB '[A-Za-z]*' ORDER BY name`)
      .pluck()
      .all();
    const step = Math.max(1, Math.floor(names.length / count));
    return names.filter((_, i) => i % step === Math.floor(step / 2)).slice(0, count);
  } finally {
    db.close();
  }
}

/** The words of an identifier: camelCase, PascalCase, snake_case, digits apart. */
function words(name) {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_$\-.]+/)
    .filter(Boolean);
}

/** Each name three ways: whole; its first half (at least 3 characters); its words' initials (names of 2+ words). */
export function queryForms(names) {
  const forms = [];
  for (const name of names) {
    forms.push({ form: 'name', query: name, name });
    forms.push({ form: 'prefix', query: name.slice(0, Math.max(3, Math.ceil(name.length / 2))), name });
    const parts = words(name);
    if (parts.length >= 2) forms.push({ form: 'humps', query: parts.map((w) => w[0]).join(''), name });
  }
  return forms;
}

/** Each query as its own `code-index symbols` process; p50/p95 overall and per form, and how many found nothing. */
export async function symbolsProcesses(root, forms, env) {
  const samples = [];
  const byForm = {};
  let empty = 0;
  for (const { form, query } of forms) {
    const run = await runCli(['symbols', query, '--dir', root, '-k', '20', '--json'], env);
    if (run.code !== 0) throw new Error(`code-index symbols ${query} failed: ${run.stderr.trim()}`);
    if (JSON.parse(run.stdout).length === 0) empty++;
    samples.push(run.ms);
    (byForm[form] ??= []).push(run.ms);
  }
  return {
    ...summarize(samples),
    empty,
    byForm: Object.fromEntries(Object.entries(byForm).map(([f, s]) => [f, summarize(s)])),
  };
}

/** bench/lib/queries.mjs's fixed queries, each as a `code-index search --mode hybrid` process. */
export async function searchProcesses(root, env) {
  const samples = [];
  for (const q of QUERIES) {
    const run = await runCli(['search', q, '--dir', root, '--mode', 'hybrid', '-k', '10', '--json'], env);
    if (run.code !== 0) throw new Error(`code-index search ${q} failed: ${run.stderr.trim()}`);
    samples.push(run.ms);
  }
  return summarize(samples);
}

/** The floor under any Node command on this machine: a process that starts Node and exits. */
export function bareNode(rounds) {
  const samples = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

/** Whether the running server answered (CODE_INDEX_TRACE=1 has the launcher say who did). */
export async function answeredByServer(root) {
  const run = await runCli(['symbols', 'parse', '--dir', root, '--json'], { CODE_INDEX_TRACE: '1' });
  return run.stderr.includes('answered by the server');
}
