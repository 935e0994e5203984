// The encoding a source file declares for itself (PEP 263 in Python, the same magic comment in Ruby)
// and a decoder for it: Python's codec names mapped onto what TextDecoder (WHATWG labels) knows.

/** `# -*- coding: latin-1 -*-`, `# vim: set fileencoding=cp1252 :`, `# encoding: euc-jp` (PEP 263's pattern). */
const CODING_COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
/** Languages whose tools read that comment: a coding line elsewhere is just a comment. */
const COOKIE_LANGUAGES = new Set(['python', 'ruby']);

/**
 * Python codec names that are not WHATWG labels, to the label meaning the same bytes. Latin-1 is not
 * here: WHATWG reads `latin1` as windows-1252, so it is decoded by Buffer's exact ISO-8859-1.
 */
const PYTHON_NAMES: Record<string, string> = {
  'utf-8-sig': 'utf-8',
  'mac-roman': 'macintosh',
  macroman: 'macintosh',
  cp932: 'shift_jis',
  ms932: 'shift_jis',
  mskanji: 'shift_jis',
  'ms-kanji': 'shift_jis',
  sjis: 'shift_jis',
  'shift-jis': 'shift_jis',
  cp936: 'gbk',
  cp949: 'euc-kr',
  cp950: 'big5',
  'iso2022-jp': 'iso-2022-jp',
  'iso-2022-jp': 'iso-2022-jp',
};
const LATIN_1 = new Set(['latin-1', 'latin1', 'latin', 'l1', 'iso-8859-1', 'iso8859-1', 'iso88591', '8859', 'cp819']);

export type Decoder = (bytes: Uint8Array, fatal: boolean) => string;

/**
 * The encoding named by a coding comment on line 1 or 2 of `head` (line 2 counts only after a
 * comment or blank line 1, as in Python), or null when there is none or the language has no such rule.
 */
export function declaredEncoding(head: Uint8Array, language: string): string | null {
  if (!COOKIE_LANGUAGES.has(language)) return null;
  const [first, second] = Buffer.from(head.subarray(0, 400))
    .toString('latin1')
    .split(/\r\n|\r|\n/, 2);
  const onFirst = CODING_COOKIE.exec(first ?? '');
  if (onFirst) return onFirst[1];
  if (second === undefined || !/^[ \t\f]*(#.*)?$/.test(first)) return null;
  return CODING_COOKIE.exec(second)?.[1] ?? null;
}

export function isUtf8Name(name: string): boolean {
  return ['utf-8', 'utf8', 'utf-8-sig', 'u8'].includes(normalise(name));
}

/** A decoder for the encoding `name` (a Python codec name or a WHATWG label), or null if none is known. */
export function decoderFor(name: string): Decoder | null {
  const key = normalise(name);
  if (LATIN_1.has(key)) return (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  for (const label of [name.toLowerCase(), key, PYTHON_NAMES[key]]) {
    if (!label) continue;
    try {
      new TextDecoder(label);
    } catch {
      continue;
    }
    return (bytes, fatal) => new TextDecoder(label, { fatal }).decode(bytes);
  }
  return null;
}

/** Python's normalisation of a codec name: lower case, `_` and spaces as `-`. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[_ ]/g, '-');
}
