// LSP work-done progress for each folder: begun on the first report of a job, updated with real
// counts (files done of total; chunks embedded), ended when the job is done.
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { basename } from 'node:path';

export class FolderProgress {
  private readonly reporters = new Map<string, Promise<WorkDoneProgressServerReporter | null>>();

  constructor(
    private readonly connection: Connection,
    private readonly supported: boolean,
  ) {}

  report(folder: string, phase: 'index' | 'embed', done: number, total: number): void {
    if (!this.supported) return;
    let reporter = this.reporters.get(folder);
    if (!reporter) {
      reporter = this.connection.window.createWorkDoneProgress().then(
        (r) => {
          r.begin(`Code Index: ${basename(folder)}`, 0, undefined, false);
          return r;
        },
        () => null,
      );
      this.reporters.set(folder, reporter);
    }
    const what = phase === 'index' ? `indexing ${done}/${total} files` : `embedding ${done}/${total} chunks`;
    const percentage = total > 0 ? Math.round((done / total) * 100) : undefined;
    void reporter.then((r) => r?.report(percentage ?? 0, what));
  }

  end(folder: string): void {
    const reporter = this.reporters.get(folder);
    if (!reporter) return;
    this.reporters.delete(folder);
    void reporter.then((r) => r?.done());
  }
}
