/**
 * Quality measurement over a question set (JSONL: {"q", "article": headline key or null,
 * "expect": [facts the answer must contain]}): article@1, answer@1 and negatives.
 */
import type { SearchEngine } from "./types.js";

export interface EvalCase {
  q: string;
  /** A piece of the expected article's headline (kicker and subtitle count), or null: no answer. */
  article: string | null;
  expect: string[];
}

export interface EvalMiss {
  q: string;
  reason: string;
  got: string | null;
}

export interface EvalReport {
  positives: number;
  /** Questions whose first answer comes from the expected article. */
  articleAt1: number;
  /** Questions whose first answer comes from it and holds every expected fact. */
  answerAt1: number;
  negatives: number;
  /** Negative questions that got no answer, as they should. */
  negativesEmpty: number;
  misses: EvalMiss[];
}

/** Parse a JSONL question set; bad lines throw with their line number. */
export function parseEvalCases(text: string): EvalCase[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line.length > 0)
    .map(([line, n]) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new Error(`eval: line ${n} is not JSON`);
      }
      const c = value as Partial<EvalCase>;
      if (typeof c.q !== "string") throw new Error(`eval: line ${n} has no "q"`);
      return {
        q: c.q,
        article: typeof c.article === "string" ? c.article : null,
        expect: Array.isArray(c.expect) ? c.expect.map(String) : [],
      };
    });
}

const norm = (s: string) => s.normalize("NFKC").replace(/\s+/g, "");

export function evaluate(engine: SearchEngine, cases: EvalCase[]): EvalReport {
  const report: EvalReport = { positives: 0, articleAt1: 0, answerAt1: 0, negatives: 0, negativesEmpty: 0, misses: [] };
  for (const c of cases) {
    const top = engine.ask(c.q, { limit: 1 }).answers[0];
    const title = top ? [top.kicker, top.headline, top.subtitle].filter(Boolean).join(" ") : null;
    if (c.article === null) {
      report.negatives++;
      if (!top) report.negativesEmpty++;
      else report.misses.push({ q: c.q, reason: "expected no answer", got: `${title}: ${top.answer}` });
      continue;
    }
    report.positives++;
    if (!top) {
      report.misses.push({ q: c.q, reason: "no answer", got: null });
      continue;
    }
    if (!norm(title ?? "").includes(norm(c.article))) {
      report.misses.push({ q: c.q, reason: `wrong article (wanted ${c.article})`, got: `${title}: ${top.answer}` });
      continue;
    }
    report.articleAt1++;
    const missing = c.expect.filter((fact) => !norm(top.answer).includes(norm(fact)));
    if (missing.length === 0) report.answerAt1++;
    else report.misses.push({ q: c.q, reason: `answer lacks ${missing.join(", ")}`, got: top.answer });
  }
  return report;
}
