/**
 * Traditional (Taiwan) → simplified Chinese, with OpenCC's tw2s dictionaries and OpenCC's own
 * algorithm (opencc-js: normalize, segment into dictionary phrases, convert each segment through
 * the chain), giving the same output as `OpenCC.Converter({ from: "tw", to: "cn" })`.
 *
 * Why not call that converter: it tries a dictionary match at every character of every trie, and
 * at 40k articles that was a third of jieba's own time in the index build. Here each trie also
 * knows which characters (and which pairs of them) start one of its keys, so a position no key
 * starts at is passed over with a typed-array read or two; in simplified text most are such
 * positions (3× faster on the bench's archive, the same output on 5.8 M characters of both scripts).
 */
import { Trie, type DictGroup, type DictLike } from "opencc-js/core";
import { configs } from "opencc-js/preset";

/** An opencc trie and the code points its keys start with. */
interface KeyedTrie {
  trie: Trie;
  /** Per BMP code point: 0 starts no key, 1 starts a one-character key, 2 starts only longer ones. */
  bmpStarts: Uint8Array;
  /** The pair filter of the longer keys' first two code units (see startsKey). */
  pairs: Uint32Array;
  /** Astral code points that start a key. */
  astralStarts: Set<number>;
}

/** The config opencc-js uses for { from: "tw", to: "cn" }. */
const TW_TO_SIMPLIFIED = "tw2s";

function keyedTrie(dicts: readonly DictLike[]): KeyedTrie {
  const trie = new Trie();
  trie.loadDictGroup(dicts);
  const bmpStarts = new Uint8Array(0x10000);
  const astralStarts = new Set<number>();
  const pairs = new Uint32Array(PAIR_BITS / 32);
  // A key is text[from, to): its first code point, and whether it is one character long.
  const start = (text: string, from: number, to: number) => {
    if (to <= from) return;
    const cp = text.codePointAt(from)!;
    if (cp > 0xffff) astralStarts.add(cp);
    else if (to - from === 1) bmpStarts[cp] = 1;
    else {
      if (bmpStarts[cp] === 0) bmpStarts[cp] = 2;
      const slot = pairSlot(cp, text.charCodeAt(from + 1));
      pairs[slot >>> 5] |= 1 << (slot & 31);
    }
  };
  for (const dict of dicts) {
    if (typeof dict === "string") {
      // "key value|key value|…", read in place (the phrase dictionaries are megabytes).
      for (let from = 0; from < dict.length;) {
        let end = dict.indexOf("|", from);
        if (end < 0) end = dict.length;
        const space = dict.indexOf(" ", from);
        start(dict, from, space >= 0 && space < end ? space : end);
        from = end + 1;
      }
    } else {
      for (const [key] of dict) start(key, 0, key.length);
    }
  }
  return { trie, bmpStarts, pairs, astralStarts };
}

/** Bits of the filter of a key's first two code units (a power of two; 128 KB a trie). */
const PAIR_BITS = 1 << 20;

function pairSlot(first: number, second: number): number {
  return (Math.imul(first, 0x9e3779b1) ^ second) & (PAIR_BITS - 1);
}

/**
 * Whether a key may start at `i`: its first code point starts a key, and it is a one-character key
 * or the next code unit may follow it in one (a filter: a false yes only costs a trie lookup).
 */
function startsKey(t: KeyedTrie, s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const cp = s.codePointAt(i)!;
    if (cp > 0xffff) return t.astralStarts.has(cp);
  }
  const start = t.bmpStarts[c];
  if (start !== 2) return start === 1;
  if (i + 1 >= s.length) return false;
  const slot = pairSlot(c, s.charCodeAt(i + 1));
  return (t.pairs[slot >>> 5] & (1 << (slot & 31))) !== 0;
}

// opencc-js's unmatched step, ported as it is: an ideographic description sequence (⿰氵青) is
// passed over whole, anything else one code point at a time.
function codePointLength(s: string, i: number): number {
  return s.codePointAt(i)! > 0xffff ? 2 : 1;
}

function descriptionArity(cp: number): number {
  if (cp >= 0x2ff0 && cp <= 0x2ff1) return 2;
  if (cp >= 0x2ff2 && cp <= 0x2ff3) return 3;
  if (cp >= 0x2ff4 && cp <= 0x2fff) return 2;
  return 0;
}

function descriptionEnd(s: string, i: number): number {
  const arity = descriptionArity(s.codePointAt(i)!);
  if (arity === 0) return 0;
  let end = i + codePointLength(s, i);
  for (let n = 0; n < arity; n++) {
    if (end >= s.length) return 0;
    const child = descriptionEnd(s, end);
    end = child || end + codePointLength(s, end);
  }
  return end;
}

function unmatchedLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0x2ff0 || (c > 0x2fff && (c < 0xd800 || c > 0xdbff))) return 1;
  const end = descriptionEnd(s, i);
  return end > i ? end - i : codePointLength(s, i);
}

/** Trie.convert: the longest key at each position is replaced; `s` itself when nothing matched. */
function convert(t: KeyedTrie, s: string): string {
  const n = s.length;
  let out: string[] | undefined;
  let copiedTo = 0;
  for (let i = 0; i < n;) {
    const matched = startsKey(t, s, i) ? t.trie.matchPrefix(s, i) : null;
    if (matched) {
      out ??= [];
      if (copiedTo < i) out.push(s.slice(copiedTo, i));
      out.push(matched.value);
      i = copiedTo = matched.end;
    } else {
      i += unmatchedLength(s, i);
    }
  }
  if (!out) return s;
  if (copiedTo < n) out.push(s.slice(copiedTo));
  return out.join("");
}

/** Trie.segment: runs without a key, and the longest keys, in order. */
function segment(t: KeyedTrie, s: string): string[] {
  const n = s.length;
  const segments: string[] = [];
  let runFrom = 0;
  for (let i = 0; i < n;) {
    const matched = startsKey(t, s, i) ? t.trie.matchPrefix(s, i) : null;
    if (matched) {
      if (runFrom < i) segments.push(s.slice(runFrom, i));
      segments.push(s.slice(i, matched.end));
      i = runFrom = matched.end;
    } else {
      i += unmatchedLength(s, i);
    }
  }
  if (runFrom < n) segments.push(s.slice(runFrom));
  return segments;
}

interface Converter {
  normalization: KeyedTrie[];
  segmentation: KeyedTrie;
  chain: KeyedTrie[];
}

let converter: Converter | undefined;

/** The tries, built on first use (opencc-js's dictionaries take some 100 ms to load). */
function twToSimplified(): Converter {
  if (converter) return converter;
  const config = configs[TW_TO_SIMPLIFIED] as unknown as {
    normalizationChain: DictGroup[];
    segmentation: DictGroup;
    conversionChain: DictGroup[];
  };
  return (converter = {
    normalization: config.normalizationChain.map(keyedTrie),
    segmentation: keyedTrie(config.segmentation),
    chain: config.conversionChain.map(keyedTrie),
  });
}

/** Traditional → simplified, exactly as opencc-js's tw → cn converter. */
export function toSimplified(text: string): string {
  const c = twToSimplified();
  let s = text;
  for (const t of c.normalization) s = convert(t, s);
  const segments = segment(c.segmentation, s);
  let out = "";
  for (let part of segments) {
    for (const t of c.chain) part = convert(t, part);
    out += part;
  }
  return out;
}
