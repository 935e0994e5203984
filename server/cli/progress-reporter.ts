// How a long CLI command shows a person what it does: a progress bar on a terminal, warnings on
// stderr when verbose.
import { SingleBar, Presets } from 'cli-progress';
import type { Reporter } from '../common/reporter.js';

export interface CliReporter extends Reporter {
  finish(): void;
  warnings: number;
}

/** A bar on stderr when it is a terminal; otherwise quiet progress. Warnings are counted, shown when verbose. */
export function cliReporter(options: { verbose?: boolean } = {}): CliReporter {
  const tty = process.stderr.isTTY === true;
  let bar: SingleBar | null = null;
  const reporter: CliReporter = {
    warnings: 0,
    progress(phase, done, total) {
      if (!tty || total === 0) return;
      if (!bar) {
        bar = new SingleBar(
          { format: `${phase} [{bar}] {value}/{total} files | {eta_formatted} left`, stream: process.stderr, hideCursor: true },
          Presets.shades_classic,
        );
        bar.start(total, done);
      }
      bar.update(done);
    },
    warn(message) {
      reporter.warnings++;
      if (options.verbose) process.stderr.write(`warning: ${message}\n`);
    },
    finish() {
      bar?.stop();
      bar = null;
    },
  };
  return reporter;
}
