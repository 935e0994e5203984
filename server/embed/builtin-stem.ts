// A light English suffix stripper for the builtin embedder: "parses", "parsing", "parsed" and "parse"
// all become "pars", so a query's wording meets the code's. Deliberately conservative and small: it
// folds inflections (plural, -ing, -ed, -ly, final e), not derivations, and never touches short words.

const VOWEL = /[aeiouy]/;

/** The stem of one lower-cased word; words of three letters or fewer come back unchanged. */
export function stemWord(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = stripPlural(word);
  w = stripInflection(w);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

function stripPlural(w: string): string {
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

function stripInflection(w: string): string {
  for (const suffix of ['ingly', 'edly', 'ing', 'ed', 'ly']) {
    if (!w.endsWith(suffix)) continue;
    const base = w.slice(0, -suffix.length);
    // "bring", "red", "fly": no vowel left before the suffix means it was not a suffix.
    if (base.length < 3 || !VOWEL.test(base)) return w;
    return undouble(base);
  }
  return w;
}

/** "runn" -> "run", "stopp" -> "stop"; but "pass", "call", "fizz" keep their double letter. */
function undouble(w: string): string {
  const last = w[w.length - 1];
  if (w.length >= 4 && last === w[w.length - 2] && !'lsz'.includes(last)) return w.slice(0, -1);
  return w;
}
