// Turns raw definitions into symbols: qualified containers from nesting, kinds refined by where a
// function sits, signatures, docs; and names the caller of every call.
import type { Node } from 'web-tree-sitter';
import type { ExtractedSymbol, SourceRange, SymbolKindValue } from '../common/extract-types.js';
import { SymbolKind } from '../common/extract-types.js';
import type { RawCall, RawDefinition } from './capture-collector.js';
import { unquote } from './capture-collector.js';
import { findDoc } from './doc-comments.js';
import { METHOD_HOLDERS, type DefinitionRole, type LanguageSpec } from './language-spec.js';
import type { LineIndex } from './line-index.js';
import { MAX_SYMBOL_DEPTH, SIGNATURE_MAX_CHARS } from './limits.js';

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
  start: number;
  end: number;
  name: string;
  qualifiedName: string;
  kind: SymbolKindValue;
  role: DefinitionRole;
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
    while (stack.length > 0 && !contains(stack[stack.length - 1], item)) stack.pop();
    if (stack.length >= MAX_SYMBOL_DEPTH) continue;
    const parent = stack.length > 0 ? stack[stack.length - 1] : null;
    const role = item.raw.definition.role;
    // Variables inside functions are locals, not symbols.
    if (isVariable(item.raw.definition.kind) && parent?.role === 'body') continue;
    const { nameNode, nameEnd } = item.raw;
    // A name of several tokens (C# `operator ==`) is read from the text, its blanks collapsed.
    const nameText = nameEnd === null ? nameNode.text : lines.text.slice(nameNode.startIndex, nameEnd.endIndex);
    const { name, scope, topLevel } = splitQualifiedName(item.raw, nameEnd === null ? nameText : nameText.replace(/\s+/g, ' '));
    if (parent && isValueOf(item, parent, name)) continue;
    const container = joinNames(topLevel ? null : (parent?.qualifiedName ?? null), scope);
    // The name's line, not the first: that may hold only an annotation or decorator.
    const signature = signatureAt(lines, nameNode.startPosition.row + 1);
    const kind = refineKind(item.raw, { parent, declaredOnType: scope !== null, name, container, signature }, spec);
    const qualifiedName = container === null ? name : `${container}.${name}`;
    stack.push({ start: item.start, end: item.end, name, qualifiedName, kind, role });
    const { doc, firstLine } = findDoc(item.raw.node, item.raw.node.startPosition.row + 1, spec, lines);
    const range = rangeOf(item.raw.node, item.end, lines);
    placed.push({ firstLine, lastLine: range.endLine, role, qualifiedName, kind });
    if (item.raw.scopeOnly) continue;
    const nameRange = nameRangeOf(nameNode, nameEnd ?? nameNode, nameText, name);
    symbols.push({ name, kind, container, range, nameRange, signature, doc });
  }
  nameCallers(calls, nextCall, Infinity, stack);
  return { symbols, placed };
}

/** Definitions sharing one node (`W, H float64`, `int x, y;`) are siblings, not nested. */
function contains(outer: OpenDefinition, inner: Positioned): boolean {
  return outer.end > inner.start && (outer.start !== inner.start || outer.end !== inner.end);
}

/**
 * `x.create = function create() {}`, `get: function get() {}`, `const f = function f() {}`: the named
 * function is the value of the definition that holds it, under the same name. It is that definition,
 * seen twice, not one nested in it (which would name its calls `x.create.create`).
 */
