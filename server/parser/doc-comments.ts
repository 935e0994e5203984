// Finds the documentation of a definition (the comments right above it, or a Python docstring)
// and strips the comment markers from it.
import type { Node } from 'web-tree-sitter';
import type { LanguageSpec } from './language-spec.js';
import { DOC_MAX_CHARS } from './limits.js';

export interface DocInfo {
  doc: string | null;
  /** First line (1-based) of the definition including its doc comment, wrappers and attributes. */
  firstLine: number;
}

export function findDoc(node: Node, spec: LanguageSpec): DocInfo {
  let anchor = node;
  for (let parent = anchor.parent; parent !== null && spec.wrapperTypes.has(parent.type); parent = parent.parent) {
    anchor = parent;
  }
  const above = commentsAbove(anchor, spec);
  const docstring = spec.docstrings ? pythonDocstring(node) : null;
  return { doc: cap(docstring ?? above.doc), firstLine: above.firstLine };
}

/** The run of comments directly above `anchor` with no blank line between, closest last. */
function commentsAbove(anchor: Node, spec: LanguageSpec): DocInfo {
  const parts: string[] = [];
  const firstLines: number[] = [];
  let firstLine = anchor.startPosition.row + 1;
  let topRow = anchor.startPosition.row;
  let sibling = anchor.previousNamedSibling;
  for (; sibling !== null; sibling = sibling.previousNamedSibling) {
    const type = sibling.type;
    const isComment = spec.commentTypes.has(type);
    if (!isComment && !spec.attributeTypes?.has(type)) break;
    if (lastRow(sibling) < topRow - 1) break;
    topRow = sibling.startPosition.row;
    if (isComment) {
      parts.push(sibling.text);
      firstLines.push(firstLine);
    }
    firstLine = topRow + 1;
  }
  // A comment that shares its line with the code before it belongs to that code, not to us.
  if (sibling !== null && parts.length > 0 && lastRow(sibling) === topRow) {
    parts.pop();
    firstLine = firstLines.pop() ?? firstLine;
  }
  if (parts.length === 0) return { doc: null, firstLine };
  const doc = parts.reverse().map(stripCommentMarkers).join('\n').trim();
  return { doc: doc === '' ? null : doc, firstLine };
}

/** Some grammars end a line comment at column 0 of the next row; that row is not the comment's. */
function lastRow(node: Node): number {
  const end = node.endPosition;
  return end.column === 0 && end.row > node.startPosition.row ? end.row - 1 : end.row;
}

function pythonDocstring(node: Node): string | null {
  const first = node.childForFieldName('body')?.firstNamedChild;
  if (first?.type !== 'expression_statement') return null;
  const literal = first.firstNamedChild;
  if (literal?.type !== 'string') return null;
  return cleanDocstring(literal.text);
}

export function stripCommentMarkers(comment: string): string {
  let text = comment.trim();
  if (text.startsWith('/*')) {
    text = text.replace(/^\/\*+!?/, '').replace(/\*+\/$/, '');
    return text.split('\n').map((line) => line.replace(/^\s*\*? ?/, '')).join('\n').trim();
  }
  const lines = text.split('\n').map((line) =>
    line.trim().replace(/^(\/\/[/!]?|#+!?|--+) ?/, ''));
  // C# documentation comments are XML; the tags are noise to a reader and to a search index.
  return lines.join('\n').replace(/<\/?(summary|remarks|returns|para|c|code)>/g, '').trim();
}

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
  const text = dedented.join('\n').trim();
  return text === '' ? null : text;
}

function cap(doc: string | null): string | null {
  return doc !== null && doc.length > DOC_MAX_CHARS ? doc.slice(0, DOC_MAX_CHARS) : doc;
}
