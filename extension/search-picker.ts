// `Code Index: Search`: a quick pick that searches as you type, previews the active hit, opens the
// accepted one, and switches between search modes with its title-bar buttons.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SEARCH_LIMITS, SearchRequest, type SearchResult } from '../shared/protocol.js';
import type { SearchMode } from '../shared/settings.js';
import { errorMessage, type Ctx } from './ctx.js';
import { EditorPreview } from './editor-preview.js';
import { toPickItem, type SearchPickItem } from './search-items.js';

/** Long enough to skip the keystrokes of a word being typed, short enough to feel instant. */
const DEBOUNCE_MS = 120;
const MODE_STATE_KEY = 'codeIndex.searchMode';
const DEFAULT_MODE: PickerMode = 'hybrid';

type PickerMode = Exclude<SearchMode, 'auto'>;

interface ModeButton extends vscode.QuickInputButton {
  mode: PickerMode;
}

const MODES: ReadonlyArray<{ mode: PickerMode; icon: string; tooltip: string }> = [
  { mode: 'hybrid', icon: 'layers', tooltip: 'Hybrid: names, words and meaning together' },
  { mode: 'symbol', icon: 'symbol-class', tooltip: 'Symbol: definitions by name' },
  { mode: 'text', icon: 'whole-word', tooltip: 'Text: words in the code' },
  { mode: 'semantic', icon: 'sparkle', tooltip: 'Semantic: code by meaning' },
];

export async function showSearchPicker(ctx: Ctx): Promise<void> {
  const client = await ctx.ready();
  new SearchPicker(ctx, client).show(initialQuery());
}

class SearchPicker {
  private readonly pick = vscode.window.createQuickPick<SearchPickItem>();
  private readonly preview = new EditorPreview();
  private readonly disposables: vscode.Disposable[] = [this.pick];
  private mode: PickerMode;
  private notes: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private request: vscode.CancellationTokenSource | undefined;
  private accepted = false;
  /** Mode and query of the rows on screen: the same search twice in a row is not sent again. */
  private shownKey = '';

  constructor(
    private readonly ctx: Ctx,
    private readonly client: LanguageClient,
  ) {
    const saved = ctx.extCtx.globalState.get<string>(MODE_STATE_KEY);
    this.mode = MODES.some((m) => m.mode === saved) ? (saved as PickerMode) : DEFAULT_MODE;
    this.pick.matchOnDescription = false;
    this.pick.matchOnDetail = false;
    keepServerOrder(this.pick);
    this.disposables.push(
      this.pick.onDidChangeValue(() => this.schedule()),
      this.pick.onDidChangeActive(([item]) => item && this.previewHit(item)),
      this.pick.onDidAccept(() => this.accept()),
      this.pick.onDidTriggerButton((button) => this.switchMode((button as ModeButton).mode)),
      this.pick.onDidHide(() => this.close()),
    );
    this.renderChrome();
  }

  show(query: string): void {
    this.pick.value = query;
    this.pick.show();
    if (query) void this.search();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.request?.cancel();
    this.timer = setTimeout(() => void this.search(), DEBOUNCE_MS);
  }

  private async search(): Promise<void> {
    clearTimeout(this.timer);
    this.request?.cancel();
    const query = this.pick.value.trim();
    const key = `${this.mode}\n${query}`;
    if (key === this.shownKey) {
      this.pick.busy = false;
      return;
    }
    if (!query) {
      this.shownKey = key;
      this.pick.items = [];
      this.pick.busy = false;
      this.setNotes([]);
      return;
    }
    const request = new vscode.CancellationTokenSource();
    this.request = request;
    this.pick.busy = true;
    try {
      const params = { query: query.slice(0, SEARCH_LIMITS.maxQueryChars), mode: this.mode, k: SEARCH_LIMITS.defaultK };
      const result: SearchResult = await this.client.sendRequest(SearchRequest, params, request.token);
      if (request.token.isCancellationRequested) return;
      this.shownKey = key;
      this.pick.items = result.items.map(toPickItem);
      this.setNotes(result.items.length === 0 ? ['no results', ...result.notes] : result.notes);
    } catch (error) {
      if (request.token.isCancellationRequested) return;
      this.ctx.output.error(`codeIndex/search failed: ${errorMessage(error)}`);
      this.shownKey = '';
      this.pick.items = [];
      this.setNotes([`search failed: ${errorMessage(error)}`]);
    } finally {
      if (this.request === request) {
        this.pick.busy = false;
        this.request = undefined;
      }
      request.dispose();
    }
  }

