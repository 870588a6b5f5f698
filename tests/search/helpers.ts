import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Article } from "../../src/corpus/types.js";
import { parsePage } from "../../src/corpus/page-parser.js";
import { buildEngine, type EngineOptions, type NewsEngine } from "../../src/search/engine.js";
import { initSegmenter } from "../../src/search/text/segment.js";
import { loadGlossary } from "../../src/search/text/translate.js";

export const ROOT = join(import.meta.dirname, "..", "..");
export const SEED = join(ROOT, "corpus", "000_777c845344387f30.txt");
export const DEV_QA = join(ROOT, "..", "shared", "qa", "dev.jsonl");

export function seedArticles(): Article[] {
  return parsePage(readFileSync(SEED, "utf8"), "000_777c845344387f30.txt").articles;
}

let seedEngine: NewsEngine | undefined;

/** An engine over the seed page with the project's dictionary and glossary (built once per file). */
export function engineFor(articles?: Article[], extra: EngineOptions = {}): NewsEngine {
  initSegmenter([join(ROOT, "corpus", "userdict.dict")]);
  const options = { glossary: loadGlossary([join(ROOT, "corpus", "glossary.tsv")]), localCity: "聊城", ...extra };
  if (articles) return buildEngine(articles, options);
  seedEngine ??= buildEngine(seedArticles(), options);
  return seedEngine;
}

/** A minimal article for hand-made corpora. */
export function article(id: string, headline: string, body: string, extra: Partial<Article> = {}): Article {
  return {
    id,
    kind: "article",
    headline,
    kicker: null,
    subtitle: null,
    byline: null,
    date: "2024-12-01",
    body,
    source: `${id}.txt`,
    city: "聊城",
    ...extra,
  };
}
