import { defineConfig } from "vitest/config";

/**
 * Two suites: `unit` (fast, in-process: `npm run test:unit`) and `process` (suites that start the
 * built bot or CLI as processes, or build indexes in worker threads: they need `npm run build`,
 * and get timeouts sized for a loaded 2-core machine). `npm test` runs both.
 */
const PROCESS_SUITES = [
  "tests/e2e/**/*.test.ts",
  "tests/reliability/**/*.test.ts",
  "tests/runtime/**/*.test.ts",
  "tests/cli/**/*.test.ts",
  "tests/bench/**/*.test.ts",
  "tests/ops/multi-instance.test.ts",
  "tests/library/reload.test.ts",
];

export default defineConfig({
  test: {
    // nodejieba is a native addon: forks isolate it more predictably than worker threads.
    pool: "forks",
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/**/*.test.ts"], exclude: PROCESS_SUITES, testTimeout: 60_000, hookTimeout: 120_000 },
      },
      {
        extends: true,
        test: { name: "process", include: PROCESS_SUITES, testTimeout: 240_000, hookTimeout: 240_000 },
      },
    ],
  },
});
