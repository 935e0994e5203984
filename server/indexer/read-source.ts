// Reads one file from disk as text for the index, or says plainly why it is left out (binary, too
// large, vanished, unreadable). UTF-8 (with or without BOM), UTF-16 with a BOM and the encoding a
// Python or Ruby file declares (PEP 263) are decoded. Messages leave the path out: the caller names it.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { languageForPath } from '../parser/languages.js';
import { declaredEncoding, decoderFor, isUtf8Name } from './declared-encoding.js';

export type SkipReason = 'binary' | 'too-large' | 'vanished' | 'unreadable';

export type SourceRead =
  | { ok: true; text: string; hash: string; size: number; mtimeMs: number; warning?: string }
  | { ok: false; reason: SkipReason; message: string };

const SNIFF_BYTES = 8000;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false });
const REPLACED = 'invalid bytes were replaced with U+FFFD';

export function readSource(absPath: string, relPath: string, maxBytes: number): SourceRead {
  let bytes: Buffer;
  let mtimeMs: number;
  try {
    const st = statSync(absPath);
    if (st.size > maxBytes) return tooLarge(st.size, maxBytes);
    bytes = readFileSync(absPath);
    mtimeMs = st.mtimeMs;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'vanished', message: 'vanished before it could be read' };
    return { ok: false, reason: 'unreadable', message: `not indexed: could not be read (${(err as Error).message})` };
  }
  if (bytes.length > maxBytes) return tooLarge(bytes.length, maxBytes);
  const hash = createHash('sha1').update(bytes).digest('hex');
  const decoded = decode(bytes, languageForPath(relPath));
  if (decoded === null) return { ok: false, reason: 'binary', message: 'not indexed: binary' };
  return { ok: true, text: decoded.text, hash, size: bytes.length, mtimeMs, warning: decoded.warning };
}

function tooLarge(size: number, maxBytes: number): SourceRead {
  return {
    ok: false,
    reason: 'too-large',
    message: `not indexed: ${size} bytes, over the ${maxBytes}-byte limit (maxFileBytes in .codeindex/config.json)`,
  };
}

type Decoded = { text: string; warning?: string };

/** A byte order mark decides; else the encoding the file declares; else UTF-8. The BOM is never text. */
function decode(bytes: Buffer, language: string): Decoded | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const utf8Bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bytes.subarray(utf8Bom ? 3 : 0);
  if (body.subarray(0, SNIFF_BYTES).includes(0)) return null;
  const declared = utf8Bom ? null : declaredEncoding(body, language);
  const decoded = declared && !isUtf8Name(declared) ? decodeDeclared(body, declared) : decodeUtf8(body);
  // A NUL past the sniffed start is binary too (and node:sqlite would cut the text at it).
  return decoded.text.includes('\0') ? null : decoded;
}

function decodeUtf8(body: Uint8Array): Decoded {
  try {
    return { text: strictUtf8.decode(body) };
  } catch {
    return { text: lenientUtf8.decode(body), warning: `not valid UTF-8; ${REPLACED}` };
  }
}

function decodeDeclared(body: Uint8Array, name: string): Decoded {
  const decoder = decoderFor(name);
  if (!decoder) {
    const utf8 = decodeUtf8(body);
    const unknown = `declares the encoding "${name}", which Code Index cannot decode; read as UTF-8`;
    return { text: utf8.text, warning: utf8.warning ? `${unknown}, ${utf8.warning}` : unknown };
  }
  try {
    return { text: decoder(body, true) };
  } catch {
    return { text: decoder(body, false), warning: `not valid ${name}, as it declares; ${REPLACED}` };
  }
}
