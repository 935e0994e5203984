// How a long command stops on Ctrl+C (SIGINT) or SIGTERM: the first signal asks the job to stop at
// its next safe point (between committed batches) and say what it kept; a second one exits at once,
// which is safe too, since SQLite rolls back a transaction that was not committed.
import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface Interrupt {
  /** Aborts on the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The exit code of a process ended by the signal that came (130 for SIGINT, 143 for SIGTERM), else null. */
  readonly exitCode: number | null;
  /** Gives the signals back to Node's default: ending the process. */
  dispose(): void;
}

/** Catches SIGINT and SIGTERM for one command, until `dispose()`. */
export function catchInterrupt(): Interrupt {
  const controller = new AbortController();
  let exitCode: number | null = null;
  const onSignal = (name: NodeJS.Signals) => {
    const code = 128 + constants.signals[name];
    if (controller.signal.aborted) process.exit(exitCode ?? code); // a second Ctrl+C: the user insists
    exitCode = code;
    controller.abort();
  };
  for (const name of SIGNALS) process.on(name, onSignal);
  return {
    signal: controller.signal,
    get exitCode() {
      return exitCode;
    },
    dispose() {
      for (const name of SIGNALS) process.off(name, onSignal);
    },
  };
}

/** Resolves once `signal` aborts (at once if it has). */
export function whenAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** The one line a stopped command ends with: what it kept and how to go on. */
export function reportStopped(line: string): void {
  process.stderr.write(`Stopped: ${line}\n`);
}
