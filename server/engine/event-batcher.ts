// Collects file events and hands them on in batches: a burst (a save storm, a branch switch) becomes
// one job once the events pause for `quietMs`, or a job every `maxWaitMs` while they keep coming; one
// path changed twice in a batch is indexed once.

export class EventBatcher {
  private paths = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private firstAt = 0;

  constructor(
    private readonly flush: (paths: string[]) => void,
    private readonly quietMs = 150,
    private readonly maxWaitMs = 1000,
  ) {}

  add(paths: Iterable<string>): void {
    const wasEmpty = this.paths.size === 0;
    for (const p of paths) this.paths.add(p);
    if (this.paths.size === 0) return;
    if (wasEmpty) this.firstAt = Date.now();
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.quietMs, this.firstAt + this.maxWaitMs - Date.now()));
    this.timer = setTimeout(() => this.fire(), wait);
  }

  /** Drops what is waiting: a paused or closing folder catches up with a full pass when it resumes. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.paths = new Set();
  }

  private fire(): void {
    this.timer = null;
    if (this.paths.size === 0) return;
    const batch = [...this.paths];
    this.paths = new Set();
    this.flush(batch);
  }
}
