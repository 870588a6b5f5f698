#!/usr/bin/env node
/**
 * Memory across reloads at archive size: a synthetic corpus of ARTICLES articles (and the seed
 * page), opened once, then RELOADS full rebuilds (a page is touched before each, so the
 * fingerprint changes) while a question is asked every 20 ms. Prints RSS after each reload (after a
 * GC), the reload's time, and the latency of the questions asked during the reloads; the exit code
 * is 1 when RSS after any reload is more than BOUND MB above the first reload's.
 *
 *   node scripts/reload-memory.mjs                              # 10,000 articles, 10 reloads
 *   node scripts/reload-memory.mjs --articles 2000 --reloads 5 --json
 *
 * Needs `npm run build` first.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: {
    articles: { type: "string", default: "10000" },
    reloads: { type: "string", default: "10" },
    bound: { type: "string", default: "100" },
    json: { type: "boolean", default: false },
  },
});
const articles = Number(values.articles);
const reloads = Number(values.reloads);
const bound = Number(values.bound);

const { openLibrary } = await import(join(ROOT, "dist", "library", "open-library.js"));
const { ArchiveGenerator, loadLexicon, writeArchive } = await import(join(ROOT, "dist", "bench", "synthetic.js"));

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");
const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
const log = (line) => values.json || process.stderr.write(line + "\n");
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : 0;
};

const dir = mkdtempSync(join(tmpdir(), "newsbot-reload-memory-"));
try {
  const page = join(dir, "000_777c845344387f30.txt");
  copyFileSync(join(ROOT, "corpus", "000_777c845344387f30.txt"), page);
  log(`writing ${articles} synthetic articles in ${dir}`);
  writeArchive(join(dir, "archive"), new ArchiveGenerator(loadLexicon(), { seed: 7 }), articles);
  let t = performance.now();
  const library = await openLibrary({ corpusDir: dir, localCity: "聊城" });
  gc();
  const open = { rss_mb: rssMb(), s: Math.round(performance.now() - t) / 1000, built_in: library.stats.builtIn };
  log(`open: ${open.rss_mb} MB RSS, ${open.s} s, built in ${open.built_in}`);

  const rows = [];
  const latency = [];
  for (let i = 1; i <= reloads; i++) {
    const later = new Date(statSync(page).mtimeMs + 5000);
    utimesSync(page, later, later);
    t = performance.now();
    let done = false;
    const reload = library.reload().finally(() => (done = true));
    let due = performance.now();
    while (!done) {
      due += 20;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      if (done) break;
      library.engine.ask("聊城有多少家单项冠军企业？");
      latency.push(performance.now() - due);
    }
    await reload;
    const s = Math.round(performance.now() - t) / 1000;
    gc();
    rows.push({ reload: i, rss_mb: rssMb(), s, built_in: library.stats.builtIn });
    log(`reload ${i}: ${rows.at(-1).rss_mb} MB RSS, ${s} s, built in ${library.stats.builtIn}`);
  }
  const growth = Math.max(...rows.map((r) => r.rss_mb)) - rows[0].rss_mb;
  const summary = {
    articles: library.engine.size,
    reloads,
    open_rss_mb: open.rss_mb,
    first_reload_rss_mb: rows[0].rss_mb,
    last_reload_rss_mb: rows.at(-1).rss_mb,
    max_growth_mb: growth,
    reload_s_median: percentile(
      rows.map((r) => r.s),
      50,
    ),
    questions_during_reloads: latency.length,
    reload_query_p95_ms: Math.round(percentile(latency, 95) * 10) / 10,
    reload_query_max_ms: Math.round(Math.max(0, ...latency) * 10) / 10,
  };
  process.stdout.write(JSON.stringify(values.json ? { ...summary, rows } : summary) + "\n");
  process.exitCode = growth > bound ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
