// Finds the documentation of a definition (the comments right above it, or a Python docstring)
// and strips the comment markers from it. Comments are read from the text, not the tree: asking
// the tree costs several wasm calls per definition, the text is already at hand.
import type { Node } from 'web-tree-sitter';
import type { CommentSyntax, LanguageSpec } from './language-spec.js';
import type { LineIndex } from './line-index.js';
import { DOC_MAX_CHARS } from './limits.js';

export interface DocInfo {
  doc: string | null;
  /** First line (1-based) of the definition including its doc comment and attributes. */
  firstLine: number;
}

/** A block comment longer than this many lines is not looked for (its opening line, that is). */
const MAX_BLOCK_LINES = 400;

/** `node` starts on 1-based `line`; the lines above it are searched for comments. */
export function findDoc(node: Node, line: number, spec: LanguageSpec, lines: LineIndex): DocInfo {
  const above = commentsAbove(line, spec.comments, lines);
  const docstring = spec.docstrings ? pythonDocstring(node) : null;
  return { doc: cap(docstring ?? above.doc), firstLine: above.firstLine };
}

/** The block comment, or the run of line comments, directly above `line` (attributes skipped). */
function commentsAbove(line: number, syntax: CommentSyntax, lines: LineIndex): DocInfo {
  let firstLine = line;
  let above = line - 1;
  while (above >= 1 && syntax.attribute?.test(lines.lineText(above).trimStart())) firstLine = above--;
  if (above < 1) return { doc: null, firstLine };
  const text = lines.lineText(above).trim();
  if (syntax.block && text.endsWith('*/')) {
    const open = blockStart(above, lines);
    if (open === null) return { doc: null, firstLine };
    const comment = lines.slice(open, above).trimStart();
    return { doc: nonEmpty(stripCommentMarkers(comment)), firstLine: open };
  }
  const parts: string[] = [];
  for (; above >= 1 && syntax.line.test(lines.lineText(above).trimStart()); above--) {
    parts.push(lines.lineText(above));
    firstLine = above;
    if (parts.length * 80 > DOC_MAX_CHARS * 2) break;
  }
  if (parts.length === 0) return { doc: null, firstLine };
  return { doc: nonEmpty(stripCommentMarkers(parts.reverse().join('\n'))), firstLine };
}

/** The line a block comment ending on `end` opens on, if the comment starts its line. */
function blockStart(end: number, lines: LineIndex): number | null {
  for (let line = end; line >= 1 && end - line < MAX_BLOCK_LINES; line--) {
    const text = lines.lineText(line);
    const open = line === end ? text.lastIndexOf('/*', text.lastIndexOf('*/') - 1) : text.lastIndexOf('/*');
    if (open === -1) continue;
    // `x = 1; /* note */` is a trailing comment of the code before it.
    return text.slice(0, open).trim() === '' ? line : null;
  }
  return null;
}

function pythonDocstring(node: Node): string | null {
  const first = node.childForFieldName('body')?.firstNamedChild;
  if (first?.type !== 'expression_statement') return null;
  const literal = first.firstNamedChild;
  if (literal?.type !== 'string') return null;
  return cleanDocstring(literal.text);
}

export function stripCommentMarkers(comment: string): string {
  // Only the start of a long comment is kept, so only the start is cleaned.
  let text = (comment.length > 2 * DOC_MAX_CHARS ? comment.slice(0, 2 * DOC_MAX_CHARS) : comment).trim();
  if (text.startsWith('/*')) {
    text = text.replace(BLOCK_OPEN, '').replace(BLOCK_CLOSE, '');
    return text.replace(BLOCK_LINE_START, '').trim();
  }
  // C# documentation comments are XML; the tags are noise to a reader and to a search index.
  return text.replace(LINE_MARKER, '').replace(XML_DOC_TAG, '').trim();
}

const BLOCK_OPEN = /^\/\*+!?/;
const BLOCK_CLOSE = /\*+\/$/;
const BLOCK_LINE_START = /^[ \t]*\*?[ \t]?/gm;
const LINE_MARKER = /^[ \t]*(\/\/[/!]?|#+!?|--+)[ \t]?/gm;
const XML_DOC_TAG = /<\/?(summary|remarks|returns|para|c|code)>/g;

/** A docstring literal without its quotes and prefix, dedented as Python's inspect.cleandoc does. */
export function cleanDocstring(literal: string): string | null {
  const body = literal.replace(/^[rRbBuUfF]*("""|'''|"|')/, '').replace(/("""|'''|"|')$/, '');
  const lines = body.split('\n');
  let indent = Infinity;
  for (let i = 1; i < lines.length; i++) {
    const content = lines[i].trimStart();
    if (content !== '') indent = Math.min(indent, lines[i].length - content.length);
  }
  const dedented = lines.map((line, i) => (i === 0 ? line.trim() : line.slice(indent === Infinity ? 0 : indent).trimEnd()));
  return nonEmpty(dedented.join('\n').trim());
}

function nonEmpty(text: string): string | null {
  return text === '' ? null : text;
}

function cap(doc: string | null): string | null {
  return doc !== null && doc.length > DOC_MAX_CHARS ? doc.slice(0, DOC_MAX_CHARS) : doc;
}
