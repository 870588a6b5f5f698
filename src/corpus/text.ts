/**
 * Character-level helpers for PDF-to-text Chinese newspaper text: which characters are CJK,
 * how to join broken lines, how to undo letter-spacing, and what a headline line looks like.
 */

/** CJK punctuation and full-width forms (not ideographs): spaces next to these are layout noise. */
const CJK_PUNCT_CLASS =
  "\\u3000-\\u303F\\uFF00-\\uFFEF\\u2010-\\u2027\\u00B7\\uFE10-\\uFE1F\\uFE30-\\uFE4F";
/** Everything a space in Chinese body text may touch only by accident of layout. */
const CJK_CLASS = `\\p{Script=Han}\\u3040-\\u30FF${CJK_PUNCT_CLASS}\\u25A0-\\u25FF`;

const HAN_RE = /\p{Script=Han}/u;
const CJK_PUNCT_RE = new RegExp(`[${CJK_PUNCT_CLASS}]`, "u");
const SPACE_TOUCHING_CJK_RE = new RegExp(`(?<=[${CJK_CLASS}]) | (?=[${CJK_CLASS}])`, "gu");
const SPACE_TOUCHING_CJK_PUNCT_RE = new RegExp(`(?<=[${CJK_PUNCT_CLASS}]) | (?=[${CJK_PUNCT_CLASS}])`, "gu");
const SPACE_HAN_DIGIT_RE = /(?<=\p{Script=Han}) (?=[0-9])|(?<=[0-9]) (?=\p{Script=Han})/gu;

export function isHan(ch: string): boolean {
  return HAN_RE.test(ch);
}

export function isCjkPunct(ch: string): boolean {
  return CJK_PUNCT_RE.test(ch);
}

/**
 * Normalise raw page text into trimmed lines: CRLF/CR line ends, NBSP, U+3000, tabs and other
 * odd spaces become plain spaces, zero-width characters and BOMs disappear.
 */
export function toLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, "")
    // stray control bytes from PDF extraction
    // eslint-disable-next-line no-control-regex -- the control characters are what this removes
    .replace(/[\u0000-\u0008\u000E-\u001F\u007F]/g, "")
    .replace(/[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, " ")
    .split("\n")
    .map((line) => line.trim());
}

/**
 * Visual width of a line in em: CJK characters are full width, ASCII half width. Used to compare
 * a line with the column width around it.
 */
export function visualWidth(line: string): number {
  let width = 0;
  for (const ch of line) width += ch.charCodeAt(0) < 0x2000 ? 0.5 : 1;
  return width;
}

/**
 * Join a line broken by the layout to the next one. Chinese has no word spaces, so the halves
 * join directly; only two Latin words get a space back.
 */
export function joinLines(left: string, right: string): string {
  if (!left) return right;
  if (!right) return left;
  return needsSpace(left, right) ? `${left} ${right}` : left + right;
}

/** Whether two consecutive line pieces need a space between them (Latin letter on both sides). */
function needsSpace(left: string, right: string): boolean {
  return isLatinLetter(left.charCodeAt(left.length - 1)) && isLatinLetter(right.charCodeAt(0));
}

function isLatinLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * joinLines over many lines at once. Linear: looks only at neighbouring lines, never at a growing
 * joined string (regexes on long concatenated strings make V8 flatten them again and again).
 */
export function joinAllLines(lines: readonly string[]): string {
  const parts: string[] = [];
  let previous = "";
  for (const line of lines) {
    if (!line) continue;
    parts.push(previous && needsSpace(previous, line) ? ` ${line}` : line);
    previous = line;
  }
  return parts.join("");
}

/**
 * Clean body text: every space touching a CJK character or CJK punctuation is layout noise
 * (letter-spacing, "690 万台", "12 月 1 日"); between two Latin/digit runs a single space stays.
 */
export function despaceBody(text: string): string {
  return text.replace(/\s+/g, " ").replace(SPACE_TOUCHING_CJK_RE, "").trim();
}

/**
 * Clean a headline or byline: spaces there can be meaningful (专注特定细分市场 发展水平行业领先,
 * 记者 尹腾淑 通讯员 李绍远), so only letter-spaced runs of single ideographs are collapsed
 * (本 报 记 者 → 本报记者), plus spaces touching CJK punctuation or between ideographs and digits.
 */
