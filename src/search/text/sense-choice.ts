/**
 * Choosing among a dictionary's senses by the corpus. "Party" is 一方, 聚会 or 党; in a question
 * about a bureau's secretary it is the sense found in the articles that hold the question's other
 * words. One retrieval over all the question's terms gives the articles the question is about;
 * each sense then scores by how many of the other words stand beside it in those articles.
 */

/** What sense choice needs from the index. */
export interface SenseCorpus {
  /** The best articles for these concepts (each a list of alternative terms), best first. */
  topArticles(concepts: string[][], limit: number): number[];
  /** Does article `n` hold this term (headline or body)? */
  has(n: number, term: string): boolean;
  /** Corpus terms of two or more characters that begin with this one, most frequent first. */
  termsStartingWith(prefix: string, limit: number): string[];
}

/** One translated phrase's candidate terms (best first by the dictionary), reordered in place. */
export interface SenseUnit {
  terms: string[];
  /** Only units with a choice to make are reordered (dictionary senses, not names). */
  ambiguous: boolean;
  /** Does the corpus use any of its terms? A unit it lacks stays as it is (the corpus lacks it). */
  known: boolean;
  /** One-character senses (党, 副, 省), tried through the corpus's longer words when no other fits. */
  singles?: string[];
  /** Set when none of its senses stands beside the question's other words in any top article. */
  isolated?: boolean;
}

/** Articles read for co-occurrence: enough to hold the answer's article, few enough to be cheap. */
const CONTEXT_ARTICLES = 20;
/** Vocabulary terms tried for a one-character sense (党 → 党组, 党委 …). */
const PREFIX_TERMS = 64;

/**
 * Reorder each ambiguous unit's senses: most co-occurrence with the other units first, the
 * dictionary's order breaking ties. Only articles that hold two thirds of what the best one
 * holds of the other units count: in a small corpus every article holds some word of the question.
 * A unit none of whose senses co-occurs may still have a one-character sense (党 for "party", 副
 * for "deputy", 省 for "province") that the corpus writes inside longer words: the corpus's words
 * beginning with it are tried (党组, 副局长, 省内). Else the unit is marked isolated.
 */
export function chooseSenses(units: SenseUnit[], corpus: SenseCorpus): void {
  if (units.length < 2 || !units.some((u) => u.ambiguous)) return;
  const articles = corpus.topArticles(
    units.map((u) => u.terms),
    CONTEXT_ARTICLES,
  );
  if (articles.length === 0) return;
  const holds = units.map((u) => articles.map((n) => u.terms.some((term) => corpus.has(n, term))));
  units.forEach((unit, u) => {
    if (!unit.ambiguous) return;
    // How many of the other units each article holds; the articles that matter hold the most.
    const others = articles.map((_, a) => units.reduce((k, _v, v) => k + (v !== u && holds[v][a] ? 1 : 0), 0));
    const best = Math.max(...others);
    if (best === 0) return;
    const context = articles.map((n, a) => ({
      n,
      a,
      weight: others[a] >= Math.max(1, Math.ceil((2 * best) / 3)) ? others[a] * (1 - a / (2 * articles.length)) : 0,
    }));
    const scoreOf = (term: string) => context.reduce((s, c) => (c.weight > 0 && corpus.has(c.n, term) ? s + c.weight : s), 0);
    const order = unit.terms.map((term, t) => ({ term, t, s: scoreOf(term) }));
    // A sense in none of the articles holding the most of the question is no sense of it here.
    const inBest = (term: string) => context.some((c) => others[c.a] === best && corpus.has(c.n, term));
    if (order.some((o) => o.s > 0 && inBest(o.term))) {
      order.sort((a, b) => b.s - a.s || a.t - b.t);
      unit.terms = order.map((o) => o.term);
      return;
    }
    const inside = (unit.singles ?? []).flatMap((ch) => corpus.termsStartingWith(ch, PREFIX_TERMS));
    const found = inside.map((term, t) => ({ term, t, s: scoreOf(term) })).filter((o) => o.s > 0 && inBest(o.term));
    if (found.length > 0) {
      found.sort((a, b) => b.s - a.s || a.t - b.t);
      unit.terms = found.slice(0, 2).map((o) => o.term);
      return;
    }
    if (unit.known) unit.isolated = true;
  });
}
