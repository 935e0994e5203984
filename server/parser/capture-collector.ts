// Runs a language's tags query over a tree once and sorts the captures into raw definitions,
// calls, imports and exports, in the capture vocabulary described in language-spec.ts.
import type { Node, Query, QueryMatch } from 'web-tree-sitter';
import type { ExtractedCall, ExtractedExport, ExtractedImport } from '../indexer/extract-types.js';
import { DEFINITION_KINDS, type DefinitionKind } from './language-spec.js';

export interface RawDefinition {
  node: Node;
  nameNode: Node;
  definition: DefinitionKind;
  /** Type named outside the body (Go receiver, C++ `A::`, JS `A.prototype`), or null. */
  receiver: string | null;
  /** A @scope: names what is inside it but is not a symbol itself. */
  scopeOnly: boolean;
}

export interface RawCall {
  index: number;
  call: ExtractedCall;
}

export interface Captures {
  definitions: RawDefinition[];
  calls: RawCall[];
  imports: ExtractedImport[];
  exports: ExtractedExport[];
}

/** A scope counts as a class for chunking and for turning the functions inside it into methods. */
const SCOPE_KIND = DEFINITION_KINDS.get('class') as DefinitionKind;

export function collectCaptures(query: Query, root: Node): Captures {
  const out: Captures = { definitions: [], calls: [], imports: [], exports: [] };
  const byName = new Map<number, Ranked>();
  const importsByNode = new Map<number, ExtractedImport>();
  const exportNames = new Set<string>();
  for (const match of query.matches(root)) {
    // Predicate-only captures (`@_x`) can come first; the first real capture says what matched.
    const first = match.captures.find((c) => c.name.charCodeAt(0) !== 95);
    if (first === undefined) continue;
    const name = first.name;
    if (name === 'callee') addCall(first.node, out);
    else if (name.startsWith('definition.') || name === 'scope' || name === 'name' || name === 'receiver') {
      addDefinition(match, byName);
    } else if (name.startsWith('import')) addImport(match, importsByNode, out);
    else if (name.startsWith('export')) addExports(match, exportNames, out);
  }
  for (const ranked of byName.values()) out.definitions.push(ranked.definition);
  return out;
}

/** A definition with the index of the pattern that found it: lower indexes take precedence. */
interface Ranked {
  pattern: number;
  definition: RawDefinition;
}

function addCall(node: Node, out: Captures): void {
  const position = node.startPosition;
  out.calls.push({
    index: node.startIndex,
    call: { callee: node.text, caller: null, line: position.row + 1, col: position.column },
  });
}

function addDefinition(match: QueryMatch, byName: Map<number, Ranked>): void {
  let node: Node | null = null;
  let nameNode: Node | null = null;
  let receiver: string | null = null;
  let definition: DefinitionKind | undefined;
  let scopeOnly = false;
  for (const capture of match.captures) {
    const name = capture.name;
    if (name === 'name') nameNode = capture.node;
    else if (name === 'receiver') receiver = capture.node.text;
    else if (name === 'scope') {
      node = capture.node;
      definition = SCOPE_KIND;
      scopeOnly = true;
    } else if (name.startsWith('definition.')) {
      node = capture.node;
      definition = DEFINITION_KINDS.get(name.slice('definition.'.length));
    }
  }
  if (node === null || nameNode === null || definition === undefined) return;
  // Several patterns may match one definition; the earliest pattern in the query wins.
  const key = nameNode.startIndex;
  const known = byName.get(key);
  if (known !== undefined && known.pattern <= match.patternIndex) return;
  byName.set(key, { pattern: match.patternIndex, definition: { node, nameNode, definition, receiver, scopeOnly } });
}

function addImport(match: QueryMatch, byNode: Map<number, ExtractedImport>, out: Captures): void {
  const statement = match.captures.find((c) => c.name === 'import')?.node;
  if (statement === undefined) return;
  let entry = byNode.get(statement.id);
  if (entry === undefined) {
    const position = statement.startPosition;
    entry = { module: '', names: [], line: position.row + 1, col: position.column };
    byNode.set(statement.id, entry);
    out.imports.push(entry);
  }
  for (const capture of match.captures) {
    if (capture.name === 'import.module' && entry.module === '') entry.module = unquote(capture.node.text);
    else if (capture.name === 'import.name') {
      const name = capture.node.text;
      if (!entry.names.includes(name)) entry.names.push(name);
    }
  }
}

function addExports(match: QueryMatch, seen: Set<string>, out: Captures): void {
  for (const capture of match.captures) {
    let name: string;
    if (capture.name === 'export.name') name = unquote(capture.node.text);
    else if (capture.name === 'export.default') name = 'default';
    else continue;
    if (seen.has(name)) continue;
    seen.add(name);
    const position = capture.node.startPosition;
    out.exports.push({ name, line: position.row + 1, col: position.column });
  }
}

/** Module specifiers arrive as string literals in some grammars: `"fmt"`, `<stdio.h>`, `'x'`. */
export function unquote(text: string): string {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  const paired = (first === 34 && last === 34) || (first === 39 && last === 39) ||
    (first === 96 && last === 96) || (first === 60 && last === 62);
  return paired && text.length >= 2 ? text.slice(1, -1) : text;
}
