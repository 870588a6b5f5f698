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
  /** A content word that says what the question is about: a noun, not a name or a verb. */
  solid?: boolean;
  verb?: boolean;
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
 * beginning with it are tried (党组书记, 副局长, 省内). Else the unit is marked isolated.
 * A single word the corpus lacks beside two or more that one article holds is marked so too.
 */
export function chooseSenses(units: SenseUnit[], corpus: SenseCorpus): void {
  if (units.length < 2 || !units.some((u) => u.ambiguous)) return;
  const articles = corpus.topArticles(
    units.map((u) => u.terms),
    CONTEXT_ARTICLES,
  );
  if (articles.length === 0) return;
  let holds = units.map((u) => articles.map((n) => u.terms.some((term) => corpus.has(n, term))));
  /** For unit u: each article's weight as context, and whether a term is in the best articles. */
  const contextOf = (u: number) => {
    // How many of the other units each article holds; the articles that matter hold the most.
    // Verbs are left out: a question's verb is the weakest evidence of what an article is about.
    const others = articles.map((_, a) => units.reduce((k, other, v) => k + (v !== u && !other.verb && holds[v][a] ? 1 : 0), 0));
    const best = Math.max(...others);
    const floor = Math.max(1, Math.ceil((2 * best) / 3));
    const weight = others.map((k, a) => (k >= floor ? k * (1 - a / (2 * articles.length)) : 0));
    return {
      best,
      score: (term: string) => articles.reduce((s, n, a) => (weight[a] > 0 && corpus.has(n, term) ? s + weight[a] : s), 0),
      // A sense in none of the articles holding the most of the question is no sense of it here.
      inBest: (term: string) => best > 0 && articles.some((n, a) => others[a] === best && corpus.has(n, term)),
    };
  };
  units.forEach((unit, u) => {
    if (!unit.ambiguous) return;
    const { best, score, inBest } = contextOf(u);
    if (best === 0) return;
    const order = unit.terms.map((term, t) => ({ term, t, s: score(term) }));
    if (order.some((o) => o.s > 0 && inBest(o.term))) {
      order.sort((a, b) => b.s - a.s || a.t - b.t);
      unit.terms = order.map((o) => o.term);
      return;
    }
    // A one-character sense inside the corpus's longer words: joined to another word of the
    // question (党 + 书记 = 党组书记, 副 + 局长 = 副局长), or, when the corpus uses the word's other
    // senses elsewhere (it knows them, just not here), standing alone (省 → 省内, 帮 → 帮扶). A word
    // whose senses the corpus never uses (学生) is not found in one of its characters (生 → 生产).
    const neighbours = units.flatMap((other, v) => (v === u ? [] : other.terms.slice(0, 3))).filter((t) => t.length >= 2);
    const inside = (unit.singles ?? [])
      .flatMap((ch) => corpus.termsStartingWith(ch, PREFIX_TERMS))
      .filter((term) => unit.known || neighbours.some((t) => term.slice(1).includes(t)));
    const found = inside.map((term, t) => ({ term, t, s: score(term) })).filter((o) => o.s > 0 && inBest(o.term));
    if (found.length > 0) {
      found.sort((a, b) => b.s - a.s || a.t - b.t);
      unit.terms = found.slice(0, 2).map((o) => o.term);
      return;
    }
    if (unit.known) unit.isolated = true;
  });
  // Judged again with every unit's chosen senses: a word whose neighbour was first read in the
  // wrong sense ("party" as 聚会 beside "secretary") is not isolated once the neighbour is right.
  holds = units.map((u) => articles.map((n) => u.terms.slice(0, 2).some((term) => corpus.has(n, term))));
  units.forEach((unit, u) => {
    if (unit.isolated && unit.terms.slice(0, 2).some((term) => contextOf(u).inBest(term))) unit.isolated = false;
  });
  // One translated word the corpus lacks, in a question whose other content words (two or more
  // nouns, not names or verbs) all stand in one article, is more likely rendered otherwise by the paper (style → 菜单式) than the
  // question's subject: it counts as doubtful. Two such words, and the question is about
  // something else.
  const lacking = units.filter((unit) => unit.ambiguous && !unit.known);
  const others = units.filter((unit) => unit.known && unit.solid && !unit.isolated);
  if (lacking.length === 1 && others.length >= 2) {
    const all = articles.some((_, a) => units.every((unit, v) => !others.includes(unit) || holds[v][a]));
    if (all) lacking[0].isolated = true;
  }
}
