#!/usr/bin/env node
/**
 * What the archive features cost (city per article, dates, duplicates at load; place and time
 * scope per question), measured on a synthetic corpus (src/bench/synthetic.ts) plus the seed page:
 *   node scripts/bench-archive.mjs [--root DIR] [--corpus DIR] [--articles N]
 * --root is a built newsbot checkout (default: this one): point it at another commit's checkout
 * to compare before/after on the same corpus (--corpus keeps and reuses one). Prints one JSON
 * line: corpus parse (wall and CPU), full load without snapshot, start-up from the snapshot,
 * and answer latency p50/p95 (and mean CPU per answer: the steadier figure on a shared machine)
 * over the dev questions and questions with place and time words.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { root: { type: "string" }, corpus: { type: "string" }, articles: { type: "string" } } });
const root = resolve(values.root ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
const dist = (p) => join(root, "dist", p);
const { ArchiveGenerator, loadLexicon, writeArchive } = await import(dist("bench/synthetic.js"));
const { loadCorpus } = await import(dist("corpus/load.js"));
const { openLibrary } = await import(dist("library/open-library.js"));

const articles = Number(values.articles ?? 10_000);
const corpus = resolve(values.corpus ?? mkdtempSync(join(tmpdir(), "newsbot-archive-bench-")));
if (!existsSync(join(corpus, "archive"))) {
  mkdirSync(corpus, { recursive: true });
  copyFileSync(join(root, "corpus", "000_777c845344387f30.txt"), join(corpus, "000_777c845344387f30.txt"));
  writeArchive(join(corpus, "archive"), new ArchiveGenerator(loadLexicon(), { seed: 20240601 }), articles);
}
rmSync(join(corpus, ".newsbot"), { recursive: true, force: true });

function timed(fn) {
  const cpu = process.cpuUsage();
  const t = performance.now();
  return Promise.resolve(fn()).then((result) => {
    const used = process.cpuUsage(cpu);
    return { result, wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

// 1. Parsing the corpus (twice: the first pays for loading the gazetteer).
const parses = [];
for (let i = 0; i < 3; i++) parses.push(await timed(() => loadCorpus(corpus, { localCity: "聊城" })));
// 2. A full load (parse + index build + engine), snapshot written; 3. start-up from it.
const full = await timed(() => openLibrary({ corpusDir: corpus, localCity: "聊城" }));
const fromSnapshot = await timed(() => openLibrary({ corpusDir: corpus, localCity: "聊城" }));
const engine = fromSnapshot.result.engine;

// 4. Answers: the dev questions and questions with place and time words, five passes.
const devFile = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "shared", "qa", "dev.jsonl");
const dev = existsSync(devFile)
  ? readFileSync(devFile, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l).q)
  : [];
const scoped = [
  "目前聊城有多少家单项冠军企业",
  "2023年聊城有多少家单项冠军企业",
  "去年聊城空气质量优良天数是多少",
  "德州有多少家单项冠军企业",
  "高唐锦鲤养殖面积有多大",
  "最近茌平区有什么新项目",
  "上个月阳谷县审批了多少项目",
];
const questions = [...dev, ...scoped];
for (const q of questions) engine.ask(q); // warm-up
const ms = [];
const answerCpu = process.cpuUsage();
for (let pass = 0; pass < 5; pass++) {
  engine.index.clearCache?.();
  for (const q of questions) {
    const t = performance.now();
    engine.ask(q);
    ms.push(performance.now() - t);
  }
}
const answerCpuUsed = process.cpuUsage(answerCpu);
const round = (x) => Math.round(x * 100) / 100;
process.stdout.write(
  JSON.stringify({
    root,
    corpus,
    articles: full.result.engine.size,
    parse_first_ms: round(parses[0].wall),
    parse_ms: round(median(parses.slice(1).map((p) => p.wall))),
    parse_cpu_ms: round(median(parses.slice(1).map((p) => p.cpu))),
    full_load_ms: round(full.wall),
    full_load_cpu_ms: round(full.cpu),
    snapshot_start_ms: round(fromSnapshot.wall),
    answer_p50_ms: round(pct(ms, 50)),
    answer_p95_ms: round(pct(ms, 95)),
    answer_cpu_mean_ms: round((answerCpuUsed.user + answerCpuUsed.system) / 1000 / ms.length),
    questions: questions.length,
  }) + "\n",
);
process.exit(0);
