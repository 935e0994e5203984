// Reads one file from disk as text for the index, or says plainly why it is left out (binary, too
// large, vanished, unreadable). UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded.
// Messages leave the path out: the caller names it.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

export type SkipReason = 'binary' | 'too-large' | 'vanished' | 'unreadable';

export type SourceRead =
  | { ok: true; text: string; hash: string; size: number; mtimeMs: number; warning?: string }
  | { ok: false; reason: SkipReason; message: string };

const SNIFF_BYTES = 8000;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false });

export function readSource(absPath: string, _relPath: string, maxBytes: number): SourceRead {
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
  const decoded = decode(bytes);
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

function decode(bytes: Buffer): { text: string; warning?: string } | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  if (body.subarray(0, SNIFF_BYTES).includes(0)) return null;
  let decoded: { text: string; warning?: string };
  try {
    decoded = { text: strictUtf8.decode(body) };
  } catch {
    decoded = { text: lenientUtf8.decode(body), warning: 'not valid UTF-8; invalid bytes were replaced with U+FFFD' };
  }
  // A NUL past the sniffed start is binary too (and node:sqlite would cut the text at it).
  return decoded.text.includes('\0') ? null : decoded;
}
