/**
 * Text normalization shared by indexing and querying: NFKC (full-width → half-width), traditional →
 * simplified Chinese, Latin lower-cased. Normalization is kept length-preserving per character so a
 * match found in normalized text maps back to the same offsets in the original (for highlighting).
 */
import { endianness } from "node:os";
import { toSimplified } from "./simplify.js";

const CJK = /\p{Script=Han}/u;

/** Normalize one character (or surrogate pair) to exactly one output character when possible. */
function normalizeChar(ch: string): string {
  let out = ch.normalize("NFKC");
  if (out.length !== ch.length && [...out].length !== 1) out = ch; // e.g. ㎡ → m2: keep alignment
  if (CJK.test(out)) {
    const simple = toSimplified(out);
    if ([...simple].length === 1) out = simple;
  }
  return out.toLowerCase().length === out.length ? out.toLowerCase() : out;
}

const cache = new Map<string, string>();
/**
 * Per BMP code unit that is not a surrogate: its normalized code unit + 1 (0: not yet known). Answer
 * selection normalizes every candidate article per question, so this is one lookup per character.
 */
const BMP = new Uint32Array(65536);
const CHUNK = 8192;
const LITTLE_ENDIAN = endianness() === "LE";

function normalizePair(ch: string): string {
  let n = cache.get(ch);
  if (n === undefined) {
    n = normalizeChar(ch);
    if (n.length !== ch.length) n = ch;
    if (cache.size < 50_000) cache.set(ch, n);
  }
  return n;
}

/**
 * Normalize text for matching. The result has the same length (in UTF-16 units) as the input, so
 * offsets carry over to the original text.
 */
export function normalizeAligned(text: string): string {
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      // A surrogate pair is one character (normalized as one, or kept); a lone surrogate is kept.
      const pair = c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      const ch = pair ? text.slice(i, i + 2) : text[i];
      const n = pair ? normalizePair(ch) : ch;
      for (let k = 0; k < n.length; k++) codes[i + k] = n.charCodeAt(k);
      if (pair) i++;
      continue;
    }
    let m = BMP[c];
    if (m === 0) {
      const n = normalizePair(String.fromCharCode(c));
      m = BMP[c] = n.charCodeAt(0) + 1;
    }
    codes[i] = m - 1;
  }
  return codesToString(codes);
}

/**
 * The string of UTF-16 codes. Decoding the bytes as UTF-16LE (they are in the machine's order,
 * little-endian wherever Node runs) is one native copy, some 40× faster than String.fromCharCode
 * over chunks; like it, it keeps lone surrogates as they are.
 */
function codesToString(codes: Uint16Array): string {
  if (LITTLE_ENDIAN) return Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength).toString("utf16le");
  let out = "";
  for (let i = 0; i < codes.length; i += CHUNK) out += String.fromCharCode(...codes.subarray(i, i + CHUNK));
  return out;
}

/**
 * Normalize a query or a document for analysis. Phrase-level traditional → simplified conversion is
 * used here (better than per character), so offsets are not preserved.
 */
export function normalizeText(text: string): string {
  let out = text.normalize("NFKC");
  if (CJK.test(out)) out = toSimplified(out);
  return out.toLowerCase();
}
