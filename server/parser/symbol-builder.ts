// Turns raw definitions into symbols: qualified containers from nesting, kinds refined by where a
// function sits, signatures, docs; and names the caller of every call.
import type { Node } from 'web-tree-sitter';
import type { ExtractedSymbol, SourceRange, SymbolKindValue } from '../indexer/extract-types.js';
import { SymbolKind } from '../indexer/extract-types.js';
import type { RawCall, RawDefinition } from './capture-collector.js';
import { unquote } from './capture-collector.js';
import { findDoc } from './doc-comments.js';
import { METHOD_HOLDERS, type DefinitionRole, type LanguageSpec } from './language-spec.js';
import type { LineIndex } from './line-index.js';
import { SIGNATURE_MAX_CHARS } from './limits.js';

/** A definition as the chunker sees it: where its chunk starts and ends, and what it is. */
export interface PlacedDefinition {
  firstLine: number;
  lastLine: number;
  role: DefinitionRole;
  qualifiedName: string;
  kind: SymbolKindValue;
}

export interface BuiltSymbols {
  symbols: ExtractedSymbol[];
  placed: PlacedDefinition[];
}

interface OpenDefinition {
  end: number;
  qualifiedName: string;
  kind: SymbolKindValue;
}

interface Positioned {
  raw: RawDefinition;
  start: number;
  end: number;
}

export function buildSymbols(raw: RawDefinition[], calls: RawCall[], spec: LanguageSpec, lines: LineIndex): BuiltSymbols {
  const sorted: Positioned[] = raw.map((d) => ({ raw: d, start: d.node.startIndex, end: d.node.endIndex }));
  // Outer definitions before the ones they contain: by start, then longest first.
  sorted.sort((a, b) => a.start - b.start || b.end - a.end);
  calls.sort((a, b) => a.index - b.index);
  const symbols: ExtractedSymbol[] = [];
  const placed: PlacedDefinition[] = [];
  const stack: OpenDefinition[] = [];
  let nextCall = 0;
  for (const item of sorted) {
    nextCall = nameCallers(calls, nextCall, item.start, stack);
    while (stack.length > 0 && stack[stack.length - 1].end <= item.start) stack.pop();
    const parent = stack.length > 0 ? stack[stack.length - 1] : null;
    const { name, scope } = splitQualifiedName(item.raw);
    const container = joinNames(parent?.qualifiedName ?? null, scope);
    const kind = refineKind(item.raw, parent, scope !== null);
    const qualifiedName = container === null ? name : `${container}.${name}`;
    stack.push({ end: item.end, qualifiedName, kind });
    const { doc, firstLine } = findDoc(item.raw.node, spec);
    const range = rangeOf(item.raw.node);
    placed.push({ firstLine, lastLine: range.endLine, role: item.raw.definition.role, qualifiedName, kind });
    if (item.raw.scopeOnly) continue;
    symbols.push({
      name, kind, container, range,
      nameRange: rangeOf(item.raw.nameNode),
      signature: signatureAt(lines, range.startLine),
      doc,
    });
  }
  nameCallers(calls, nextCall, Infinity, stack);
  return { symbols, placed };
}

/** Sets the caller of every call before `until`, from the definitions open around it. */
function nameCallers(calls: RawCall[], from: number, until: number, stack: OpenDefinition[]): number {
  let i = from;
  for (; i < calls.length && calls[i].index < until; i++) {
    const at = calls[i].index;
    let depth = stack.length;
    while (depth > 0 && stack[depth - 1].end <= at) depth--;
    calls[i].call.caller = depth > 0 ? stack[depth - 1].qualifiedName : null;
  }
  return i;
}

/** `A::B::f` (C++) names `f` inside `A.B`; a receiver adds the type a method was declared on. */
function splitQualifiedName(raw: RawDefinition): { name: string; scope: string | null } {
  let text = raw.nameNode.text;
  if (raw.nameNode.type === 'string') text = unquote(text);
  let scope = raw.receiver;
  const cut = text.lastIndexOf('::');
  if (cut > 0) {
    scope = joinNames(scope, text.slice(0, cut).split('::').join('.'));
    text = text.slice(cut + 2);
  }
  return { name: text, scope };
}

function joinNames(outer: string | null, inner: string | null): string | null {
  if (outer === null) return inner;
  return inner === null ? outer : `${outer}.${inner}`;
}

/** A function declared in a class, struct, trait or impl is a method, whatever the grammar calls it. */
function refineKind(raw: RawDefinition, parent: OpenDefinition | null, declaredOnType: boolean): SymbolKindValue {
  const kind = raw.definition.kind;
  if (kind !== SymbolKind.Function) return kind;
  if (declaredOnType) return SymbolKind.Method;
  return parent !== null && METHOD_HOLDERS.has(parent.kind) ? SymbolKind.Method : kind;
}

export function rangeOf(node: Node): SourceRange {
  const start = node.startPosition;
  const end = node.endPosition;
  return { startLine: start.row + 1, startCol: start.column, endLine: end.row + 1, endCol: end.column };
}

function signatureAt(lines: LineIndex, line: number): string {
  const text = lines.lineText(line).trim();
  return text.length > SIGNATURE_MAX_CHARS ? text.slice(0, SIGNATURE_MAX_CHARS) : text;
}
