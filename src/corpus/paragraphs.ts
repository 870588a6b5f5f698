/**
 * Rebuild paragraphs from PDF-to-text column lines. The layout breaks lines mid-word and drops
 * blank lines inside paragraphs (column and page breaks), so neither a line end nor a blank line
 * alone ends a paragraph: only a sentence end does, before a blank line or on a short line.
 */
import {
  despaceBody,
  endsSentence,
  hasPhraseSpace,
  isHeadlineLike,
  joinAllLines,
  normalizeHeading,
  visualWidth,
} from "./text.js";

/** One line of a text region; `text` is "" for a blank line. */
export interface RegionLine {
  text: string;
  /** Visual width of the whole printed line (em), even when `text` is only part of it. */
  width: number;
}

/** Build a region line from a raw printed line (and optionally only a tail of it). */
export function regionLine(printed: string, text: string = printed): RegionLine {
  return { text: text.trim(), width: visualWidth(despaceBody(printed)) };
}

/** Lines clearly shorter than this share of the column width end their paragraph. */
const SHORT_LINE_RATIO = 0.8;
/** How many lines either side to look at when estimating the local column width. */
const WIDTH_WINDOW = 6;

/** Column width around line `index`: the 75th percentile of nearby printed line widths. */
function columnWidth(lines: RegionLine[], index: number): number | null {
  const widths: number[] = [];
  const from = Math.max(0, index - WIDTH_WINDOW);
  const to = Math.min(lines.length, index + WIDTH_WINDOW + 1);
  for (let i = from; i < to; i++) if (lines[i].text) widths.push(lines[i].width);
  if (widths.length < 3) return null; // too little evidence to call a line short
  widths.sort((a, b) => a - b);
  return widths[Math.min(widths.length - 1, Math.floor(widths.length * 0.75))];
}

/**
 * A one-line paragraph between blank lines that reads like a heading (高位谋划部署 举好“指挥棒”):
 * two phrases split by a space, or clearly short and set off by blank lines on both sides.
 */
function isSubhead(line: RegionLine, blankBefore: boolean, width: number | null): boolean {
  if (!isHeadlineLike(line.text)) return false;
  if (hasPhraseSpace(normalizeHeading(line.text))) return true;
  return blankBefore && width !== null && line.width <= width * 0.85;
}

/**
 * Paragraphs of cleaned text from region lines. Subheads become their own paragraphs, cleaned as
 * headings (their inner space kept); other paragraphs are de-spaced body text.
 */
export function buildParagraphs(lines: RegionLine[]): string[] {
  const paragraphs: string[] = [];
  let bufferLines: RegionLine[] = [];
  let blankBefore = true;
  let blankBeforeBuffer = true;

  const flush = (asHeading: boolean) => {
    const joined = joinAllLines(bufferLines.map((l) => l.text));
    const text = asHeading ? normalizeHeading(joined) : despaceBody(joined);
    if (text) paragraphs.push(text);
    bufferLines = [];
  };

  lines.forEach((line, index) => {
    if (!line.text) {
      if (bufferLines.length > 0) {
        // The paragraph so far ends where its last line ends.
        if (endsSentence(bufferLines[bufferLines.length - 1].text)) flush(false);
        else if (bufferLines.length === 1 && isSubhead(bufferLines[0], blankBeforeBuffer, columnWidth(lines, index - 1)))
          flush(true);
        // Otherwise the blank line is a layout break inside the paragraph (要 / / 素保障).
      }
      blankBefore = true;
      return;
    }
    if (bufferLines.length === 0) blankBeforeBuffer = blankBefore;
    bufferLines.push(line);
    blankBefore = false;
    if (endsSentence(line.text)) {
      const width = columnWidth(lines, index);
      if (width !== null && line.width <= width * SHORT_LINE_RATIO) flush(false);
    }
  });
  if (bufferLines.length > 0) flush(false);
  return paragraphs;
}
