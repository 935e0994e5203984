// The builtin embedder's stand-in for corpus IDF: words so common in English prose or in code of any
// language that matching them says little about what a chunk does. A fixed table keeps the embedder
// stateless: a chunk's vector never depends on what else is indexed.

/** Function words of English queries and comments, and the filler of questions ("how to get"): dropped. */
const ENGLISH = `a an the and or but nor not no so if then than that this these those there here
  is are was were be been being am do does did done has have had having of to in on at by for from with
  without into onto over under about as it its it's i me my we our you your he she they them their
  what which who whom whose when where why how can could should would will shall may might must
  get gets got use uses used using way ways want make makes all any some each every also just only
  very more most other such same own too out up down off again further once`;

/**
 * Keywords and names that recur in code of every language (and language names, which people add to
 * queries but a codebase rarely spells out): kept at a low weight, since a keyword in a name, such
 * as `is_none`, still carries some meaning.
 */
const CODE = `def function func fn class struct interface enum trait impl type var let const val
  return returns yield async await self cls super new static public private protected void
  null nil none undefined true false import export require module package include namespace
  else elif while foreach break continue try catch except finally raise throw throws lambda pass
  end begin args kwargs arg param params value values result res ret tmp obj
  python py javascript js typescript ts java golang rust ruby php csharp cpp`;

function wordSet(list: string): Set<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}

const ENGLISH_WORDS = wordSet(ENGLISH);
const CODE_WORDS = wordSet(CODE);

const STOP_WEIGHT = { english: 0, code: 0.25, short: 0.25 } as const;

/** How much a lower-cased, unstemmed word counts before any field or frequency weight: 0 to 1. */
export function priorWeight(word: string): number {
  if (ENGLISH_WORDS.has(word)) return STOP_WEIGHT.english;
  if (CODE_WORDS.has(word)) return STOP_WEIGHT.code;
  if (word.length <= 2 || isDigit(word.charCodeAt(0))) return STOP_WEIGHT.short;
  return 1;
}

/** Identifier parts are split at digit runs, so a part that starts with a digit is a number. */
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
