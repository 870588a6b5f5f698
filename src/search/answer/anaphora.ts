/**
 * Sentences that point back: 它是…, 这些都市…, 无论如何，这些… say what they say of the previous
 * sentence's subject, so an answer made of one alone names nothing (the engine joins the two).
 */

/** The words that point back at the previous sentence's subject. */
const ANAPHORS = "(?:它们?|他们?|她们?|其|此|该|这|那|后者|前者)";

/** A sentence (normalized) that opens with an anaphor: the ranker's pronounStart feature. */
export const OPENS_WITH_ANAPHOR = new RegExp(`^${ANAPHORS}`, "u");

/** An anaphor at the start, or after a short leading clause. */
const POINTS_BACK = new RegExp(`^(?:[^，,。]{1,8}[，,])?${ANAPHORS}`, "u");

/** Does this sentence (normalized: simplified, NFKC) point back to the previous one? */
export function pointsBack(sentenceNorm: string): boolean {
  return POINTS_BACK.test(sentenceNorm);
}
