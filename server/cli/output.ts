// How the CLI talks to a person or a script: JSON on stdout when asked, a progress bar on a
// terminal, warnings on stderr, and one clear line for an error.
import { SingleBar, Presets } from 'cli-progress';
import type { Reporter } from '../indexer/reporter.js';
import { processIo, type CliIo } from './cli-io.js';

export function printJson(value: unknown, io: CliIo = processIo): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

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
        bar = new SingleBar({ format: `${phase} [{bar}] {value}/{total} files | {eta_formatted} left`, stream: process.stderr, hideCursor: true }, Presets.shades_classic);
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
