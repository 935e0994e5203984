// How a long CLI command shows a person what it does: a progress bar on a terminal (done of total,
// rate, time left), or a line per batch when asked; warnings on stderr when verbose.
import { SingleBar, Presets } from 'cli-progress';
import type { Reporter } from '../common/reporter.js';

export interface CliReporter extends Reporter {
  finish(): void;
  warnings: number;
}

export interface CliReporterOptions {
  /** Print every warning (they are counted either way). */
  verbose?: boolean;
  /** A line per batch on stderr instead of a bar, terminal or not (`embed --daemon --verbose`). */
  batchLines?: boolean;
}

/** What a phase counts, as the bar and the lines name it. */
const UNITS: Record<string, string> = { index: 'files', embed: 'chunks' };

/** A bar on stderr when it is a terminal; otherwise quiet progress. Warnings are counted, shown when verbose. */
export function cliReporter(options: CliReporterOptions = {}): CliReporter {
  const tty = process.stderr.isTTY === true;
  let bar: PhaseBar | null = null;
  let lines: BatchLines | null = null;
  const reporter: CliReporter = {
    warnings: 0,
    progress(phase, done, total) {
      if (options.batchLines) {
        if (!lines || lines.phase !== phase || done < lines.done) lines = new BatchLines(phase);
        lines.update(done, total);
        return;
      }
      if (!tty || total === 0) return;
      // A new pass (the daemon's next run, the embed after an index) gets a bar of its own.
      if (bar && (bar.phase !== phase || done < bar.done)) reporter.finish();
      bar ??= new PhaseBar(phase, total, done);
      bar.update(done, total);
    },
    note(message) {
      process.stderr.write(`${message}\n`);
    },
    warn(message) {
      reporter.warnings++;
      if (options.verbose) process.stderr.write(`warning: ${message}\n`);
    },
    finish() {
      bar?.stop();
      bar = null;
      lines = null;
    },
  };
  return reporter;
}

class PhaseBar {
  private readonly bar: SingleBar;
  private readonly started = performance.now();
  private total: number;
  done: number;

  constructor(
    readonly phase: string,
    total: number,
    done: number,
  ) {
    const unit = UNITS[phase] ?? 'items';
    this.bar = new SingleBar(
      {
        format: `${phase} [{bar}] {value}/{total} ${unit} | {rate} ${unit}/s | {eta_formatted} left`,
        stream: process.stderr,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    this.total = total;
    this.done = done;
    this.bar.start(total, done, { rate: 0 });
  }

  update(done: number, total: number): void {
    if (total !== this.total) this.bar.setTotal((this.total = total));
    this.done = done;
    this.bar.update(done, { rate: perSecond(done, this.started) });
  }

  stop(): void {
    this.bar.stop();
  }
}

/** `embed: 64 chunks in 0.021 s; 1280 of 18000 done, 3050 chunks/s`, one per batch. */
class BatchLines {
  private readonly started = performance.now();
  private last = performance.now();
  done = 0;

  constructor(readonly phase: string) {}

  update(done: number, total: number): void {
    const now = performance.now();
    const batch = done - this.done;
    if (batch > 0) {
      const unit = UNITS[this.phase] ?? 'items';
      process.stderr.write(
        `${this.phase}: ${batch} ${unit} in ${((now - this.last) / 1000).toFixed(3)} s; ` +
          `${done} of ${total} done, ${perSecond(done, this.started)} ${unit}/s\n`,
      );
    }
    this.done = done;
    this.last = now;
  }
}

function perSecond(done: number, since: number): number {
  const seconds = (performance.now() - since) / 1000;
  return seconds > 0 ? Math.round(done / seconds) : 0;
}
