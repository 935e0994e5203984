// Collects file events and hands them on in batches: a burst (a save storm, a branch switch) becomes
// one job, and one path changed twice in the burst is indexed once.

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
    if (wasEmpty) this.firstAt = Date.now();
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.quietMs, this.firstAt + this.maxWaitMs - Date.now()));
    this.timer = setTimeout(() => this.fire(), wait);
  }

  /** Hands over what is waiting now (on shutdown, or before a pause). */
  fire(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.paths.size === 0) return;
    const batch = [...this.paths];
    this.paths = new Set();
    this.flush(batch);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