export function normalizeHeading(text: string): string {
  const collapsed = text
    .replace(/\s+/g, " ")
    .trim()
    .replace(SPACE_TOUCHING_CJK_PUNCT_RE, "")
    .replace(SPACE_HAN_DIGIT_RE, "");
  const tokens = collapsed.split(" ");
  let out = tokens[0] ?? "";
  for (let i = 1; i < tokens.length; i++) {
    const left = trailingHanRun(tokens[i - 1]);
    const right = leadingHanRun(tokens[i]);
    // Both sides a lone ideograph: letter-spacing, not a word break.
    out += left === 1 && right === 1 ? tokens[i] : ` ${tokens[i]}`;
  }
  return out;
}

function trailingHanRun(token: string): number {
  const chars = [...token];
  let n = 0;
  for (let i = chars.length - 1; i >= 0 && isHan(chars[i]); i--) n++;
  return n;
}

function leadingHanRun(token: string): number {
  let n = 0;
  for (const ch of token) {
    if (!isHan(ch)) break;
    n++;
  }
  return n;
}

/** Closing quotes/brackets that may follow a sentence-final mark. */
const CLOSERS = "”’」』）)》\"'";

const SENTENCE_END_RE = new RegExp(`[。！？!?][${CLOSERS}]*$`, "u");
const BODY_END_RE = new RegExp(`(?:[。，、；：…！？,;:!?][${CLOSERS}]*|[“‘（(《「『])$`, "u");
const PHRASE_SPACE_RE = new RegExp(`[\\p{Script=Han}${CJK_PUNCT_CLASS}] [\\p{Script=Han}${CJK_PUNCT_CLASS}]`, "u");

/** Ends a sentence: 。！？ (or !?), optionally followed by closing quotes/brackets. */
export function endsSentence(text: string): boolean {
  return SENTENCE_END_RE.test(text.trimEnd());
}

/** Ends like running text: sentence or clause punctuation, an ellipsis, or an opening bracket. */
export function endsLikeBody(text: string): boolean {
  return BODY_END_RE.test(text.trimEnd());
}

/** Longest headline line we accept (in characters, after de-spacing). */
export const MAX_HEADLINE_CHARS = 40;

/**
 * A line that can belong to a headline block: short, no 。 inside, not ending like body text,
 * with at least one ideograph, and not a ■ credit.
 */
export function isHeadlineLike(line: string): boolean {
  if (line.length > MAX_HEADLINE_CHARS * 4) return false; // even letter-spaced, far too long
  const t = despaceBody(line);
  if (!t || t.startsWith("■")) return false;
  if ([...t].length > MAX_HEADLINE_CHARS) return false;
  if (t.includes("。")) return false;
  if (endsLikeBody(t)) return false;
  if (/^[（(].*[）)]$/u.test(t)) return false; // a sign-off like （本报记者 张三）, not a title
  return HAN_RE.test(t);
}

/** Page furniture that belongs to no item: editor credits, edition marks (责任编辑：张三, 第3版). */
export function isPageFurniture(line: string): boolean {
  const t = despaceBody(line);
  return /^(?:责任编辑|责编|编辑|校对|审核|审读|美编|版式|组版|编审|制图|终审)[:：]/u.test(t) || /^第?[A-Z]?\d{1,2}版/u.test(t);
}

/** True when a normalised heading keeps a space between two phrases (a subhead's typical shape). */
export function hasPhraseSpace(heading: string): boolean {
  return PHRASE_SPACE_RE.test(heading);
}

/** The first sentence of a text (up to and including 。！？ or the end). */
export function firstSentence(text: string): string {
  const m = /^[\s\S]*?[。！？!?][”’」』）)]*/u.exec(text);
  return m ? m[0] : text;
}

/**
 * A short title made from a caption or body: its first sentence without a leading date, cut at a
 * clause boundary to at most `max` characters, without trailing punctuation.
 */
export function deriveHeadline(text: string, max = MAX_HEADLINE_CHARS): string {
  let s = firstSentence(text.trim())
    .replace(/^(\d{4}年)?\d{1,2}月\d{1,2}日(\d{1,2}时)?(晚|上午|下午|晚上|清晨|凌晨|早上|中午)?[，,、\s]*/u, "")
    .trim();
  const chars = [...s];
  if (chars.length > max) {
    const head = chars.slice(0, max + 1).join("");
    let cut = -1;
    for (const mark of ["，", "；", "：", "、", ",", ";"]) cut = Math.max(cut, head.lastIndexOf(mark));
    s = cut >= 4 ? head.slice(0, cut) : chars.slice(0, max).join("");
  }
  return s.replace(/[。！？!?，、；：,;:…\s]+$/u, "").trim();
}
