/**
 * The headline field (kicker, headline, subtitle), scored exactly as the MiniSearch headline index
 * it replaces did: BM25+ with MiniSearch's parameters, its running average of field lengths and its
 * order of hits (score descending, ties by document). The postings are typed arrays of the compact
 * index (index-data.ts), so the headline index costs a few bytes per posting, is built with the rest
 * and restored from the snapshot without parsing anything.
 */
import { BM25, FIELD_BOOST } from "./fields.js";
import type { IndexData } from "./index-data.js";

/** One term's headline hits: articles best first (MiniSearch's order), their scores, and the articles sorted. */
export interface TitleScores {
  docs: Uint32Array;
  scores: Float64Array;
  docsSorted: Uint32Array;
}

/**
 * MiniSearch's average field length: a running average updated per document added, in order (the
 * same floating-point steps, so the same value to the last bit).
 */
export function runningAverage(lengths: Uint32Array): number {
  let average = 0;
  for (let count = 0; count < lengths.length; count++) average = (average * count + lengths[count]) / (count + 1);
  return average;
}

/**
 * The headline scores of term `id` (MiniSearch's `search(term, { fields: ["title"], boost: { title } })`):
 * BM25+ × the title boost, per article with the term in its headline.
 */
export function titleScores(data: IndexData, id: number, averageLength: number): TitleScores {
  const from = data.titleOffsets[id];
  const to = data.titleOffsets[id + 1];
  const matching = to - from;
  const { k, b, d } = BM25;
  const invDocFreq = Math.log(1 + (data.docCount - matching + 0.5) / (matching + 0.5));
  const docsSorted = data.titleDocs.slice(from, to);
  const raw = new Float64Array(matching);
  for (let i = 0; i < matching; i++) {
    const termFreq = data.titleTf[from + i];
    const fieldLength = data.titleLength[docsSorted[i]];
    // calcBM25Score, then termWeight × termBoost × fieldBoost × docBoost (1 × 1 × boost × 1), then × quality (1).
    const score = invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / averageLength)));
    raw[i] = 1 * 1 * FIELD_BOOST.title * 1 * score;
  }
  // MiniSearch sorts its hits by score, stably: equal scores stay in document order.
  const order = Array.from({ length: matching }, (_, i) => i).sort((x, y) => raw[y] - raw[x]);
  const docs = new Uint32Array(matching);
  const scores = new Float64Array(matching);
  order.forEach((at, i) => {
    docs[i] = docsSorted[at];
    scores[i] = raw[at];
  });
  return { docs, scores, docsSorted };
}
