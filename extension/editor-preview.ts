// Shows search hits in the editor while the quick pick is open, and puts the editor back as it was
// when the pick is dismissed (as VS Code's own Go to Symbol does).
import * as vscode from 'vscode';

interface EditorState {
  uri: vscode.Uri;
  viewColumn: vscode.ViewColumn | undefined;
  selection: vscode.Selection;
  visibleRange: vscode.Range | undefined;
}

export class EditorPreview {
  private readonly original: EditorState | undefined;
  private previewed: vscode.Uri | undefined;
  private generation = 0;

  constructor() {
    const editor = vscode.window.activeTextEditor;
    this.original = editor && {
      uri: editor.document.uri,
      viewColumn: editor.viewColumn,
      selection: editor.selection,
      visibleRange: editor.visibleRanges[0],
    };
  }

  /** Shows `range` in a preview editor and keeps the focus in the quick pick. */
  async preview(uri: vscode.Uri, range: vscode.Range): Promise<void> {
    // Arrow keys move faster than files open: only the newest request gets to reveal its range.
    const generation = ++this.generation;
    const editor = await vscode.window.showTextDocument(uri, {
      preview: true,
      preserveFocus: true,
      selection: range,
      viewColumn: this.original?.viewColumn,
    });
    if (generation !== this.generation) return;
    this.previewed = uri;
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /**
   * Opens `range` for editing: a pinned editor with the focus. A name (one line) is selected, as Go to
   * Symbol does; a chunk of many lines only gets the cursor, so the next keystroke does not replace it.
   */
  async open(uri: vscode.Uri, range: vscode.Range): Promise<void> {
    this.generation++;
    const selection = range.isSingleLine ? range : new vscode.Range(range.start, range.start);
    const editor = await vscode.window.showTextDocument(uri, {
      preview: false,
      preserveFocus: false,
      selection,
      viewColumn: this.original?.viewColumn,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** Undoes the previews: closes the preview tab we opened and shows the original editor again. */
  async restore(): Promise<void> {
    this.generation++;
    if (!this.previewed) return;
    const previewTab = findPreviewTab(this.previewed);
    if (previewTab && this.previewed.toString() !== this.original?.uri.toString()) {
      await vscode.window.tabGroups.close(previewTab, true);
    }
    if (this.original) {
      const { uri, viewColumn, selection, visibleRange } = this.original;
      const editor = await vscode.window.showTextDocument(uri, { viewColumn, selection, preserveFocus: false });
      if (visibleRange) editor.revealRange(visibleRange, vscode.TextEditorRevealType.AtTop);
    }
  }
}

function findPreviewTab(uri: vscode.Uri): vscode.Tab | undefined {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.isPreview && tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString()) return tab;
    }
  }
  return undefined;
}
