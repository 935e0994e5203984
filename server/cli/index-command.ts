// `code-index index [DIR]`: brings the folder's index up to date and prints a summary.
import { createIndexer, openWorkspace } from '../indexer/workspace.js';
import { pathPrinter, plural, printJson } from '../queries/output.js';
import { countWarnings, readWarnings } from '../storage/warnings.js';
import { countParseIssues, readParseIssues } from '../storage/parse-issues.js';
import { parseIssueCounts, parseIssueLine } from '../queries/parse-issue-lines.js';
import { catchInterrupt, reportStopped } from './interrupt.js';
import { cliReporter } from './progress-reporter.js';

export interface IndexCommandOptions {
  force?: boolean;
  /** False (`--no-wait`): run beside another index pass instead of waiting for it to end. */
  wait?: boolean;
  json?: boolean;
  verbose?: boolean;
}

export async function runIndex(dir: string, opts: IndexCommandOptions): Promise<number> {
  const ws = openWorkspace(dir, { role: 'writer' });
  // Warnings are listed from the index once the pass is done, not as they come: so the list holds
  // those of files this pass did not read again, the same list `code-index status --verbose` gives.
  const reporter = cliReporter();
  const { indexer, extractPools } = createIndexer(ws, reporter);
  const interrupt = catchInterrupt();
  try {
    const summary = await indexer.indexAll({ force: opts.force, signal: interrupt.signal, who: 'code-index index', wait: opts.wait });
    reporter.finish();
    const warnings = countWarnings(ws.index.conn);
    const issues = countParseIssues(ws.index.conn);
    const result = { ...summary, seconds: Number(summary.seconds.toFixed(3)), warnings, ...issues };
    if (opts.verbose) {
      const show = pathPrinter(ws.root, process.cwd());
      for (const w of readWarnings(ws.index.conn)) process.stderr.write(`warning: ${show(w.path)}: ${w.message}\n`);
      for (const i of readParseIssues(ws.index.conn)) process.stderr.write(`parse: ${parseIssueLine(i, show)}\n`);
    }
    const parse = parseIssueCounts(issues);
    if (opts.json) {
      printJson(result);
    } else if (!summary.stopped) {
      process.stdout.write(
        `Indexed ${ws.root}: ${summary.files} files, ${summary.chunks} chunks in ${result.seconds} s ` +
          `(${summary.indexed} written, ${summary.unchanged} unchanged, ${summary.removed} removed, ${summary.skipped} skipped` +
          `${warnings ? `; ${plural(warnings, 'warning')}${opts.verbose ? '' : ', `code-index status --verbose` lists them'}` : ''}` +
          `${parse ? `; ${parse}${opts.verbose || warnings ? '' : ', `code-index status --verbose` lists them'}` : ''})` +
          `${summary.waited ? `, after waiting ${summary.waited.seconds.toFixed(1)} s for ${summary.waited.who}` : ''}.\n`,
      );
    }
    if (!summary.started) {
      reportStopped('nothing was read or written while this run waited for the other one; run `code-index index` again later.');
      return interrupt.exitCode!;
    }
    if (summary.stopped) {
      reportStopped(
        opts.force
          ? `${summary.indexed} files rewritten and kept, ${summary.remaining} not re-read yet; run \`code-index index --force\` again to re-read them.`
          : `${summary.indexed} files written and kept, ${summary.remaining} left to read; run \`code-index index\` again to finish.`,
      );
      return interrupt.exitCode!;
    }
    return 0;
  } finally {
    interrupt.dispose();
    reporter.finish();
    await extractPools.close();
    ws.close();
  }
}
