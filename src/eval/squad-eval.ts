/**
 * `newsbot eval --squad`: the corpus of a SQuAD set's paragraphs, opened through the library
 * exactly as a corpus folder would be (a JSONL file in a temporary folder), every question of a
 * split asked of it, scored for the engine and, with --baseline, for the plain baselines.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLibrary } from "../library/open-library.js";
import type { NewsEngine } from "../search/engine.js";
import { ParagraphBaseline, SentenceBaseline, type RankedSentence, type SentenceRanker } from "./baseline.js";
import {
  holdsGold,
  keptForAbstain,
  questionsOf,
  REPORT_TYPES,
  reportType,
  type ReportType,
  type Split,
  type SquadQuestion,
  type SquadSet,
} from "./squad.js";

/** What is counted for one ranker over one group of questions. */
export interface Figures {
  questions: number;
  /** The first answer comes from the question's own paragraph. */
  articleAt1: number;
  /** The first answer holds a gold answer. */
  answerAt1: number;
  /** One of the first three does. */
  answerAt3: number;
  /** Mean reciprocal rank of the first answer holding gold (over the first five). */
  mrr: number;
  /** Answerable questions that got no answer at all. */
  noAnswer: number;
}

export interface RankerReport extends Figures {
  name: string;
  byType: Record<ReportType, Figures>;
  /** --abstain: questions of the dropped paragraphs, and how many of them still got an answer. */
  unanswerable?: { questions: number; answered: number };
  /** Per-question latency, milliseconds. */
  p50Ms: number;
  p95Ms: number;
}

export interface SquadReport {
  set: string;
  split: Split;
  abstain: boolean;
  articles: number;
  buildMs: number;
  rankers: RankerReport[];
  misses: SquadMiss[];
}

export interface SquadMiss {
  id: string;
  question: string;
  type: ReportType;
  gold: string[];
  reason: "no answer" | "wrong article" | "wrong sentence" | "answered, though unanswerable";
  got: string | null;
  headline: string | null;
  /** The question's own paragraph's title. */
  want: string;
}

export interface SquadEvalOptions {
  split?: Split;
  baseline?: boolean;
  abstain?: boolean;
  /** How many misses (of the engine) to keep. */
  misses?: number;
  /** Answers asked per question (answer@3 reads three; MRR up to five). */
  depth?: number;
  /** Override the abstention threshold (0: always answer when there is a candidate). */
  threshold?: number;
}

