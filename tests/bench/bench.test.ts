/** `newsbot bench --json`: a small run completes and its last line holds every figure, finite and sane. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const KEYS = [
  "articles",
  "corpus_mb",
  "segment_mb_s",
  "build_s",
  "build_mb_s",
  "query_p50_ms",
  "query_p95_ms",
  "answer_p95_ms",
  "heap_mb",
  "rss_mb",
  "snapshot_mb",
  "startup_s",
  "startup_rss_mb",
  "startup_peak_rss_mb",
  "idle_rss_mb",
  "reload_query_p95_ms",
];

describe("newsbot bench --json --articles 200", () => {
  it("with --peer adds the ratios to a plain MiniSearch over the same articles", () => {
    const run = spawnSync(process.execPath, [join(ROOT, "dist", "cli", "newsbot.js"), "bench", "--json", "--articles", "100", "--peer"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 240_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    const peer = (JSON.parse(lines[lines.length - 1]) as { peer: Record<string, number> }).peer;
    expect(peer.articles).toBe(100);
    for (const key of ["build_ratio", "query_p95_ratio", "heap_ratio", "peer_build_s", "build_s", "peer_heap_mb", "heap_mb"]) {
      expect(Number.isFinite(peer[key]) && peer[key] > 0, key).toBe(true);
    }
    expect(peer.build_ratio).toBeCloseTo(peer.peer_build_s / peer.build_s, 0);
  }, 300_000);

  it("prints one JSON object of finite, plausible figures as its last line", () => {
    const run = spawnSync(process.execPath, [join(ROOT, "dist", "cli", "newsbot.js"), "bench", "--json", "--articles", "200"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 240_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    const result = JSON.parse(lines[lines.length - 1]) as Record<string, number>;
    expect(Object.keys(result).sort()).toEqual([...KEYS].sort());
    for (const key of KEYS) {
      expect(Number.isFinite(result[key]), key).toBe(true);
      expect(result[key], key).toBeGreaterThanOrEqual(0);
    }
    // The synthetic corpus only: exactly the articles asked for.
    expect(result.articles).toBe(200);
    expect(result.corpus_mb).toBeGreaterThan(0.1);
    for (const key of ["segment_mb_s", "build_s", "build_mb_s", "heap_mb", "rss_mb", "snapshot_mb", "startup_s"]) {
      expect(result[key], key).toBeGreaterThan(0);
    }
    expect(result.query_p50_ms).toBeLessThanOrEqual(result.query_p95_ms);
    expect(result.rss_mb).toBeGreaterThan(10);
    // A fresh process's memory (Linux /proc): settled RSS is at most its peak, and it answered 100 more.
    if (process.platform === "linux") {
      for (const key of ["startup_rss_mb", "startup_peak_rss_mb", "idle_rss_mb"]) expect(result[key], key).toBeGreaterThan(10);
      expect(result.startup_rss_mb).toBeLessThanOrEqual(result.startup_peak_rss_mb);
    }
  }, 300_000);

  it("rejects a bad article count", () => {
    const run = spawnSync(process.execPath, [join(ROOT, "dist", "cli", "newsbot.js"), "bench", "--articles", "lots"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--articles/);
  });
});
