/**
 * SQuAD-format reading-comprehension sets (CMRC 2018, DRCD) as development data for answer
 * selection: every paragraph becomes one article (headline = its title, body = its context), every
 * question is asked of the whole corpus. See ../shared/qa/public/README.md.
 *
 * The held-out split is by title, so no article's paragraphs straddle train and held-out: a title
 * is held out when the FNV-1a hash of its NFKC form, modulo 100, is below HELD_OUT_PERCENT.
 */
import { readFileSync } from "node:fs";

export interface SquadQuestion {
  id: string;
  question: string;
  /** Gold answers (any one counts). */
  answers: string[];
  /** Index of the paragraph it was asked about. */
  paragraph: number;
}

export interface SquadParagraph {
  title: string;
  context: string;
  heldOut: boolean;
}

export interface SquadSet {
  name: string;
  paragraphs: SquadParagraph[];
  questions: SquadQuestion[];
}

export type Split = "train" | "heldout" | "all";

/** Share of titles held out of training, in percent. */
export const HELD_OUT_PERCENT = 30;

/** 32-bit FNV-1a over UTF-16 units: small, stable, good enough to spread titles. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Is this title in the held-out split? */
export function isHeldOut(title: string): boolean {
  return fnv1a(title.normalize("NFKC").trim()) % 100 < HELD_OUT_PERCENT;
}

interface RawSquad {
  data?: {
    title?: string;
    paragraphs?: { context?: string; qas?: { id?: string; question?: string; answers?: { text?: string }[] }[] }[];
  }[];
}

/** Read a SQuAD JSON file; throws with a clear message when it is not one. */
export function readSquad(file: string, name = file): SquadSet {
  let raw: RawSquad;
  try {
    raw = JSON.parse(readFileSync(file, "utf8")) as RawSquad;
  } catch (error) {
    throw new Error(`eval: ${file} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Array.isArray(raw.data)) throw new Error(`eval: ${file} is not in SQuAD format (no "data" array)`);
  const paragraphs: SquadParagraph[] = [];
  const questions: SquadQuestion[] = [];
  for (const doc of raw.data) {
    const title = String(doc.title ?? "").trim();
    for (const p of doc.paragraphs ?? []) {
      const context = String(p.context ?? "");
      if (!context.trim()) continue;
      const n = paragraphs.length;
      paragraphs.push({ title, context, heldOut: isHeldOut(title) });
      for (const qa of p.qas ?? []) {
        const answers = (qa.answers ?? []).map((a) => String(a.text ?? "")).filter((a) => a.trim().length > 0);
        if (!qa.question || answers.length === 0) continue;
        questions.push({ id: String(qa.id ?? `${n}-${questions.length}`), question: qa.question, answers, paragraph: n });
      }
    }
  }
  if (paragraphs.length === 0) throw new Error(`eval: ${file} holds no paragraphs`);
  return { name, paragraphs, questions };
}

/** The questions of a split. */
export function questionsOf(set: SquadSet, split: Split): SquadQuestion[] {
  if (split === "all") return set.questions;
  return set.questions.filter((q) => set.paragraphs[q.paragraph].heldOut === (split === "heldout"));
}

/** Abstention: the corpus keeps every other paragraph (the even ones); the others' questions have no answer. */
export function keptForAbstain(paragraph: number): boolean {
  return paragraph % 2 === 0;
}

/** Compare answers without whitespace (and full-width forms folded), as the README says. */
export function foldSpace(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "");
}

/** Does a text hold one of the gold answers? */
export function holdsGold(text: string, answers: readonly string[]): boolean {
  const t = foldSpace(text);
  return answers.some((a) => t.includes(foldSpace(a)));
}

/** Question types for the breakdown (by the question's wording; independent of the engine). */
export type ReportType = "quantity" | "person" | "time" | "place/which" | "other";
export const REPORT_TYPES: readonly ReportType[] = ["quantity", "person", "time", "place/which", "other"];

const TYPE_RULES: [RegExp, ReportType][] = [
  [/什么时候|何时|哪一?年|哪一?天|哪个月|几月|几号|几时|什么时间|何年|年代|哪一?世纪|日期|時候|何時|哪個月/, "time"],
  [/谁|誰|哪一?位|什么人|什麼人|何人/, "person"],
  [/多少|几|幾|多大|多长|多長|多高|多远|多遠|多重|多久|多深|多宽|多寬|比例|百分之/, "quantity"],
  [/哪|何地|何处|何處|什么地方|什麼地方/, "place/which"],
];

export function reportType(question: string): ReportType {
  for (const [pattern, type] of TYPE_RULES) if (pattern.test(question)) return type;
  return "other";
}