/** Open the library over the set's paragraphs (all, or the kept half for --abstain). */
export async function openSquadLibrary(set: SquadSet, abstain: boolean) {
  const dir = mkdtempSync(join(tmpdir(), "newsbot-squad-"));
  const kept = set.paragraphs.map((_, n) => n).filter((n) => !abstain || keptForAbstain(n));
  try {
    const lines = kept.map((n) => JSON.stringify({ headline: set.paragraphs[n].title, body: set.paragraphs[n].context }));
    writeFileSync(join(dir, "paragraphs.jsonl"), lines.join("\n") + "\n");
    const started = performance.now();
    const library = await openLibrary({ corpusDir: dir, snapshot: false, buildThreads: 0 });
    const buildMs = performance.now() - started;
    if (library.engine.size !== kept.length) {
      throw new Error(`eval: ${kept.length} paragraphs written, ${library.engine.size} articles loaded`);
    }
    return { engine: library.engine, kept, buildMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The engine as a sentence ranker over corpus positions. */
export function engineRanker(engine: NewsEngine, kept: number[]): SentenceRanker {
  const position = new Map(engine.index.articles.map((a, i) => [a.id, kept[i]]));
  return {
    name: "newsbot",
    rank: (question, limit) => engine.ask(question, { limit }).answers.map((a) => ({ article: position.get(a.id) ?? -1, text: a.answer })),
  };
}

function emptyFigures(): Figures {
  return { questions: 0, articleAt1: 0, answerAt1: 0, answerAt3: 0, mrr: 0, noAnswer: 0 };
}

function add(f: Figures, question: SquadQuestion, got: RankedSentence[]): void {
  f.questions++;
  if (got.length === 0) {
    f.noAnswer++;
    return;
  }
  if (got[0].article === question.paragraph) f.articleAt1++;
  const rank = got.findIndex((g) => holdsGold(g.text, question.answers));
  if (rank === 0) f.answerAt1++;
  if (rank >= 0 && rank < 3) f.answerAt3++;
  if (rank >= 0) f.mrr += 1 / (rank + 1);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export async function evaluateSquad(set: SquadSet, options: SquadEvalOptions = {}): Promise<SquadReport> {
  const split = options.split ?? "heldout";
  const abstain = options.abstain ?? false;
  const depth = options.depth ?? 5;
  const opened = await openSquadLibrary(set, abstain);
  const { kept, buildMs } = opened;
  const engine = options.threshold === undefined ? opened.engine : opened.engine.withSettings({ abstainThreshold: options.threshold });
  const keptSet = new Set(kept);
  const articles = engine.index.articles;
  const rankers: { ranker: SentenceRanker }[] = [{ ranker: engineRanker(engine, kept) }];
  if (options.baseline) {
    // Baselines see the same loaded articles; map their positions back to the full set.
    const remap = (r: SentenceRanker): SentenceRanker => ({
      name: r.name,
      rank: (q, limit) => r.rank(q, limit).map((s) => ({ ...s, article: kept[s.article] })),
    });
    rankers.push({ ranker: remap(new ParagraphBaseline(articles)) }, { ranker: remap(new SentenceBaseline(articles)) });
  }
  const questions = questionsOf(set, split);
  const misses: SquadMiss[] = [];
  const reports: RankerReport[] = [];
  for (const { ranker } of rankers) {
    const total = emptyFigures();
    const byType = Object.fromEntries(REPORT_TYPES.map((t) => [t, emptyFigures()])) as Record<ReportType, Figures>;
    const unanswerable = { questions: 0, answered: 0 };
    const times: number[] = [];
    for (const q of questions) {
      const started = performance.now();
      const got = ranker.rank(q.question, depth);
      times.push(performance.now() - started);
      if (!keptSet.has(q.paragraph)) {
        unanswerable.questions++;
        if (got.length > 0) {
          unanswerable.answered++;
          if (ranker.name === "newsbot" && misses.length < (options.misses ?? 0)) {
            misses.push(miss(q, "answered, though unanswerable", got[0], set, kept, articles));
          }
        }
        continue;
      }
      add(total, q, got);
      add(byType[reportType(q.question)], q, got);
      if (ranker.name === "newsbot" && misses.length < (options.misses ?? 0) && !(got[0] && holdsGold(got[0].text, q.answers))) {
        const reason = got.length === 0 ? "no answer" : got[0].article !== q.paragraph ? "wrong article" : "wrong sentence";
        misses.push(miss(q, reason, got[0], set, kept, articles));
      }
    }
    times.sort((a, b) => a - b);
    reports.push({
      name: ranker.name,
      ...total,
      byType,
      ...(abstain ? { unanswerable } : {}),
      p50Ms: round(percentile(times, 0.5), 2),
      p95Ms: round(percentile(times, 0.95), 2),
    });
  }
  return { set: set.name, split, abstain, articles: articles.length, buildMs: Math.round(buildMs), rankers: reports, misses };
}

function miss(
  q: SquadQuestion,
  reason: SquadMiss["reason"],
  got: RankedSentence | undefined,
  set: SquadSet,
  kept: number[],
  articles: NewsEngine["index"]["articles"],
): SquadMiss {
  const at = got ? kept.indexOf(got.article) : -1;
  return {
    id: q.id,
    question: q.question,
    type: reportType(q.question),
    gold: q.answers,
    reason,
    got: got?.text ?? null,
    headline: at >= 0 ? articles[at].headline : null,
    want: set.paragraphs[q.paragraph].title,
  };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The report as rates (percent, one decimal), for --json and the table. */
export interface Rates {
  questions: number;
  article_at_1: number;
  answer_at_1: number;
  answer_at_3: number;
  mrr: number;
  no_answer: number;
}

export function rates(f: Figures): Rates {
  const answerable = f.questions;
  const given = f.questions - f.noAnswer;
  const pct = (a: number, b: number) => (b === 0 ? 0 : round((100 * a) / b, 1));
  return {
    questions: f.questions,
    article_at_1: pct(f.articleAt1, given + f.noAnswer),
    answer_at_1: pct(f.answerAt1, answerable),
    answer_at_3: pct(f.answerAt3, answerable),
    mrr: answerable === 0 ? 0 : round(f.mrr / answerable, 3),
    no_answer: pct(f.noAnswer, answerable),
  };
}
