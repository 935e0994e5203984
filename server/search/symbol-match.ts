// Scores how well a typed query matches a symbol name, the way Ctrl+T users expect: exact beats
// prefix beats camelCase humps beats substring beats a scattered subsequence.
import { splitIdentifier } from '../text/tokens.js';

export const MatchTier = { exact: 5, prefix: 4, humps: 3, substring: 2, subsequence: 1 } as const;

export interface NameMatch {
  tier: number;
  /** Higher is better; ranks within and across tiers. */
  score: number;
}

/** `parts` (splitIdentifier(name)) may be passed in when the caller keeps them, to skip the split. */
export function matchName(query: string, name: string, parts?: string[]): NameMatch | null {
  if (!query) return null;
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  const caseBonus = name.startsWith(query) ? 0.5 : 0;
  if (n === q) return at(MatchTier.exact, name === query ? 1 : 0.5, name);
  if (n.startsWith(q)) return at(MatchTier.prefix, caseBonus, name);
  if (matchesHumps(q, parts ?? splitIdentifier(name))) return at(MatchTier.humps, 0, name);
  const index = n.indexOf(q);
  if (index >= 0) return at(MatchTier.substring, -index / 100, name);
  const gaps = subsequenceGaps(q, n);
  return gaps === null ? null : at(MatchTier.subsequence, -gaps / 10, name);
}

/** Tier first, then the bonus, then shorter names. */
function at(tier: number, bonus: number, name: string): NameMatch {
  return { tier, score: tier * 1000 + bonus * 10 - Math.min(name.length, 200) / 100 };
}

/** `pc`, `parcon` or `pConf` match `parseConfig`: each query piece starts a word part, in order. */
function matchesHumps(q: string, parts: string[]): boolean {
  if (parts.length < 2) return false;
  return humpsFrom(q, 0, parts, 0);
}

function humpsFrom(q: string, qi: number, parts: string[], pi: number): boolean {
  if (qi === q.length) return true;
  for (let p = pi; p < parts.length; p++) {
    const part = parts[p];
    if (part[0] !== q[qi]) continue;
    // Take 1..k characters of this part, then continue with the next part.
    let k = 0;
    while (k < part.length && qi + k < q.length && part[k] === q[qi + k]) {
      k++;
      if (humpsFrom(q, qi + k, parts, p + 1)) return true;
    }
  }
  return false;
}

/** Characters skipped between matched query characters, or null when `q` is not a subsequence of `n`. */
function subsequenceGaps(q: string, n: string): number | null {
  let gaps = 0;
  let j = 0;
  let last = -1;
  for (let i = 0; i < q.length; i++) {
    while (j < n.length && n[j] !== q[i]) j++;
    if (j === n.length) return null;
    if (last >= 0) gaps += j - last - 1;
    last = j++;
  }
  return gaps;
}
