/**
 * The compact index ranks as the original all-MiniSearch index did (same articles, same scores),
 * and building it in worker threads gives the same index as building it in this thread.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LegacyArticleIndex } from "../../src/bench/legacy-index.js";
import { ArchiveGenerator, loadLexicon, writeArchive } from "../../src/bench/synthetic.js";
import { loadCorpus } from "../../src/corpus/load.js";
import type { Article } from "../../src/corpus/types.js";
import { ArticleIndex } from "../../src/search/index/article-index.js";
import { buildIndexData, buildInThread, workerScript } from "../../src/search/index/build-index.js";
import { NewsEngine } from "../../src/search/engine.js";
import { INDEX_ARRAYS } from "../../src/search/index/index-data.js";
import { initSegmenter } from "../../src/search/text/segment.js";
import { DEV_QA, ROOT, seedArticles } from "./helpers.js";

let dir: string;
let articles: Article[];
let questions: string[];
const DICTS = [join(ROOT, "corpus", "userdict.dict")];

beforeAll(async () => {
  initSegmenter(DICTS);
  dir = mkdtempSync(join(tmpdir(), "newsbot-equiv-"));
  const lexicon = loadLexicon();
  writeArchive(dir, new ArchiveGenerator(lexicon, { seed: 3 }), 120);
  const synthetic = (await loadCorpus(dir)).articles;
  articles = [...seedArticles(), ...synthetic].map((a) => (a.city ? a : { ...a, city: "聊城" }));
  const asker = new ArchiveGenerator(lexicon, { seed: 5 });
  questions = [
    ...(existsSync(DEV_QA)
      ? readFileSync(DEV_QA, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => (JSON.parse(l) as { q: string }).q)
      : []),
    "高唐县瓜菜菌产量是多少",
    "第三十一届运河文化节",
    "锦鲤养殖",
    ...Array.from({ length: 120 }, () => asker.question()),
  ];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the compact index", () => {
  it("retrieves the same articles with the same scores as the original MiniSearch index", () => {
    const legacy = LegacyArticleIndex.build(articles);
    const index = ArticleIndex.build(articles);
    const engine = new NewsEngine(index);
    let compared = 0;
    for (const q of questions) {
      const query = engine.parse(q);
      const want = legacy.retrieve(query, 40);
      const got = index.retrieve(query, 40);
      expect(got.length, q).toBe(want.length);
      got.forEach((hit, i) => {
        expect(hit.score, q).toBeCloseTo(want[i].score, 6);
        // Equal scores may come in another order; different scores may not.
        if (Math.abs(hit.score - want[i].score) > 1e-9 || hit.n !== want[i].n) {
          expect(Math.abs(want.find((w) => w.n === hit.n)!.score - hit.score), q).toBeLessThan(1e-9);
        }
      });
      for (const alt of query.concepts.flatMap((c) => c.alternatives)) {
        expect(index.df(alt.term), alt.term).toBe(legacy.df(alt.term));
        for (const gram of alt.term.length >= 2 ? [alt.term.slice(0, 2)] : []) expect(index.bigramDf(gram)).toBe(legacy.bigramDf(gram));
      }
      compared += got.length;
    }
    expect(compared).toBeGreaterThan(questions.length);
    expect(new Map(index.vocabulary())).toEqual(new Map(legacy.vocabulary()));
  });

  it("is the same built in worker threads as in this thread", async () => {
    expect(workerScript(), "dist/search/index/build-worker.js (npm run build)").toBeDefined();
    const here = await buildInThread(articles);
    const progress: number[] = [];
    const workers = await buildIndexData(articles, {
      threads: 2,
      batchSize: 16,
      dictionaries: DICTS,
      onProgress: (p) => progress.push(p.done),
    });
    expect(workers.terms).toEqual(here.terms);
    for (const name of INDEX_ARRAYS) expect(Array.from(workers[name]), name).toEqual(Array.from(here[name]));
    expect(progress.at(-1)).toBe(articles.length);
  });
});
