/** The encodings a transcript file may arrive in. */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Decoded, normalised text, or why the bytes are not a text file. */
export type DecodeResult = { ok: true; text: string; encoding: Encoding } | { ok: false; message: string };

/** More C0 control bytes than this share (besides tab, line feed, carriage return, form feed) means binary. */
const MAX_CONTROL_SHARE = 0.01;

/**
 * Decodes the bytes of a transcript file: UTF-8 with or without a BOM, UTF-16 LE/BE with a
 * BOM. Bytes with NUL (without a UTF-16 BOM), or invalid UTF-8 with many control bytes, are
 * binary. Other invalid UTF-8 is read as Windows-1252, what office tools on Windows save.
 * The text is normalised with `normalizeText`.
 */
export function decodeTranscript(bytes: Uint8Array): DecodeResult {
  const [b0, b1, b2] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return decodeWith('utf-8', bytes.subarray(3));
  if (b0 === 0xff && b1 === 0xfe) return decodeWith('utf-16le', bytes.subarray(2));
  if (b0 === 0xfe && b1 === 0xff) return decodeWith('utf-16be', bytes.subarray(2));
  if (bytes.includes(0)) return binary('contains NUL bytes');
  const utf8 = decodeWith('utf-8', bytes);
  if (utf8.ok) return utf8;
  const controls = bytes.reduce((count, byte) => count + (byte < 0x20 && ![0x09, 0x0a, 0x0c, 0x0d].includes(byte) ? 1 : 0), 0);
  if (controls > bytes.length * MAX_CONTROL_SHARE) return binary('not UTF-8 text and full of control bytes');
  return { ok: true, text: normalizeText(decodeWindows1252(bytes)), encoding: 'windows-1252' };
}

/**
 * Normalises decoded text so that the same turns in any encoding give the same string:
 * CR LF and CR become LF, no-break spaces become spaces, zero-width characters and stray
 * BOMs are removed. Curly quotes stay: the matcher treats them like straight ones.
 */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '');
}

/** Windows-1252 characters for bytes 0x80–0x9F; the rest is Latin-1. */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** By hand: Node's TextDecoder decodes `windows-1252` as Latin-1, losing curly quotes. */
function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  return text;
}

function decodeWith(encoding: Exclude<Encoding, 'windows-1252'>, bytes: Uint8Array): DecodeResult {
  try {
    const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
    if (text.includes('\u0000')) return binary('contains NUL characters');
    return { ok: true, text: normalizeText(text), encoding };
  } catch {
    return { ok: false, message: `not valid ${encoding.toUpperCase()} text` };
  }
}

function binary(why: string): DecodeResult {
  return { ok: false, message: `binary file (${why}); expected UTF-8 or UTF-16 text` };
}
