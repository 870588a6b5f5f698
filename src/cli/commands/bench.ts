/**
 * `newsbot bench [--articles N] [--json] [--threads T] [--seed S] [--peer] [--keep]`: build a
 * synthetic archive of N articles (default 10,000) and measure jieba's raw speed, the index build,
 * query and answer latency, memory, the snapshot, start-up of a fresh process (time and memory) and
 * answers during a reload. --peer also builds a plain MiniSearch over the same articles (at most
 * 5,000) and reports the ratios. With --json the last line on stdout is one JSON object of the
 * figures (with a "peer" object after --peer).
 */
import { booleanOption, stringOption, type CommandInput } from "../args.js";
import { runBench, type BenchExtras, type BenchResult } from "../../bench/run.js";

const DEFAULT_ARTICLES = 10_000;

export async function run(input: CommandInput): Promise<number> {
  const values = {
    articles: stringOption(input, "articles"),
    threads: stringOption(input, "threads"),
    seed: stringOption(input, "seed"),
    json: booleanOption(input, "json"),
    peer: booleanOption(input, "peer"),
    keep: booleanOption(input, "keep"),
  };
  const articles = values.articles === undefined ? DEFAULT_ARTICLES : Number(values.articles);
  if (!Number.isInteger(articles) || articles < 10 || articles > 2_000_000) {
    process.stderr.write("newsbot: bench: --articles must be a whole number from 10 to 2000000\n");
    return 2;
  }
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 0 || threads > 16)) {
    process.stderr.write("newsbot: bench: --threads must be 0 (build in the main thread) to 16\n");
    return 2;
  }
  const { result, extras } = await runBench({
    articles,
    localCity: input.settings.localCity,
    threads,
    seed: values.seed === undefined ? undefined : Number(values.seed),
    peer: values.peer,
    keep: values.keep,
    progress: !values.json,
  });
  if (values.json) {
    process.stdout.write(JSON.stringify(extras.peer ? { ...result, peer: extras.peer } : result) + "\n");
  } else {
    process.stdout.write(table(result, extras) + "\n");
  }
  return 0;
}

function table(r: BenchResult, x: BenchExtras): string {
  const rows: [string, string, string][] = [
    ["articles", `${r.articles}`, `${x.questions} questions`],
    ["corpus_mb", r.corpus_mb.toFixed(1), `generated in ${x.generate_s} s, parsed in ${x.parse_s} s`],
    ["segment_mb_s", r.segment_mb_s.toFixed(2), "jieba.cut alone, one thread (the yardstick)"],
    ["build_s", r.build_s.toFixed(2), `index + engine; snapshot written in ${x.snapshot_write_s} s`],
    ["build_mb_s", r.build_mb_s.toFixed(2), `${(r.build_mb_s / r.segment_mb_s).toFixed(2)} × segment_mb_s (target ≥ 0.8)`],
    ["query_p50_ms", r.query_p50_ms.toFixed(2), "parse + retrieve 40"],
    ["query_p95_ms", r.query_p95_ms.toFixed(2), `max ${x.query_max_ms} ms`],
    ["answer_p95_ms", r.answer_p95_ms.toFixed(2), `p50 ${x.answer_p50_ms} ms, max ${x.answer_max_ms} ms (target ≤ 5)`],
    ["heap_mb", r.heap_mb.toFixed(1), `JS heap ${x.heap_js_mb} + external (typed arrays) ${x.array_buffers_mb} (target ≤ 300)`],
    [
      "rss_mb",
      r.rss_mb.toFixed(1),
      `after the build; ${x.terms} terms, ${x.body_postings} body + ${x.gram_postings} bigram postings in ${x.postings_mb} MB`,
    ],
    [
      "snapshot_mb",
      r.snapshot_mb.toFixed(1),
      `in-process load: fingerprint ${x.snapshot_fingerprint_s} s, read ${x.snapshot_read_s} s, engine ${x.snapshot_engine_s} s`,
    ],
    ["startup_s", r.startup_s.toFixed(2), `fresh process to first answer, runs ${x.startup_runs_s.join(", ")} (target ≤ 1.5)`],
    [
      "startup_rss_mb",
      r.startup_rss_mb.toFixed(0),
      `settled, 1 s after that answer; runs ${x.startup_rss_runs_mb.join(", ")} (target ≤ 600)`,
    ],
    ["startup_peak_rss_mb", r.startup_peak_rss_mb.toFixed(0), "peak until then"],
    ["idle_rss_mb", r.idle_rss_mb.toFixed(0), "after 100 more questions"],
    [
      "reload_query_p95_ms",
      r.reload_query_p95_ms.toFixed(1),
      `${x.reload_questions} questions during a ${x.reload_s} s rebuild, max ${x.reload_query_max_ms} ms (target ≤ 50)`,
    ],
  ];
  const p = x.peer;
  if (p) {
    rows.push(["peer_articles", `${p.articles}`, "a plain MiniSearch (all fields, jieba terms) vs newsbot's index, both in this thread"]);
    rows.push(["peer_build_ratio", p.build_ratio.toFixed(2), `${p.peer_build_s} s vs ${p.build_s} s`]);
    rows.push(["peer_query_p95_ratio", p.query_p95_ratio.toFixed(2), `${p.peer_query_p95_ms} ms vs ${p.query_p95_ms} ms`]);
    rows.push(["peer_heap_ratio", p.heap_ratio.toFixed(2), `${p.peer_heap_mb} MB vs ${p.heap_mb} MB`]);
  }
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return rows.map(([k, v, note]) => `${k.padEnd(w0)}  ${v.padStart(w1)}  ${note}`).join("\n");
}
