// `code-index embed [DIR] [--daemon]`: embeds pending chunks once, or keeps doing so as indexers
// write new ones, until SIGINT or SIGTERM.
import { Embedder } from '../embed/embedder.js';
import { providerWithFallback } from '../embed/providers.js';
import { resolveEmbeddingSettings, type EmbeddingOverrides } from '../embed/settings.js';
import { IndexWriter } from '../storage/index-writer.js';
import type { SqlConnection } from '../storage/driver.js';
import { dataVersion } from '../storage/statements.js';
import { openWorkspace } from '../indexer/workspace.js';
import { printJson } from '../queries/output.js';
import { cliReporter } from './progress-reporter.js';

export interface EmbedCommandOptions extends EmbeddingOverrides {
  daemon?: boolean;
  json?: boolean;
  verbose?: boolean;
}

const POLL_MS = 300;

export async function runEmbed(dir: string, opts: EmbedCommandOptions): Promise<number> {
  const ws = openWorkspace(dir, { role: 'writer' });
  const reporter = cliReporter({ verbose: true });
  const { provider, fallback } = await providerWithFallback(resolveEmbeddingSettings(opts), (m) => reporter.warn(m));
  const embedder = new Embedder(ws.index.conn, new IndexWriter(ws.index), provider, reporter, { keepOtherModel: fallback });
  let stopped = false;
  let wake: (() => void) | null = null;
  const stop = () => {
    stopped = true;
    embedder.stop();
    wake?.();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    let total = 0;
    let last = await embedder.run();
    total += last.embedded;
    while (opts.daemon && !stopped) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        waitForWrite(ws.index.conn, () => stopped).then(resolve);
      });
      if (stopped) break;
      last = await embedder.run();
      total += last.embedded;
    }
    reporter.finish();
    const summary = {
      embedded: total,
      pending: embedder.pendingCount(),
      model: provider.id,
      dimensions: provider.dimensions,
      seconds: Number(last.seconds.toFixed(3)),
    };
    if (opts.json) printJson(summary);
    else
      process.stdout.write(
        `Embedded ${summary.embedded} chunks with ${summary.model} (${summary.dimensions} dimensions); ${summary.pending} pending.\n`,
      );
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    reporter.finish();
    await provider.close?.();
    ws.close();
  }
}

/** Resolves once another connection commits (PRAGMA data_version moves) or `stopped()` turns true. */
async function waitForWrite(conn: SqlConnection, stopped: () => boolean): Promise<void> {
  const start = dataVersion(conn);
  while (!stopped() && dataVersion(conn) === start) await new Promise((r) => setTimeout(r, POLL_MS));
}
