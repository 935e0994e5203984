// How `code-index status` and `index` word the files whose definitions may be incomplete.
import type { ParseIssueCounts } from '../../shared/protocol.js';
import type { ParseIssue } from '../storage/parse-issues.js';
import { MAX_PARSE_CHARS, PARSE_DEADLINE_MS } from '../parser/limits.js';
import { plural } from './output.js';

/** `3 files with syntax errors, 1 too long to parse whole, 1 minified`, or '' when there are none. */
export function parseIssueCounts(counts: ParseIssueCounts): string {
  return [
    counts.parseErrorFiles ? `${plural(counts.parseErrorFiles, 'file')} with syntax errors` : '',
    counts.oversizeFiles ? `${counts.oversizeFiles} too long to parse whole` : '',
    counts.minifiedFiles ? `${counts.minifiedFiles} minified` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** The counts a list gives, so a list printed under its count always agrees with it. */
export function countsOfIssues(issues: ParseIssue[]): ParseIssueCounts {
  return {
    parseErrorFiles: issues.filter((i) => i.errors > 0).length,
    oversizeFiles: issues.filter((i) => i.skip === 'too-long' || i.skip === 'deadline').length,
    minifiedFiles: issues.filter((i) => i.skip === 'minified').length,
  };
}

/** One line per file: `src/a.ts:12: ...` for a syntax error, so a terminal or editor can jump there. */
export function parseIssueLine(issue: ParseIssue, show: (path: string) => string): string {
  const path = show(issue.path);
  switch (issue.skip) {
    case 'too-long':
      return `${path}: too long to parse whole (over ${MAX_PARSE_CHARS.toLocaleString('en-US')} characters); definitions from a parse in pieces`;
    case 'deadline':
      return `${path}: its parse ran past ${PARSE_DEADLINE_MS / 1000} s; definitions from a parse in pieces`;
    case 'minified':
      return `${path}: minified; chunked as text, no definitions`;
    default:
      return `${path}:${issue.firstErrorLine ?? 1}: syntax error, the first of ${issue.errors}; definitions after it may be missing`;
  }
}
