/**
 * Sentence splitting for Chinese text, with offsets into the body. A sentence ends at 。！？ (and
 * ! ?), and at ；; when `semicolons` is on, together with any closing quotes or brackets after
 * it, but never inside a bracket or quote pair (（）()「」『』“”《》【】[] -{ }-): 伊维卡·奥利奇（，；）
 * and 「……。……。」 stay whole. A pair only protects when it closes within MAX_PROTECTED_CHARS on
 * the same line, so one stray bracket cannot swallow a paragraph.
 */

export interface Sentence {
  text: string;
  /** Offsets in the article body. */
  start: number;
  end: number;
  /** Index of the paragraph (body line) it belongs to. */
  paragraph: number;
}

export interface SplitOptions {
  /** Does ；/; end a sentence? (Default true: news lists 一是…；二是… read as separate facts.) */
  semicolons?: boolean;
}

/** Longest bracketed or quoted stretch kept whole (longer ones are speeches: split inside). */
export const MAX_PROTECTED_CHARS = 200;

/** Bracket and quote pairs: an opener's code → its closer's code. */
const PAIRS: [string, string][] = [
  ["（", "）"],
  ["(", ")"],
  ["「", "」"],
  ["『", "』"],
  ["“", "”"],
  ["《", "》"],
  ["【", "】"],
  ["[", "]"],
  ["〔", "〕"],
  ["{", "}"],
];
/** Character classes by UTF-16 code (one table lookup per character: splitting runs per question). */
const OPEN = 1;
const CLOSE = 2;
const END = 4;
const SEMICOLON = 8;
const TRAILER = 16;
const CLASS = new Uint8Array(65536);
const CLOSER_OF = new Uint16Array(65536);
for (const [open, close] of PAIRS) {
  CLASS[open.charCodeAt(0)] |= OPEN;
  CLASS[close.charCodeAt(0)] |= CLOSE;
  CLOSER_OF[open.charCodeAt(0)] = close.charCodeAt(0);
}
for (const ch of "。！？!?…") CLASS[ch.charCodeAt(0)] |= END;
for (const ch of "；;") CLASS[ch.charCodeAt(0)] |= SEMICOLON;
for (const ch of "”’」』）)\"'》】") CLASS[ch.charCodeAt(0)] |= TRAILER;

/** A short fragment naming who spoke: 高唐县农业农村局副局长张巧说。 */
const ATTRIBUTION = /^.{0,40}(说|表示|介绍|指出|认为|强调|称)[。！]?$/u;
const WORD = /[\p{L}\p{N}]/u;
/** The closing quotes an attributed quote ends with (”’」』), by UTF-16 code. */
const QUOTE_CLOSE = new Uint8Array(65536);
for (const ch of "”’」』") QUOTE_CLOSE[ch.charCodeAt(0)] = 1;
/** Per BMP code unit: 1 a letter or digit (WORD), 2 not, 0 not yet known. */
const WORD_CODE = new Uint8Array(65536);

/** Does line[from, to) hold a letter or digit (WORD.test of that stretch, by a table per code)? */
function hasWord(line: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = line.charCodeAt(i);
    // A surrogate is half a character: let the pattern read the stretch.
    if (code >= 0xd800 && code <= 0xdfff) return WORD.test(line.slice(from, to));
    let known = WORD_CODE[code];
    if (known === 0) known = WORD_CODE[code] = WORD.test(String.fromCharCode(code)) ? 1 : 2;
    if (known === 1) return true;
  }
  return false;
}
/** Code units String.prototype.trim removes: ECMAScript's WhiteSpace and LineTerminator. */
const SPACE = new Uint8Array(65536);
for (const c of [0x9, 0xa, 0xb, 0xc, 0xd, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]) SPACE[c] = 1;
SPACE.fill(1, 0x2000, 0x200b);

/**
 * The stretches of a line strictly inside a matched bracket or quote pair, as [from, to) pairs,
 * or undefined when the line has none. In the same pass, the offsets of the characters in class
 * `enders` go to `enderAt` (the cut candidates: a line is read once).
 */
