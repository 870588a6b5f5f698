import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // nodejieba is a native addon: forks isolate it more predictably than worker threads.
    pool: "forks",
  },
});
