// Runs a language's tags query over a tree once and sorts the captures into raw definitions,
// calls, imports and exports, in the capture vocabulary described in language-spec.ts.
import type { Node, QueryMatch } from 'web-tree-sitter';
import type { ExtractedCall, ExtractedExport, ExtractedImport, ImportBinding } from '../common/extract-types.js';
import type { LoadedGrammar } from './grammar-loader.js';
import { DEFINITION_KINDS, type DefinitionKind, type LanguageSpec } from './language-spec.js';

export interface RawDefinition {
  node: Node;
  nameNode: Node;
  /** Where a name of several tokens ends (`@name.end`), or null when it is nameNode alone. */
  nameEnd: Node | null;
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

/** A definition with the index of the pattern that found it: lower indexes take precedence. */
interface Ranked {
  pattern: number;
  definition: RawDefinition;
}

/** A scope counts as a class for chunking and for turning the functions inside it into methods. */
const SCOPE_KIND = DEFINITION_KINDS.get('class') as DefinitionKind;

export function collectCaptures(grammar: LoadedGrammar, root: Node, text: string): Captures {
  const spec = grammar.spec;
  const out: Captures = { definitions: [], calls: [], imports: [], exports: [] };
  const byName = new Map<number, Ranked>();
  const importsByNode = new Map<number, ExtractedImport>();
  const exportNames = new Set<string>();
  for (const match of grammar.query.matches(root)) {
    // Predicate-only captures (`@_x`) can come first; the first real capture says what matched.
    const first = match.captures.find((c) => c.name.charCodeAt(0) !== 95);
    if (first === undefined) continue;
    const name = first.name;
    if (name === 'callee') addCall(first.node, text, spec, out);
    else if (name.startsWith('import')) addImport(match, spec, importsByNode, out);
    else if (name.startsWith('export')) addExports(match, spec, exportNames, out);
    else addDefinition(match, spec, byName);
  }
  for (const ranked of byName.values()) out.definitions.push(ranked.definition);
  return out;
}

function addCall(node: Node, text: string, spec: LanguageSpec, out: Captures): void {
  const callee = identifierAt(text, node.startIndex, spec.nameSuffixes);
  const position = node.startPosition;
  if (spec.importCallees?.has(callee)) {
    const call = node.parent;
    const module = call?.childForFieldName('arguments')?.firstNamedChild;
    if (call !== null && module?.type === 'string') {
      out.imports.push({ module: unquote(module.text), names: [], line: position.row + 1, col: position.column });
      return;
    }
  }
  const call: ExtractedCall = { callee, caller: null, line: position.row + 1, col: position.column };
  if (spec.memberTypes !== undefined) call.qualifier = qualifierOf(node, spec.memberTypes);
  out.calls.push({ index: node.startIndex, call });
}

/** A dotted chain of plain names (`this`, `Foo`, `mod.sub`): what a qualifier may be resolved from. */
const DOTTED_NAMES = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

/** What `a.b.f()` is called on (`a.b`), `?` for an expression (`f().g()`), null for a bare `f()`. */
function qualifierOf(callee: Node, memberTypes: ReadonlySet<string>): string | null {
  const member = callee.parent;
  if (member === null || !memberTypes.has(member.type)) return null;
  const object = member.namedChild(0);
  if (object === null || object.startIndex === callee.startIndex) return null;
  const text = object.text;
  return DOTTED_NAMES.test(text) ? text : '?';
}

function addDefinition(match: QueryMatch, spec: LanguageSpec, byName: Map<number, Ranked>): void {
  let node: Node | null = null;
  let nameNode: Node | null = null;
  let nameEnd: Node | null = null;
  let receiver: string | null = null;
  let definition: DefinitionKind | undefined;
  let scopeOnly = false;
  for (const capture of match.captures) {
    const name = capture.name;
    if (name === 'name') nameNode = capture.node;
    else if (name === 'name.end') nameEnd = capture.node;
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
  if (receiver !== null && spec.normalizeReceiver !== undefined) receiver = spec.normalizeReceiver(receiver);
  // Several patterns may match one definition; the earliest pattern in the query wins.
  const key = nameNode.startIndex;
  const known = byName.get(key);
  if (known !== undefined && known.pattern <= match.patternIndex) return;
  byName.set(key, { pattern: match.patternIndex, definition: { node, nameNode, nameEnd, definition, receiver, scopeOnly } });
}

function addImport(match: QueryMatch, spec: LanguageSpec, byNode: Map<number, ExtractedImport>, out: Captures): void {
  const statement = match.captures.find((c) => c.name === 'import')?.node;
  if (statement === undefined) return;
  let entry = byNode.get(statement.id);
  if (entry === undefined) {
    const position = statement.startPosition;
    entry = { module: '', names: [], line: position.row + 1, col: position.column };
    byNode.set(statement.id, entry);
    out.imports.push(entry);
  }
  let bound: ImportBinding | null = null;
  let alias: string | null = null;
  let clause = false;
  for (const capture of match.captures) {
    const name = capture.name;
    const text = capture.node.text;
    if (name === 'import.module' && entry.module === '') entry.module = unquote(text);
    else if (name === 'import.name' || name === 'import.namespace') {
      addName(entry.names, text);
      if (text !== '*') bound = { local: text, imported: name === 'import.name' ? text : '*' };
    } else if (name === 'import.self') bound = { local: text, imported: '*' };
    else if (name === 'import.as') alias = text;
    else if (name === 'import.clause') {
      clause = true;
      for (const n of spec.importClauseNames?.(text) ?? []) addName(entry.names, n);
      if (statement.type !== 'export_statement') addBindings(entry, spec.importClauseBindings?.(text));
    }
  }
  if (bound !== null) addBindings(entry, [{ local: alias ?? bound.local, imported: bound.imported }]);
  // `export ... from`: what it exports is read from the whole statement (`export *` has no clause).
  if (statement.type === 'export_statement' && spec.reexportBindings !== undefined && (clause || entry.bindings === undefined)) {
    entry.reexport = true;
    entry.bindings = spec.reexportBindings(statement.text);
  }
}

function addBindings(entry: ExtractedImport, bindings: ImportBinding[] | undefined): void {
  if (bindings === undefined || bindings.length === 0) return;
  (entry.bindings ??= []).push(...bindings);
}

function addName(names: string[], name: string): void {
  if (!names.includes(name)) names.push(name);
}

function addExports(match: QueryMatch, spec: LanguageSpec, seen: Set<string>, out: Captures): void {
  let exported: Node | null = null;
  let names: string[] | null = null;
  for (const capture of match.captures) {
    const name = capture.name;
    // `export { a as b }` exports b: an alias wins over the name it renames.
    if (name === 'export.alias' || (name === 'export.name' && exported === null)) exported = capture.node;
    else if (name === 'export.default') {
      exported = capture.node;
      names = ['default'];
    } else if (name === 'export.clause') {
      exported = capture.node;
      names = spec.exportClauseNames?.(capture.node.text) ?? [];
    }
  }
  if (exported === null) return;
  const position = exported.startPosition;
  for (const name of names ?? [unquote(exported.text)]) {
    if (seen.has(name)) continue;
    seen.add(name);
    out.exports.push({ name, line: position.row + 1, col: position.column });
  }
}

/**
 * The identifier starting at `index`, read from the text: callees are plain identifiers, and reading
 * them here saves a call into the tree for each of the thousands of calls in a file.
 */
function identifierAt(text: string, index: number, suffixes: string | undefined): string {
  let end = index;
  if (text.charCodeAt(end) === 35 || text.charCodeAt(end) === 36) end++; // `#private`, `$var`
  for (; end < text.length; end++) {
    const c = text.charCodeAt(end);
    const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
    if (!word) break;
  }
  if (suffixes !== undefined && end < text.length && suffixes.includes(text[end]) && text[end + 1] !== '=') end++;
  return text.slice(index, end);
}

/** Module specifiers arrive as string literals in some grammars: `"fmt"`, `<stdio.h>`, `'x'`. */
export function unquote(text: string): string {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  const paired =
    (first === 34 && last === 34) || (first === 39 && last === 39) || (first === 96 && last === 96) || (first === 60 && last === 62);
  return paired && text.length >= 2 ? text.slice(1, -1) : text;
}