function isValueOf(item: Positioned, parent: OpenDefinition, name: string): boolean {
  const holder = item.raw.node.parent;
  return name === parent.name && holder !== null && holder.startIndex === parent.start && holder.endIndex === parent.end;
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

interface QualifiedName {
  name: string;
  scope: string | null;
  topLevel: boolean;
}

/**
 * `A::B::f` (C++) names `f` inside `A.B`; a receiver adds the type a method was declared on. A leading
 * `::` (Ruby `class ::Module`, C++ `::f`) names the top level, whatever the definition sits in.
 */
function splitQualifiedName(raw: RawDefinition, nameText: string): QualifiedName {
  // A quoted name (`'delete': function`, `declare module 'x'`) names what the quotes hold.
  const quote = nameText.charCodeAt(0);
  let text = quote === 34 || quote === 39 || quote === 96 ? unquote(nameText) : lastLine(nameText);
  const topLevel = text.startsWith('::');
  if (topLevel) text = text.slice(2);
  let scope = raw.receiver;
  const cut = text.lastIndexOf('::');
  if (cut > 0) {
    scope = joinNames(scope, text.slice(0, cut).split('::').join('.'));
    text = text.slice(cut + 2);
  }
  return { name: text, scope, topLevel };
}

function joinNames(outer: string | null, inner: string | null): string | null {
  if (outer === null) return inner;
  return inner === null ? outer : `${outer}.${inner}`;
}

interface KindContext {
  parent: OpenDefinition | null;
  /** Declared outside its type's body: Go receivers, C++ `A::f`, JS `A.prototype.f`. */
  declaredOnType: boolean;
  name: string;
  container: string | null;
  signature: string;
}

/**
 * A function declared in a class, struct, trait or impl is a method, whatever the grammar calls it;
 * a method named after its class (C++) or by the language's convention is a constructor.
 */
function refineKind(raw: RawDefinition, context: KindContext, spec: LanguageSpec): SymbolKindValue {
  const kind = raw.definition.kind;
  const { parent, name, container } = context;
  if (kind === SymbolKind.Variable) {
    return spec.isConstant?.(name, context.signature) ? SymbolKind.Constant : kind;
  }
  const inType = context.declaredOnType || (parent !== null && METHOD_HOLDERS.has(parent.kind));
  if (kind !== SymbolKind.Method && !(kind === SymbolKind.Function && inType)) return kind;
  if (spec.constructorNames?.has(name)) return SymbolKind.Constructor;
  const namedAfterType = container !== null && (container === name || container.endsWith(`.${name}`));
  return namedAfterType && kind === SymbolKind.Function ? SymbolKind.Constructor : SymbolKind.Method;
}

function isVariable(kind: SymbolKindValue): boolean {
  return kind === SymbolKind.Variable || kind === SymbolKind.Constant;
}

/** A node's range; its end comes from the line index rather than another call into the tree. */
export function rangeOf(node: Node, end: number, lines: LineIndex): SourceRange {
  const start = node.startPosition;
  let { line: endLine, col: endCol } = lines.positionAt(end);
  // Some nodes (`#define`, line comments) end with their newline: their last line is the one before.
  if (endCol === 0 && endLine > start.row + 1) {
    endLine--;
    endCol = lines.end(endLine) - lines.start(endLine);
  }
  return { startLine: start.row + 1, startCol: start.column, endLine, endCol };
}

/**
 * A name is one line. Error recovery can glue a line before it into its node: in C++
 * `inline MACRO Type\n operator&(...)` parses as `Type::operator&` with a MISSING `::`.
 */
function lastLine(text: string): string {
  const cut = text.lastIndexOf('\n');
  return cut === -1 ? text : text.slice(cut + 1).trim();
}

/**
 * Names sit on one line, so their end follows from their length without asking the tree; a name
 * that spans lines (`endNode` is where it ends) gets the range of its last line.
 */
function nameRangeOf(node: Node, endNode: Node, text: string, name: string): SourceRange {
  if (text.includes('\n')) {
    const end = endNode.endPosition;
    const startCol = Math.max(0, end.column - lastLine(text).length);
    return { startLine: end.row + 1, startCol, endLine: end.row + 1, endCol: end.column };
  }
  const start = node.startPosition;
  const line = start.row + 1;
  const endCol = start.column + text.length;
  // The name of `A::f` is its last segment, at the end of the node.
  const startCol = text.endsWith(name) ? endCol - name.length : start.column;
  return { startLine: line, startCol, endLine: line, endCol };
}

function signatureAt(lines: LineIndex, line: number): string {
  const text = lines.lineText(line).trim();
  return text.length > SIGNATURE_MAX_CHARS ? text.slice(0, SIGNATURE_MAX_CHARS) : text;
}
