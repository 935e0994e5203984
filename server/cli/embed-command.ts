// `code-index embed [DIR] [--daemon]`: embeds pending chunks once, or keeps doing so as indexers
// write new ones, until SIGINT or SIGTERM.
import { Embedder } from '../embed/embedder.js';
import { providerWithFallback } from '../embed/providers.js';
import { forEmbedding } from '../embed/builtin-pool.js';
import { resolveEmbeddingSettings, type EmbeddingOverrides } from '../embed/settings.js';
import { IndexWriter } from '../storage/index-writer.js';
import type { SqlConnection } from '../storage/driver.js';
import { dataVersion } from '../storage/statements.js';
import { openWorkspace } from '../indexer/workspace.js';
import { printJson } from '../queries/output.js';
import { catchInterrupt, reportStopped } from './interrupt.js';
import { cliReporter } from './progress-reporter.js';

export interface EmbedCommandOptions extends EmbeddingOverrides {
  daemon?: boolean;
  json?: boolean;
  verbose?: boolean;
}

const POLL_MS = 300;

export async function runEmbed(dir: string, opts: EmbedCommandOptions): Promise<number> {
  const ws = openWorkspace(dir, { role: 'writer' });
  // Warnings always: a provider falling back to builtin must be seen. Batches as lines when verbose.
  const reporter = cliReporter({ verbose: true, batchLines: opts.verbose });
  const interrupt = catchInterrupt();
  try {
    const chosen = await providerWithFallback(resolveEmbeddingSettings(opts), (m) => reporter.warn(m));
    const provider = forEmbedding(chosen.provider);
    const fallback = chosen.fallback;
    const embedder = new Embedder(ws.index.conn, new IndexWriter(ws.index), provider, reporter, { keepOtherModel: fallback });
    const { signal } = interrupt;
    signal.addEventListener('abort', () => embedder.stop(), { once: true });
    if (signal.aborted) embedder.stop(); // while the provider loaded
    try {
      let total = 0;
      let last = await embedder.run();
      total += last.embedded;
      while (opts.daemon && !signal.aborted) {
        await waitForWrite(ws.index.conn, signal);
        if (signal.aborted) break;
        last = await embedder.run();
        total += last.embedded;
      }
      reporter.finish();
      // A one-shot run that finished before the signal came did the whole job.
      const stopped = opts.daemon ? signal.aborted : last.stopped;
      const summary = {
        embedded: total,
        pending: embedder.pendingCount(),
        model: provider.id,
        dimensions: provider.dimensions,
        seconds: Number(last.seconds.toFixed(3)),
        stopped,
      };
      if (opts.json) printJson(summary);
      else if (!stopped)
        process.stdout.write(
          `Embedded ${summary.embedded} chunks with ${summary.model} (${summary.dimensions} dimensions); ${summary.pending} pending.\n`,
        );
      if (!stopped) return 0;
      reportStopped(
        opts.daemon
          ? `${summary.embedded} chunks embedded and kept, ${summary.pending} pending; run \`code-index embed --daemon\` again to go on.`
          : `${summary.embedded} of ${summary.embedded + summary.pending} chunks embedded and kept; run \`code-index embed\` again to finish.`,
      );
      return interrupt.exitCode!;
    } finally {
      reporter.finish();
      await provider.close?.();
    }
  } finally {
    interrupt.dispose();
    ws.close();
  }
}

/** Resolves once another connection commits (PRAGMA data_version moves) or `signal` aborts. */
async function waitForWrite(conn: SqlConnection, signal: AbortSignal): Promise<void> {
  const start = dataVersion(conn);
  while (!signal.aborted && dataVersion(conn) === start) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, POLL_MS);
      signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
  }
}
