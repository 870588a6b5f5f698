/**
 * Text normalization shared by indexing and querying: NFKC (full-width → half-width), traditional →
 * simplified Chinese, Latin lower-cased. Normalization is kept length-preserving per character so a
 * match found in normalized text maps back to the same offsets in the original (for highlighting).
 */
import * as OpenCC from "opencc-js";

type Convert = (text: string) => string;

let toSimplified: Convert | undefined;

/** opencc-js builds its dictionaries on first use; do it once per process. */
function simplifier(): Convert {
  if (!toSimplified) toSimplified = OpenCC.Converter({ from: "tw", to: "cn" }) as Convert;
  return toSimplified;
}

const CJK = /\p{Script=Han}/u;

/** Normalize one character (or surrogate pair) to exactly one output character when possible. */
function normalizeChar(ch: string): string {
  let out = ch.normalize("NFKC");
  if (out.length !== ch.length && [...out].length !== 1) out = ch; // e.g. ㎡ → m2: keep alignment
  if (CJK.test(out)) {
    const simple = simplifier()(out);
    if ([...simple].length === 1) out = simple;
  }
  return out.toLowerCase().length === out.length ? out.toLowerCase() : out;
}

const cache = new Map<string, string>();

/**
 * Normalize text for matching. The result has the same length (in UTF-16 units) as the input, so
 * offsets carry over to the original text.
 */
export function normalizeAligned(text: string): string {
  let out = "";
  for (const ch of text) {
    let n = cache.get(ch);
    if (n === undefined) {
      n = normalizeChar(ch);
      if (n.length !== ch.length) n = ch;
      if (cache.size < 50_000) cache.set(ch, n);
    }
    out += n;
  }
  return out;
}

/**
 * Normalize a query or a document for analysis. Phrase-level traditional → simplified conversion is
 * used here (better than per character), so offsets are not preserved.
 */
export function normalizeText(text: string): string {
  let out = text.normalize("NFKC");
  if (CJK.test(out)) out = simplifier()(out);
  return out.toLowerCase();
}