function protectedRanges(line: string, from: number, to: number, enders: number, enderAt: number[]): number[] | undefined {
  let stack: number[] | undefined;
  let ranges: number[] | undefined;
  enderAt.length = 0;
  for (let i = from; i < to; i++) {
    const c = CLASS[line.charCodeAt(i)];
    if (c === 0) continue;
    if (c & enders) enderAt.push(i);
    if (c & OPEN) {
      (stack ??= []).push(i);
      continue;
    }
    if (!(c & CLOSE) || !stack) continue;
    const code = line.charCodeAt(i);
    // Close the nearest opener of this kind; openers above it were never closed (ignored).
    for (let s = stack.length - 1; s >= 0; s--) {
      if (CLOSER_OF[line.charCodeAt(stack[s])] !== code) continue;
      if (i - stack[s] <= MAX_PROTECTED_CHARS) (ranges ??= []).push(stack[s] + 1, i);
      stack.length = s;
      break;
    }
  }
  return ranges;
}

const ENDER = END | SEMICOLON;
const QUOTE_CLOSERS = "”’」』\"'";
/** The enders of the line being cut (reused: splitting runs for every article a question reads). */
const enderAt: number[] = [];

/** Cut points of a line stretch [from, to): offsets where a sentence ends (exclusive). */
function sentenceEnds(line: string, from: number, to: number, semicolons: boolean): number[] {
  const enders = semicolons ? ENDER : END;
  const ranges = protectedRanges(line, from, to, enders, enderAt);
  // Inside a pair, except a full stop at the very end of a quote: 「……。」 ends a sentence after
  // the closing quote, while （，；） inside a name does not.
  const inside = (i: number) => {
    if (!ranges) return false;
    for (let r = 0; r < ranges.length; r += 2) {
      if (i < ranges[r] || i >= ranges[r + 1]) continue;
      if (!(CLASS[line.charCodeAt(i)] & END) || !QUOTE_CLOSERS.includes(line[ranges[r + 1]])) return true;
      let j = i + 1;
      while (j < ranges[r + 1] && CLASS[line.charCodeAt(j)] & enders) j++;
      return j < ranges[r + 1];
    }
    return false;
  };
  const ends: number[] = [];
  // The first ender at or after i that is not inside a pair cuts; the scan goes on after the cut.
  let i = from;
  for (let k = 0; k < enderAt.length; k++) {
    const at = enderAt[k];
    if (at < i || inside(at)) continue;
    let j = at + 1;
    while (j < to && CLASS[line.charCodeAt(j)] & enders) j++;
    while (j < to && CLASS[line.charCodeAt(j)] & TRAILER && !(CLASS[line.charCodeAt(j)] & OPEN)) j++;
    ends.push(j);
    i = j;
  }
  if (ends.at(-1) !== to) ends.push(to);
  return ends;
}

export function splitSentences(body: string, options: SplitOptions = {}): Sentence[] {
  const semicolons = options.semicolons ?? true;
  const sentences: Sentence[] = [];
  let offset = 0;
  body.split("\n").forEach((line, paragraph) => {
    let from = 0;
    for (const end of sentenceEnds(line, 0, line.length, semicolons)) {
      // The stretch trimmed by code (what String.prototype.trim does, without two extra strings).
      let a = from;
      let z = end;
      while (a < z && SPACE[line.charCodeAt(a)]) a++;
      while (z > a && SPACE[line.charCodeAt(z - 1)]) z--;
      from = end;
      if (!hasWord(line, a, z)) continue;
      const text = line.slice(a, z);
      const start = offset + a;
      const previous = sentences[sentences.length - 1];
      // The cheap test first: few sentences end in a closing quote, and the attribution pattern backtracks.
      if (
        previous &&
        previous.paragraph === paragraph &&
        QUOTE_CLOSE[previous.text.charCodeAt(previous.text.length - 1)] &&
        ATTRIBUTION.test(text)
      ) {
        // “……。”张巧说。 — the speaker belongs to the quote.
        previous.text += text;
        previous.end = start + text.length;
        continue;
      }
      sentences.push({ text, start, end: start + text.length, paragraph });
    }
    offset += line.length + 1;
  });
  return sentences;
}

/** Clauses of a sentence (split after ，、：；, keeping the punctuation), with offsets in it. */
export function splitClauses(sentence: string): { text: string; start: number }[] {
  const clauses: { text: string; start: number }[] = [];
  for (const m of sentence.matchAll(/[^，,：:；;]+[，,：:；;]?/g)) clauses.push({ text: m[0], start: m.index ?? 0 });
  return clauses;
}
