// Checks the params of custom requests where they enter the server: a malformed request gets an
// LSP InvalidParams error that says which field is wrong, and the server stays up.
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { SEARCH_LIMITS, type ReindexParams, type SearchParams } from '../../shared/protocol.js';
import { SEARCH_GROUPS, SEARCH_MODES, type SearchGroup, type SearchMode } from '../../shared/settings.js';
import { pathFilter, resolveLanguages } from '../search/search-filters.js';

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

function optionalString(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(`"${key}" must be a string.`);
  return v;
}

export function validateSearchParams(raw: unknown): Required<Pick<SearchParams, 'query' | 'mode' | 'k'>> & SearchParams {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw invalid('codeIndex/search expects an object like {"query": "parse config"}.');
  const obj = raw as Record<string, unknown>;
  if (typeof obj.query !== 'string') throw invalid('"query" must be a string.');
  if (obj.query.length > SEARCH_LIMITS.maxQueryChars) throw invalid(`"query" is longer than ${SEARCH_LIMITS.maxQueryChars} characters.`);
  const mode = optionalString(obj, 'mode') ?? 'auto';
  if (!SEARCH_MODES.includes(mode as SearchMode)) throw invalid(`"mode" must be one of ${SEARCH_MODES.join(', ')}.`);
  const k = obj.k ?? SEARCH_LIMITS.defaultK;
  if (!Number.isInteger(k) || (k as number) < 1 || (k as number) > SEARCH_LIMITS.maxK)
    throw invalid(`"k" must be a whole number from 1 to ${SEARCH_LIMITS.maxK}.`);
  const group = optionalString(obj, 'group');
  if (group !== undefined && !SEARCH_GROUPS.includes(group as SearchGroup))
    throw invalid(`"group" must be one of ${SEARCH_GROUPS.join(', ')}.`);
  const path = optionalString(obj, 'path');
  const lang = optionalString(obj, 'lang');
  try {
    if (path !== undefined) pathFilter(path);
    if (lang !== undefined) resolveLanguages(lang);
  } catch (err) {
    throw invalid((err as Error).message);
  }
  return { query: obj.query, mode: mode as SearchMode, k: k as number, path, lang, group: group as SearchGroup | undefined };
}

export function validateReindexParams(raw: unknown): ReindexParams {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalid('codeIndex/reindex expects an object like {"force": true} or nothing.');
  const force = (raw as Record<string, unknown>).force;
  if (force !== undefined && typeof force !== 'boolean') throw invalid('"force" must be true or false.');
  return { force: force as boolean | undefined };
}
