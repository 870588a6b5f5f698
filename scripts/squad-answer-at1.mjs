#!/usr/bin/env node
/**
 * Stop-gap measure until `newsbot eval --squad` lands: answer@1 on a SQuAD-format set, every
 * paragraph an article (headline = title, body = context), every question asked of the whole corpus.
 * An answer is right when its sentence holds a gold answer (whitespace removed).
 *
 *   node scripts/squad-answer-at1.mjs FILE [--out results.json] [--diff before.json]
 *
 * --abstain keeps every other paragraph only and counts the dropped paragraphs' questions that
 * still get an answer (they should get none).
 * --no-synonyms leaves the synonym table out (to measure what it adds).
 * Prints answer@1, article@1, the no-answer rate and per-question time (p50/p95). --out writes
 * one verdict per question id; --diff lists the questions whose verdict changed against such a file.
 * Needs `npm run build` first (it runs dist/).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { buildEngine } = await import(join(root, "dist/search/engine.js"));
const { initSegmenter } = await import(join(root, "dist/search/text/segment.js"));
const { loadGlossary } = await import(join(root, "dist/search/text/translate.js"));
const { SynonymTable } = await import(join(root, "dist/search/text/synonyms.js"));

const { values, positionals } = parseArgs({
  options: {
    out: { type: "string" },
    diff: { type: "string" },
    limit: { type: "string" },
    "no-synonyms": { type: "boolean" },
    abstain: { type: "boolean" },
  },
  allowPositionals: true,
});
const file = positionals[0];
if (!file) {
  process.stderr.write("usage: node scripts/squad-answer-at1.mjs FILE [--out results.json] [--diff before.json]\n");
  process.exit(2);
}

initSegmenter([join(root, "corpus", "userdict.dict")]);
const squad = JSON.parse(readFileSync(file, "utf8"));
const articles = [];
const questions = [];
for (const doc of squad.data) {
  for (const [p, paragraph] of doc.paragraphs.entries()) {
    const id = `${articles.length}`;
    const dropped = values.abstain && articles.length % 2 === 1;
    if (dropped) {
      for (const qa of paragraph.qas) questions.push({ id: qa.id, q: qa.question, article: null, gold: [] });
      articles.push(null);
      continue;
    }
    articles.push({
      id,
      kind: "article",
      headline: doc.title,
      kicker: null,
      subtitle: null,
      byline: null,
      date: null,
      body: paragraph.context,
      source: `${doc.title}#${p}`,
      city: null,
    });
    for (const qa of paragraph.qas) questions.push({ id: qa.id, q: qa.question, article: id, gold: qa.answers.map((a) => a.text) });
  }
}
const corpus = articles.filter(Boolean);
const engine = buildEngine(corpus, {
  glossary: loadGlossary([join(root, "corpus", "glossary.tsv")]),
  ...(values["no-synonyms"] ? { synonyms: new SynonymTable() } : {}),
});
const strip = (s) => s.normalize("NFKC").replace(/\s+/g, "");
const limit = values.limit ? Number(values.limit) : questions.length;
const verdicts = {};
const times = [];
let right = 0;
let rightArticle = 0;
let none = 0;
let unanswerable = 0;
let answeredWrongly = 0;
for (const question of questions.slice(0, limit)) {
  const t = performance.now();
  const top = engine.ask(question.q, { limit: 1 }).answers[0];
  times.push(performance.now() - t);
  if (question.article === null) {
    unanswerable++;
    if (top) answeredWrongly++;
    verdicts[question.id] = { ok: !top, q: question.q, got: top?.answer ?? null, gold: [] };
    continue;
  }
  if (!top) none++;
  const answer = top ? strip(top.answer) : "";
  const ok = top !== undefined && question.gold.some((g) => answer.includes(strip(g)));
  if (ok) right++;
  if (top?.id === question.article) rightArticle++;
  verdicts[question.id] = { ok, q: question.q, got: top?.answer ?? null, gold: question.gold };
}
times.sort((a, b) => a - b);
const n = Math.min(limit, questions.length) - unanswerable;
const pct = (x) => `${((100 * x) / n).toFixed(1)}%`;
const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
process.stdout.write(
  `${file}: ${corpus.length} articles, ${n} answerable questions\n` +
    `answer@1   ${right}/${n}  ${pct(right)}\n` +
    `article@1  ${rightArticle}/${n}  ${pct(rightArticle)}\n` +
    `no answer  ${none}/${n}  ${pct(none)}\n` +
    (unanswerable
      ? `answered though unanswerable  ${answeredWrongly}/${unanswerable}  ${((100 * answeredWrongly) / unanswerable).toFixed(1)}%\n`
      : "") +
    `ms/question p50 ${at(0.5)}  p95 ${at(0.95)}\n`,
);
if (values.out) writeFileSync(values.out, JSON.stringify(verdicts));
if (values.diff) {
  const before = JSON.parse(readFileSync(values.diff, "utf8"));
  for (const [id, v] of Object.entries(verdicts)) {
    const b = before[id];
    if (!b || b.ok === v.ok) continue;
    process.stdout.write(`${v.ok ? "+" : "-"} ${v.q}\n    gold ${v.gold[0]}\n    was  ${b.got}\n    now  ${v.got}\n`);
  }
}
