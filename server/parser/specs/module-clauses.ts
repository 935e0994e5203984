// Reads the names out of JavaScript import and export clauses, and CommonJS exports out of the
// text: cheaper than one query match per name, and these forms are regular enough to read as text.
import type { ExtractedExport, ImportBinding } from '../../common/extract-types.js';
import type { LineIndex } from '../line-index.js';

const COMMENT = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;
const IDENTIFIER = /^[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*$/;

/** `React, { useState, b as c }` and `* as ns` import React, useState, b and ns: what each binding names. */
export function importClauseNames(clause: string): string[] {
  return importClauseBindings(clause).map((b) => (b.imported === '*' || b.imported === 'default' ? b.local : b.imported));
}

/** `React, { useState, b as c }, * as ns`: React is the default export, c stands for b, ns for the module. */
export function importClauseBindings(clause: string): ImportBinding[] {
  const text = withoutComments(clause);
  const bindings: ImportBinding[] = [];
  const open = text.indexOf('{');
  const head = open === -1 ? text : text.slice(0, open);
  for (const part of head.split(',')) {
    const item = part.trim().replace(/^type\s+/, '');
    const namespace = /^\*\s*as\s+(\S+)$/.exec(item);
    if (namespace !== null) bindings.push({ local: namespace[1], imported: '*' });
    else if (IDENTIFIER.test(item)) bindings.push({ local: item, imported: 'default' });
  }
  if (open !== -1) {
    for (const s of bracedSpecifiers(text, open)) bindings.push({ local: s.alias ?? s.name, imported: s.name });
  }
  return bindings;
}

/** A re-export's names: `{ a as b }` exports a as b; `* as ns` the module as ns; a bare `*` all of it. */
export function reexportBindings(statement: string): ImportBinding[] {
  const text = withoutComments(statement);
  const open = text.indexOf('{');
  if (open !== -1) return bracedSpecifiers(text, open).map((s) => ({ local: s.alias ?? s.name, imported: s.name }));
  const namespace = /^export\s+(?:type\s+)?\*\s*as\s+([^\s;]+)/.exec(text);
  return [{ local: namespace === null ? '*' : unquoted(namespace[1]), imported: '*' }];
}

/** `{ a, b as c }` exports a and c. */
export function exportClauseNames(clause: string): string[] {
  const text = withoutComments(clause);
  const open = text.indexOf('{');
  return open === -1 ? [] : bracedSpecifiers(text, open).map((s) => s.alias ?? s.name);
}

function bracedSpecifiers(text: string, open: number): { name: string; alias: string | null }[] {
  const close = text.indexOf('}', open);
  const inside = text.slice(open + 1, close === -1 ? text.length : close);
  const specifiers: { name: string; alias: string | null }[] = [];
  for (const match of inside.matchAll(SPECIFIER)) {
    specifiers.push({ name: unquoted(match[1]), alias: match[2] === undefined ? null : unquoted(match[2]) });
  }
  return specifiers;
}

/** One `name`, `type name`, `name as alias` or `'string name' as alias` in braces. */
const SPECIFIER = /(?:^|,)\s*(?:type\s+)?([^\s,]+)(?:\s+as\s+([^\s,]+))?/g;

function unquoted(word: string): string {
  const first = word.charCodeAt(0);
  return (first === 34 || first === 39) && word.length >= 2 ? word.slice(1, -1) : word;
}

function withoutComments(text: string): string {
  return text.includes('/') ? text.replace(COMMENT, '') : text;
}

const EXPORTS_PROPERTY = /^[ \t]*(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=[^=]/gm;
const EXPORTS_OBJECT = /^[ \t]*module\.exports\s*=\s*\{([^}]*)\}/gm;

/** `exports.a = ...`, `module.exports.b = ...` and `module.exports = { c, d: e }` export a, b, c, d. */
export function commonJsExports(text: string, lines: LineIndex): ExtractedExport[] {
  if (!text.includes('exports.') && !text.includes('module.exports')) return [];
  const found: ExtractedExport[] = [];
  const add = (name: string, offset: number): void => {
    const { line, col } = lines.positionAt(offset);
    found.push({ name, line, col });
  };
  for (const match of text.matchAll(EXPORTS_PROPERTY)) add(match[1], (match.index ?? 0) + match[0].indexOf(match[1]));
  for (const match of text.matchAll(EXPORTS_OBJECT)) {
    const start = (match.index ?? 0) + match[0].indexOf('{') + 1;
    for (const part of withoutComments(match[1]).split(',')) {
      const key = part.split(':')[0].trim();
      if (IDENTIFIER.test(key)) add(key, start);
    }
  }
  return found;
}
