/**
 * The load script (scripts/load-test.mjs, `npm run load`) in a small size, so it keeps working:
 * the real bot against the local emulator, every question answered once, nothing logged as error.
 * The figures in docs/reliability.md come from the full-size run.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requireBuild, ROOT } from "./helpers.js";

/** The report of `load-test.mjs --json`, the fields checked here. */
interface LoadReport {
  replies: number;
  missing: number;
  duplicates: number;
  latencyMs: { p95: number };
  memoryMb: { rssAfter: number };
}

describe("npm run load (small)", () => {
  it("20 users, 100 questions: all answered, none twice, latency and memory reported", () => {
    requireBuild();
    const run = spawnSync(
      process.execPath,
      [join(ROOT, "scripts", "load-test.mjs"), "--users", "20", "--questions", "100", "--bursts", "4", "--json"],
      {
        encoding: "utf8",
        timeout: 45_000,
      },
    );
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const result = JSON.parse(run.stdout) as LoadReport;
    expect(result.replies).toBe(100);
    expect(result.missing).toBe(0);
    expect(result.duplicates).toBe(0);
    expect(result.latencyMs.p95).toBeGreaterThan(0);
    expect(result.memoryMb.rssAfter).toBeGreaterThan(0);
  }, 60_000);
});
