// Whether the folder has an index yet, and the background `code-index index` this MCP server starts
// when it has none: a separate process, so the tools keep answering (and the index's own locks keep
// an editor, a CLI or another MCP server on the same folder safe) while it runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { indexDbPath } from '../storage/open-database.js';

export class IndexState {
  private child: ChildProcess | null = null;
  private startedAt: number | null = null;
  private failed: string | null = null;

  constructor(
    readonly root: string,
    private readonly cliPath: string,
  ) {}

  /** True when an index file exists; otherwise starts building one (once) and returns false. */
  ensureIndex(): boolean {
    if (existsSync(indexDbPath(this.root))) return true;
    if (!this.child) this.startIndexing();
    return false;
  }

  get building(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** A sentence for every answer while the background index runs, or after it failed. */
  note(): string | null {
    if (this.building) {
      const secs = Math.round((Date.now() - (this.startedAt ?? Date.now())) / 1000);
      return `The index of ${this.root} is being built in the background (started ${secs} s ago): answers may be incomplete until it finishes.`;
    }
    return this.failed;
  }

  private startIndexing(): void {
    this.startedAt = Date.now();
    // Nothing of the child may reach this process's stdout (the MCP channel), and it holds no pipe to
    // this process, so it finishes the index even when the client closes this server first.
    const child = spawn(process.execPath, [this.cliPath, 'index', this.root], { stdio: 'ignore' });
    child.on('error', (err) => {
      this.failed = `Indexing ${this.root} in the background could not start: ${err.message}`;
    });
    child.on('exit', (code) => {
      if (code !== 0) {
        this.failed = `Indexing ${this.root} in the background failed (exit ${code}): run \`code-index index ${this.root}\` to see why.`;
      }
    });
    child.unref();
    this.child = child;
  }
}
