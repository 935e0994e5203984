// How the core tells the outside what it is doing: the CLI draws a bar, the server sends LSP
// progress, tests collect the calls.

export interface Reporter {
  /** `done` of `total` units of the current phase. */
  progress(phase: string, done: number, total: number): void;
  warn(message: string): void;
  /** Something a person should know now that is not a warning (waiting for another indexer). */
  note?(message: string): void;
}

export const silentReporter: Reporter = {
  progress() {},
  warn() {},
};
