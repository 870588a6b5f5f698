/**
 * Which candidates answer selection can read the score of: those that may answer at all
 * (answerOrder lists them, whatever the scores) and their sentence neighbours in the same article
 * (an answer takes in a neighbour the ranker rates nearly as high). Scoring is the costliest step
 * per candidate, and a third of them are neither.
 */
import { answerOrder } from "./abstain.js";
import type { Candidate } from "./features.js";

/** The place of a candidate in its article: the key answer selection looks neighbours up by. */
export const placeKey = (c: Candidate, sentence = c.sentence) => `${c.text.article.id}\u0000${sentence}`;

/** 1 for each candidate whose score may be read. */
export function reachableCandidates(candidates: readonly Candidate[]): Uint8Array {
  const reachable = new Uint8Array(candidates.length);
  const byPlace = new Map<string, number>();
  candidates.forEach((c, i) => byPlace.set(placeKey(c), i));
  for (const i of answerOrder(candidates as Candidate[], new Float64Array(candidates.length))) {
    reachable[i] = 1;
    for (const n of [candidates[i].sentence - 1, candidates[i].sentence + 1]) {
      const j = byPlace.get(placeKey(candidates[i], n));
      if (j !== undefined) reachable[j] = 1;
    }
  }
  return reachable;
}
