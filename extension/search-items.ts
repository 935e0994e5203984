// One search hit as a quick-pick row: the symbol's icon and name (or the snippet's first line),
// `path:line`, and the snippet.
import type * as vscode from 'vscode';
import { SymbolKind } from 'vscode-languageserver-protocol';
import type { SearchItem } from '../shared/protocol.js';

export interface SearchPickItem extends vscode.QuickPickItem {
  hit: SearchItem;
}

const KIND_ICONS: Record<number, string> = {
  [SymbolKind.File]: 'symbol-file',
  [SymbolKind.Module]: 'symbol-module',
  [SymbolKind.Namespace]: 'symbol-namespace',
  [SymbolKind.Package]: 'symbol-package',
  [SymbolKind.Class]: 'symbol-class',
  [SymbolKind.Method]: 'symbol-method',
  [SymbolKind.Property]: 'symbol-property',
  [SymbolKind.Field]: 'symbol-field',
  [SymbolKind.Constructor]: 'symbol-constructor',
  [SymbolKind.Enum]: 'symbol-enum',
  [SymbolKind.Interface]: 'symbol-interface',
  [SymbolKind.Function]: 'symbol-function',
  [SymbolKind.Variable]: 'symbol-variable',
  [SymbolKind.Constant]: 'symbol-constant',
  [SymbolKind.String]: 'symbol-string',
  [SymbolKind.Number]: 'symbol-number',
  [SymbolKind.Boolean]: 'symbol-boolean',
  [SymbolKind.Array]: 'symbol-array',
  [SymbolKind.Object]: 'symbol-object',
  [SymbolKind.Key]: 'symbol-key',
  [SymbolKind.Null]: 'symbol-null',
  [SymbolKind.EnumMember]: 'symbol-enum-member',
  [SymbolKind.Struct]: 'symbol-struct',
  [SymbolKind.Event]: 'symbol-event',
  [SymbolKind.Operator]: 'symbol-operator',
  [SymbolKind.TypeParameter]: 'symbol-type-parameter',
};

/** A hit with no symbol behind it (a chunk of text). */
const TEXT_ICON = 'file-code';
const DETAIL_MAX_CHARS = 200;

export function symbolIcon(kind: number | undefined): string {
  return (kind !== undefined && KIND_ICONS[kind]) || TEXT_ICON;
}

export function toPickItem(hit: SearchItem): SearchPickItem {
  const lines = hit.snippet
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const name = hit.symbol ?? lines[0] ?? hit.path;
  // The name is in the label already when it came from the snippet.
  const rest = hit.symbol ? lines : lines.slice(1);
  return {
    label: `$(${symbolIcon(hit.symbol ? hit.kind : undefined)}) ${escapeIcons(name)}`,
    description: `${hit.path}:${hit.range.start.line + 1}`,
    detail: truncate(escapeIcons(rest.join('  ')), DETAIL_MAX_CHARS),
    // Results are ranked by the server: the quick pick must not hide the ones whose label does not
    // contain the typed text.
    alwaysShow: true,
    hit,
  };
}

/**
 * Code may contain `$(name)`, which a quick pick would render as an icon. Only what its icon pattern
 * matches is escaped: a backslash before any other `$(` would be shown as it is.
 */
export function escapeIcons(text: string): string {
  return text.replace(/\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g, '\\$$($1)');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