  private previewHit(item: SearchPickItem): void {
    const { uri, range } = this.location(item);
    this.preview
      .preview(uri, range)
      .catch((error: unknown) => this.ctx.output.warn(`Preview of ${uri.toString()} failed: ${errorMessage(error)}`));
  }

  private accept(): void {
    const [item] = this.pick.activeItems;
    if (!item) return;
    this.accepted = true;
    this.pick.hide();
    const { uri, range } = this.location(item);
    this.preview.open(uri, range).catch((error: unknown) => {
      void vscode.window.showErrorMessage(`Code Index: cannot open ${item.hit.path}: ${errorMessage(error)}`);
    });
  }

  private switchMode(mode: PickerMode): void {
    this.mode = mode;
    void this.ctx.extCtx.globalState.update(MODE_STATE_KEY, mode);
    this.renderChrome();
    void this.search();
  }

  private close(): void {
    clearTimeout(this.timer);
    this.request?.cancel();
    if (!this.accepted) {
      this.preview.restore().catch((error: unknown) => this.ctx.output.warn(`Restoring the editor failed: ${errorMessage(error)}`));
    }
    for (const disposable of this.disposables) disposable.dispose();
  }

  private setNotes(notes: string[]): void {
    this.notes = notes;
    this.renderChrome();
  }

  /** Title, placeholder and buttons all name the current mode. */
  private renderChrome(): void {
    const notes = this.notes.length ? ` — ${this.notes.join('; ')}` : '';
    this.pick.title = `Code Index: Search (${this.mode})${notes}`;
    this.pick.placeholder = `Search the workspace by ${describeMode(this.mode)}`;
    this.pick.buttons = MODES.map(({ mode, icon, tooltip }): ModeButton => ({
      mode,
      iconPath: new vscode.ThemeIcon(icon),
      tooltip: mode === this.mode ? `${tooltip} (current mode)` : `Switch to ${tooltip}`,
    }));
  }

  private location(item: SearchPickItem): { uri: vscode.Uri; range: vscode.Range } {
    const converter = this.client.protocol2CodeConverter;
    return { uri: converter.asUri(item.hit.uri), range: converter.asRange(item.hit.range) };
  }
}

/**
 * A quick pick moves the rows whose label contains the typed text to the top, which would undo the
 * server's ranking (a README line that repeats the query would beat the definition). `sortByLabel` turns
 * that off; it belongs to the proposed API `quickPickSortByLabel` and is missing from @types/vscode, but
 * the extension host (1.100) honours it without the proposal. Should a later VS Code refuse it, every row
 * still shows (alwaysShow), only in VS Code's order.
 */
function keepServerOrder(pick: vscode.QuickPick<SearchPickItem>): void {
  try {
    (pick as vscode.QuickPick<SearchPickItem> & { sortByLabel: boolean }).sortByLabel = false;
  } catch {
    // see above
  }
}

function describeMode(mode: PickerMode): string {
  switch (mode) {
    case 'hybrid':
      return 'name, words and meaning (hybrid mode)';
    case 'symbol':
      return 'symbol name (symbol mode)';
    case 'text':
      return 'words in the code (text mode)';
    case 'semantic':
      return 'meaning (semantic mode)';
  }
}

/** The editor's selection when it is a short single line: what the user most likely wants to find. */
function initialQuery(): string {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty || !editor.selection.isSingleLine) return '';
  const text = editor.document.getText(editor.selection).trim();
  return text.length <= 100 ? text : '';
}
