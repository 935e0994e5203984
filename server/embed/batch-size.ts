// How many chunks the embedder claims at a time: sized to the provider's speed, so a fast provider
// (builtin: ~10,000 chunks a second) pays one commit per few hundred vectors, not per 64, while a
// slow one (a remote model) still commits, shows progress and can be stopped every second or so.

/** A batch should take about this long to embed. */
const TARGET_MS = 250;
export const MIN_BATCH = 16;
export const MAX_BATCH = 512;
const FIRST_BATCH = 64;

export class BatchSize {
  private current: number;

  /** `fixed`: always this many (tests, and callers that know better). */
  constructor(private readonly fixed?: number) {
    this.current = fixed ?? FIRST_BATCH;
  }

  get size(): number {
    return this.current;
  }

  /** Records that `count` chunks took `ms` to embed; the next batch aims at TARGET_MS. */
  took(count: number, ms: number): void {
    if (this.fixed !== undefined || count < this.current) return; // a short last batch says little
    const perChunk = Math.max(ms, 0.001) / count;
    // At most doubling or halving per batch: one slow batch (a GC pause, a busy machine) moves it little.
    const wanted = Math.round(TARGET_MS / perChunk);
    this.current = Math.min(MAX_BATCH, Math.max(MIN_BATCH, Math.min(this.current * 2, Math.max(this.current >> 1, wanted))));
  }
}
