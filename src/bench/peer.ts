/**
 * The peer of `newsbot bench --peer`: what a typical bot does, a plain MiniSearch over the same
 * articles (every text field, the same jieba terms, the headline boosted), against newsbot's index
 * over the same articles, both built in this thread. Reports build time, query p95 and memory of
 * each, and their ratios (peer ÷ newsbot).
 */
import MiniSearch from "minisearch";
import type { Article } from "../corpus/types.js";
import type { NewsEngine } from "../search/engine.js";
import { ArticleIndex } from "../search/index/article-index.js";
import { normalizeText } from "../text/normalize.js";
import { segment } from "../search/text/segment.js";

export interface PeerFigures {
  articles: number;
  build_s: number;
  query_p95_ms: number;
  heap_mb: number;
  peer_build_s: number;
  peer_query_p95_ms: number;
  peer_heap_mb: number;
  /** Peer ÷ newsbot: above 1, newsbot is faster or smaller. */
  build_ratio: number;
  query_p95_ratio: number;
  heap_ratio: number;
}

type PeerDoc = { id: number; title: string; body: string; city: string };

const tokenize = (text: string) => segment(normalizeText(text), "search");
const MB = 1024 * 1024;

function heapNow(gc: () => void): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Build both over `articles`, ask both `questions`; `engine` parses the questions for newsbot's index. */
export function runPeer(
  articles: readonly Article[],
  questions: readonly string[],
  engine: NewsEngine,
  gc: () => void,
  percentile: (values: number[], p: number) => number,
  retrieveLimit: number,
): PeerFigures {
  // newsbot's index, in this thread.
  let base = heapNow(gc);
  let t0 = performance.now();
  let ours: ArticleIndex | undefined = ArticleIndex.build(articles);
  const buildS = (performance.now() - t0) / 1000;
  const heap = heapNow(gc) - base;
  const queryMs: number[] = [];
  for (const q of questions) {
    const started = performance.now();
    ours.retrieve(engine.parse(q), retrieveLimit);
    queryMs.push(performance.now() - started);
  }
  ours = undefined;

  // The peer: one MiniSearch document per article.
  base = heapNow(gc);
  t0 = performance.now();
  let peer: MiniSearch<PeerDoc> | undefined = new MiniSearch<PeerDoc>({
    fields: ["title", "body", "city"],
    storeFields: [],
    tokenize,
    processTerm: (term) => term,
    searchOptions: { boost: { title: 2.5 } },
  });
  articles.forEach((a, id) =>
    peer!.add({ id, title: [a.kicker, a.headline, a.subtitle].filter(Boolean).join(" "), body: a.body, city: a.city ?? "" }),
  );
  const peerBuildS = (performance.now() - t0) / 1000;
  const peerHeap = heapNow(gc) - base;
  const peerMs: number[] = [];
  for (const q of questions) {
    const started = performance.now();
    peer.search(q).slice(0, retrieveLimit);
    peerMs.push(performance.now() - started);
  }
  peer = undefined;

  const p95 = percentile(queryMs, 95);
  const peerP95 = percentile(peerMs, 95);
  return {
    articles: articles.length,
    build_s: round(buildS, 2),
    query_p95_ms: round(p95, 2),
    heap_mb: round(heap / MB, 1),
    peer_build_s: round(peerBuildS, 2),
    peer_query_p95_ms: round(peerP95, 2),
    peer_heap_mb: round(peerHeap / MB, 1),
    build_ratio: round(peerBuildS / buildS, 2),
    query_p95_ratio: round(peerP95 / p95, 2),
    heap_ratio: round(peerHeap / heap, 2),
  };
}
