// Keeps the parse threads busy ahead of the writer: files go out in small slices, a bounded number
// at a time, and come back in the order they finish, so one slow file holds up nothing else.
import type { ExtractedFile } from './extract-file.js';

export class ExtractAhead {
  private submitted = 0;
  /** Files handed out and not yet back. */
  private outstanding = 0;
  private readonly finished: ExtractedFile[] = [];
  private failure: { error: unknown } | null = null;
  private wake: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly paths: readonly string[],
    private readonly extract: (paths: string[]) => Promise<ExtractedFile[]>,
    private readonly sliceSize: number,
    /** At most this many files out at once. */
    private readonly window: number,
  ) {
    this.submit();
  }

  /** At least `count` finished files (fewer only at the end), or null once all were taken or stop() was called. */
  async take(count: number): Promise<ExtractedFile[] | null> {
    for (;;) {
      if (this.failure !== null) throw this.failure.error;
      if (this.stopped) return null;
      const allBack = this.submitted === this.paths.length && this.outstanding === 0;
      if (this.finished.length >= count || (allBack && this.finished.length > 0)) return this.finished.splice(0, count);
      if (allBack) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  /** Hands out no more files, and a waiting take() returns null; those already out finish, and their results are dropped. */
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private submit(): void {
    while (!this.stopped && this.submitted < this.paths.length && this.outstanding < this.window) {
      const slice = this.paths.slice(this.submitted, this.submitted + this.sliceSize);
      this.submitted += slice.length;
      this.outstanding += slice.length;
      this.extract(slice).then(
        (files) => {
          this.outstanding -= slice.length;
          this.finished.push(...files);
          this.submit();
          this.wake?.();
        },
        (error: unknown) => {
          this.failure ??= { error };
          this.wake?.();
        },
      );
    }
  }
}
