// `code-index check [DIR] [--repair]`: verifies the index, and rebuilds it when asked.
import { checkIndex } from '../storage/check.js';
import { IndexError } from '../common/errors.js';
import { resetForRebuild } from '../storage/repair.js';
import { carryVectors, type CarriedVectors } from '../storage/backup-vectors.js';
import { indexDbPath, openIndex } from '../storage/open-database.js';
import { loadConfig } from '../config/config.js';
import { createIndexer, openWorkspace, resolveRoot } from '../indexer/workspace.js';
import { printJson } from '../queries/output.js';
import { catchInterrupt, reportStopped } from './interrupt.js';
import { cliReporter } from './progress-reporter.js';

export async function runCheck(dir: string, opts: { json?: boolean; repair?: boolean }): Promise<number> {
  const root = resolveRoot(dir);
  const report = checkOnce(root);
  if (!report.ok && opts.repair) return repair(root, report, opts);
  if (opts.json) printJson(report);
  else for (const c of report.checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}\n`);
  return report.ok ? 0 : 1;
}

function checkOnce(root: string): { ok: boolean; checks: { name: string; ok: boolean; detail: string }[]; error?: string } {
  try {
    const ws = openWorkspace(root, { role: 'reader' });
    try {
      return checkIndex(ws.index.conn);
    } finally {
      ws.close();
    }
  } catch (err) {
    if (!(err instanceof IndexError) || err.code === 'NO_INDEX' || err.code === 'BAD_CONFIG') throw err;
    return { ok: false, checks: [{ name: 'open', ok: false, detail: err.message }], error: err.code };
  }
}

async function repair(root: string, before: ReturnType<typeof checkOnce>, opts: { json?: boolean }): Promise<number> {
  const config = loadConfig(root);
  const dbPath = indexDbPath(root);
  const reset = resetForRebuild({ dbPath, open: () => openIndex(dbPath, { role: 'writer', busyTimeoutMs: config.busyTimeoutMs }) });
  const ws = openWorkspace(root, { role: 'writer' });
  const reporter = cliReporter();
  const { indexer, extractPools } = createIndexer(ws, reporter);
  const interrupt = catchInterrupt();
  try {
    const summary = await indexer.indexAll({ force: true, signal: interrupt.signal, who: 'code-index check --repair' });
    reporter.finish();
    const carried = await carryVectors(ws.index.conn, reset.backupPath);
    if (summary.stopped) {
      // The cleared index holds what was rebuilt so far, and is sound: an incremental pass reads the rest.
      reportStopped(
        `the rebuilt index keeps ${summary.indexed} files and ${keptClause(carried)}, ${summary.remaining} files left to read; run \`code-index index\` to finish, then \`code-index embed\` (the old index is kept at ${reset.backupPath}).`,
      );
      return interrupt.exitCode!;
    }
    const after = checkIndex(ws.index.conn);
    const result = {
      ok: after.ok,
      repaired: true,
      backup: reset.backupPath,
      method: reset.method,
      before: before.checks,
      checks: after.checks,
      files: summary.files,
      chunks: summary.chunks,
      vectors: { ...carried, message: vectorsLine(carried) },
    };
    if (opts.json) printJson(result);
    else
      process.stdout.write(
        `Rebuilt the index (${summary.files} files, ${summary.chunks} chunks); the old one is kept at ${reset.backupPath}.\n${vectorsLine(carried)}\n`,
      );
    return after.ok ? 0 : 1;
  } finally {
    interrupt.dispose();
    reporter.finish();
    await extractPools.close();
    ws.close();
  }
}

/** What a stopped repair kept of the vectors, as part of its one line. */
function keptClause(c: CarriedVectors): string {
  if (c.backup === 'unreadable') return 'no vectors (the backup could not be read)';
  if (c.backup === 'no-model') return 'no vectors (the backup held none)';
  if (c.backup === 'not-stored') return `${c.kept} vectors from the backup (storing the rest failed)`;
  return `${c.kept} vectors from the backup`;
}

/** The one line saying what became of the vectors. */
function vectorsLine(c: CarriedVectors): string {
  const embed = c.pending > 0 ? ' (run `code-index embed`)' : '';
  if (c.backup === 'unreadable') {
    return `The backup could not be read, so no vectors were carried over; ${c.pending} chunks will be embedded again${embed}.`;
  }
  if (c.backup === 'no-model') return `The backup held no vectors; ${c.pending} chunks to embed${embed}.`;
  if (c.backup === 'not-stored') {
    return `Storing the backup's vectors in the rebuilt index failed after ${c.kept}; ${c.pending} chunks to embed${embed}.`;
  }
  const lost = c.unreadable > 0 ? `, ${c.unreadable} chunk hashes unreadable on its damaged pages` : '';
  if (c.kept === 0) {
    return `No vectors could be carried over from the backup${lost}; ${c.pending} chunks will be embedded again${embed}.`;
  }
  return `Kept ${c.kept} of ${c.held} vectors (${c.model!.model}) from the backup${lost}; ${c.pending} chunks to embed${embed}.`;
}
