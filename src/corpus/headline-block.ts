/**
 * The headline block of an item. On these pages an item's headline lines come AFTER its body:
 * an optional kicker (引题), the main headline, an optional subtitle (副题, starting with ——).
 */
import type { RegionLine } from "./paragraphs.js";
import { isHeadlineLike, joinLines, normalizeHeading } from "./text.js";

/** More trailing short lines than this are a list or table in the body, not a headline. */
const MAX_HEADLINE_LINES = 5;

export interface HeadlineParts {
  kicker: string | null;
  headline: string | null;
  subtitle: string | null;
}

/** Split a region into its body and the trailing run of headline-like lines (blank lines kept). */
export function splitHeadlineBlock(lines: RegionLine[]): { body: RegionLine[]; block: RegionLine[] } {
  let start = lines.length;
  let count = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const text = lines[i].text;
    if (!text) continue;
    if (count >= MAX_HEADLINE_LINES || !isHeadlineLike(text)) break;
    count++;
    start = i;
  }
  return { body: lines.slice(0, start), block: lines.slice(start) };
}

const LEADING_DASH = /^(?:[—―─]+|[-－]{2,})\s*/u;
const TRAILING_DASH = /\s*(?:[—―─]+|[-－]{2,})$/u;

/**
 * Units of a block: blank lines separate groups; inside a group a line starting with —— opens a
 * subtitle and a line ending with —— closes a kicker. Other lines of a group are one headline
 * broken over lines, joined without space.
 */
function blockUnits(block: RegionLine[]): string[] {
  const units: string[] = [];
  let current = "";
  const push = () => {
    if (current) units.push(current);
    current = "";
  };
  for (const { text } of block) {
    if (!text) {
      push();
      continue;
    }
    if (LEADING_DASH.test(text)) push();
    current = joinLines(current, text);
    if (TRAILING_DASH.test(text)) push();
  }
  push();
  return units.map(normalizeHeading).filter(Boolean);
}

/**
 * Kicker, headline and subtitle of a block. Without —— markers, the last unmarked unit is the
 * headline and earlier ones are the kicker. The kicker loses its trailing ——, the subtitle its
 * leading ——.
 */
export function parseHeadlineBlock(block: RegionLine[]): HeadlineParts {
  const units = blockUnits(block);
  if (units.length === 0) return { kicker: null, headline: null, subtitle: null };
  const isSub = (u: string) => LEADING_DASH.test(u);
  const isKick = (u: string) => !isSub(u) && TRAILING_DASH.test(u);
  let main = -1;
  for (let i = units.length - 1; i >= 0 && main < 0; i--) if (!isSub(units[i]) && !isKick(units[i])) main = i;
  if (main < 0) main = units.findLastIndex((u) => !isSub(u));
  if (main < 0) main = 0; // only subtitles: promote the first

  const strip = (u: string) => u.replace(LEADING_DASH, "").replace(TRAILING_DASH, "").trim();
  const kickers: string[] = [];
  const subtitles: string[] = [];
  units.forEach((u, i) => {
    if (i === main) return;
    if (isSub(u)) subtitles.push(strip(u));
    else kickers.push(strip(u));
  });
  const join = (parts: string[]) => (parts.filter(Boolean).length ? parts.filter(Boolean).join(" ") : null);
  return { kicker: join(kickers), headline: strip(units[main]) || null, subtitle: join(subtitles) };
}
