/**
 * The answer span: the part of an answer sentence that is the asked fact (79家 for 多少家, 11月19日
 * for 哪天, 第3名 for 第几), found with the same type patterns that picked the sentence. Readers
 * see it in bold, so they find the fact before reading the sentence.
 */
import { normalizeAligned } from "../../text/normalize.js";
import { findTypeHits, type QuestionIntent } from "./intent.js";

/** Spans per answer at most: 7家 and 79家 may both answer 多少家; a third is usually noise. */
const MAX_SPANS = 2;
/** Intents whose hits are the answer itself (a definition's 是指 or a list's items are not a fact to bold). */
const FACT_TYPES = new Set<QuestionIntent["type"]>(["quantity", "date", "ordinal", "person", "org", "place"]);

/**
 * [start, end) offsets (UTF-16) in answer of the asked fact, best fit first in text order; [] when
 * none. With `core` (the ranked sentence within a two-sentence answer), hits inside it come first:
 * the neighbour's figures are context, not the fact asked.
 */
export function answerFocus(answer: string, intent: QuestionIntent, core?: [number, number]): [number, number][] {
  if (!FACT_TYPES.has(intent.type)) return [];
  const all = findTypeHits(normalizeAligned(answer), intent);
  const inCore = core ? all.filter((h) => h.start >= core[0] && h.end <= core[1]) : [];
  const hits = inCore.length > 0 ? inCore : all;
  if (hits.length === 0) return [];
  const best = Math.max(...hits.map((h) => h.fit));
  const spans: [number, number][] = [];
  for (const hit of hits) {
    if (hit.fit < best || spans.some(([s, e]) => hit.start < e && s < hit.end)) continue;
    spans.push([hit.start, hit.end]);
    if (spans.length === MAX_SPANS) break;
  }
  return spans.sort((a, b) => a[0] - b[0]);
}
