/**
 * Decode a corpus file's bytes: UTF-8 (with or without BOM), UTF-16 LE/BE (BOM, or the unmistakable
 * NUL pattern of Latin/CJK text), GB18030/GBK. Binary and undecodable files are refused with a
 * reason instead of becoming garbage articles.
 */
import iconv from "iconv-lite";

export type Decoded =
  | { ok: true; text: string; encoding: string; /** set when the text was read with repairs */ warning?: string }
  | { ok: false; reason: string };

/** Broken UTF-8 sequences tolerated (replaced) in an otherwise valid UTF-8 file: per character. */
const MAX_BROKEN_UTF8_SHARE = 0.002;
/** Share of GBK double-byte characters that must fall in GB2312 (common characters). */
const MIN_COMMON_GB_SHARE = 0.8;

/** Control bytes other than tab, LF, VT, FF, CR and ESC. */
function isControlByte(b: number): boolean {
  return (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b) || b === 0x7f;
}

/** Share of control characters (excluding ordinary whitespace) in decoded text. */
function controlShare(text: string): number {
  if (!text.length) return 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d) || c === 0x7f) bad++;
  }
  return bad / text.length;
}

function countChar(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

function utf16Guess(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 8192);
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  // ASCII in UTF-16 puts a NUL in every other byte; require that pattern on one side only.
  if (oddZero / pairs > 0.3 && evenZero / pairs < 0.05) return "utf-16le";
  if (evenZero / pairs > 0.3 && oddZero / pairs < 0.05) return "utf-16be";
  return null;
}

/**
 * Does a byte string read as GBK/GB18030 Chinese? Walks the multi-byte structure: every lead byte
 * needs a valid trail, and most double-byte characters must be common (GB2312) ones, which random
 * bytes or mis-decoded UTF-8 are not.
 */
function plausibleGb(bytes: Uint8Array): boolean {
  let multi = 0;
  let common = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    if (b === 0x80 || b === 0xff) return false;
    const t = bytes[i + 1];
    if (t === undefined) return false;
    if (t >= 0x30 && t <= 0x39) {
      // GB18030 four-byte sequence
      const t2 = bytes[i + 2];
      const t3 = bytes[i + 3];
      if (t2 === undefined || t3 === undefined || t2 < 0x81 || t2 > 0xfe || t3 < 0x30 || t3 > 0x39) return false;
      multi++;
      i += 4;
      continue;
    }
    if (t < 0x40 || t === 0x7f || t === 0xff) return false;
    multi++;
    if (((b >= 0xa1 && b <= 0xa9) || (b >= 0xb0 && b <= 0xf7)) && t >= 0xa1 && t <= 0xfe) common++;
    i += 2;
  }
  return multi > 0 && common / multi >= MIN_COMMON_GB_SHARE;
}

function finish(text: string, encoding: string, warning?: string): Decoded {
  if (!text.trim()) return { ok: false, reason: "empty file" };
  if (controlShare(text) > 0.01) return { ok: false, reason: `binary file (control characters after ${encoding} decoding)` };
  return warning ? { ok: true, text, encoding, warning } : { ok: true, text, encoding };
}

/** Decode bytes to text, or say why not ("empty file", "binary file …", "undecodable …"). */
export function decodeBytes(input: Uint8Array): Decoded {
  const bytes = input instanceof Buffer ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.length === 0) return { ok: false, reason: "empty file" };

  // 1. Byte order marks.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    try {
      return finish(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(3)), "utf-8-bom");
    } catch {
      return { ok: false, reason: "undecodable: UTF-8 byte order mark but invalid UTF-8" };
    }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return finish(iconv.decode(bytes.subarray(2), "utf-16le"), "utf-16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return finish(iconv.decode(bytes.subarray(2), "utf-16be"), "utf-16be");

  // 2. NUL bytes: UTF-16 without BOM, or binary.
  if (bytes.includes(0)) {
    const guess = utf16Guess(bytes);
    if (guess) {
      const decoded = finish(iconv.decode(bytes, guess), guess);
      if (decoded.ok && countChar(decoded.text, "\uFFFD") === 0) return decoded;
    }
    return { ok: false, reason: "binary file (contains NUL bytes)" };
  }
  let controls = 0;
  for (const b of bytes) if (isControlByte(b)) controls++;
  if (controls / bytes.length > 0.01) return { ok: false, reason: "binary file (control characters)" };

  // 3. Strict UTF-8.
  try {
    return finish(new TextDecoder("utf-8", { fatal: true }).decode(bytes), "utf-8");
  } catch {
    // not UTF-8: try the Chinese legacy encoding next
  }

  // 4. GB18030 (a superset of GBK and GB2312), only when it reads as Chinese.
  if (plausibleGb(bytes)) return finish(iconv.decode(bytes, "gb18030"), "gb18030");

  // 5. UTF-8 with a few broken bytes in a lot of valid text: keep the text, drop the debris.
  const lenient = new TextDecoder("utf-8").decode(bytes);
  const broken = countChar(lenient, "\uFFFD");
  if (broken / Math.max(1, lenient.length) <= MAX_BROKEN_UTF8_SHARE) {
    return finish(
      lenient.replace(/\uFFFD/g, ""),
      "utf-8",
      `${broken} invalid UTF-8 byte sequence(s) dropped`,
    );
  }
  return { ok: false, reason: `undecodable: invalid UTF-8 (${broken} bad sequences) and not GB18030/GBK text` };
}
