// per-question answer time: best of 3 passes after a warm-up pass
import { readFileSync } from "node:fs";
import { join } from "node:path";
const root = process.env.NEWSBOT_ROOT;
const { buildEngine } = await import(join(root, "dist/search/engine.js"));
const { initSegmenter } = await import(join(root, "dist/search/text/segment.js"));
const { loadGlossary } = await import(join(root, "dist/search/text/translate.js"));
const { parsePage } = await import(join(root, "dist/corpus/page-parser.js"));
initSegmenter([join(root, "corpus", "userdict.dict")]);
const glossary = loadGlossary([join(root, "corpus", "glossary.tsv")]);
function measure(engine, qs) {
  for (const q of qs) engine.ask(q, { limit: 1 });
  const best = qs.map(() => Infinity);
  for (let pass = 0; pass < 3; pass++) qs.forEach((q, i) => { const t = performance.now(); engine.ask(q, { limit: 1 }); best[i] = Math.min(best[i], performance.now() - t); });
  best.sort((a, b) => a - b);
  const at = (p) => best[Math.min(best.length - 1, Math.floor(p * best.length))].toFixed(2);
  return `p50 ${at(0.5)} p95 ${at(0.95)} mean ${(best.reduce((a, b) => a + b, 0) / best.length).toFixed(2)}`;
}
const squad = JSON.parse(readFileSync("/work/shared/qa/public/cmrc2018_trial.json", "utf8"));
const arts = []; const qs = [];
for (const d of squad.data) for (const p of d.paragraphs) { arts.push({ id: String(arts.length), kind: "article", headline: d.title, kicker: null, subtitle: null, byline: null, date: null, body: p.context, source: "x", city: null }); for (const qa of p.qas) qs.push(qa.question); }
console.log("cmrc   ", measure(buildEngine(arts, { glossary }), qs));
const seed = parsePage(readFileSync(join(root, "corpus/000_777c845344387f30.txt"), "utf8"), "000_777c845344387f30.txt").articles;
const seedEngine = buildEngine(seed, { glossary, localCity: "聊城" });
const lines = (f) => readFileSync(f, "utf8").trim().split("\n").map((l) => JSON.parse(l).q);
console.log("dev+extra", measure(seedEngine, [...lines("/work/shared/qa/dev.jsonl"), ...lines("/work/wt-english/tests/fixtures/qa/extra.jsonl")]));
console.log("english", measure(seedEngine, lines("/work/wt-english/tests/fixtures/qa/english.jsonl")));
