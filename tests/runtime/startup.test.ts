/**
 * Start-up as an operator sees it: debris of interrupted writes removed, every start-up problem
 * named at warn (each skipped file with its reason, a damaged or misplaced snapshot, an empty
 * library), a snapshot path that is a folder moved aside and rebuilt. The console mode is used:
 * the same library opening as the bot's, with no Telegram needed.
 */
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copyCorpus, requireBuild, tempDir } from "../reliability/helpers.js";
import { removeDir, SLOW, startMain } from "./helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

/** Warn lines (pino level 40) of the output, parsed. */
function warnings(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.level === 40);
}

describe("start-up", () => {
  it(
    "removes stale temp files from .newsbot/ and the corpus folder, and names each removal",
    async () => {
      requireBuild();
      const corpus = copyCorpus();
      dirs.push(corpus);
      mkdirSync(join(corpus, ".newsbot"), { recursive: true });
      const old = new Date(Date.now() - 60 * 60 * 1000);
      for (const name of [".newsbot/index.snap.4242.abc.tmp", ".upload-k3j5h2g1.tmp"]) {
        writeFileSync(join(corpus, name), "half-written");
        utimesSync(join(corpus, name), old, old);
      }
      writeFileSync(join(corpus, ".upload-fresh000.tmp"), "an upload being saved right now");
      const bot = await startMain({ CORPUS_DIR: corpus, LOG_LEVEL: "info" }, { input: "" });
      expect(await bot.exited).toBe(0);
      expect(existsSync(join(corpus, ".newsbot", "index.snap.4242.abc.tmp"))).toBe(false);
      expect(existsSync(join(corpus, ".upload-k3j5h2g1.tmp"))).toBe(false);
      expect(existsSync(join(corpus, ".upload-fresh000.tmp"))).toBe(true); // young: maybe another instance's
      const removed = warnings(bot.output()).map((w) => w.file);
      expect(removed).toEqual(expect.arrayContaining([".newsbot/index.snap.4242.abc.tmp", ".upload-k3j5h2g1.tmp"]));
    },
    SLOW,
  );

  it(
    "names each skipped file, a snapshot folder (moved aside, rebuilt) and a damaged snapshot at warn",
    async () => {
      requireBuild();
      const corpus = copyCorpus();
      dirs.push(corpus);
      writeFileSync(join(corpus, "broken.json"), "{ not json");
      mkdirSync(join(corpus, ".newsbot", "index.snap"), { recursive: true });
      const first = await startMain({ CORPUS_DIR: corpus }, { input: "" });
      expect(await first.exited).toBe(0);
      const named = warnings(first.output()).map((w) => `${String(w.file)}: ${String(w.reason)}`);
      expect(named.some((n) => n.startsWith("broken.json: "))).toBe(true);
      expect(named.some((n) => /^\.newsbot\/index\.snap: index snapshot path is not a file; moved aside/.test(n))).toBe(true);
      expect(readdirSync(join(corpus, ".newsbot")).some((n) => n.startsWith("index.snap.not-a-file-"))).toBe(true);

      // Damage the rebuilt snapshot: the next start says so, with the reason, and rebuilds.
      writeFileSync(join(corpus, ".newsbot", "index.snap"), "garbage");
      const second = await startMain({ CORPUS_DIR: corpus }, { input: "聊城有多少家单项冠军企业？\n" });
      expect(await second.exited).toBe(0);
      expect(second.output()).toContain("79家");
      const again = warnings(second.output()).map((w) => `${String(w.file)}: ${String(w.reason)}`);
      expect(
        again.some((n) => /^\.newsbot\/index\.snap: index snapshot is (damaged|unusable) \(.+\); rebuilding from the corpus$/.test(n)),
      ).toBe(true);
    },
    SLOW,
  );

  it(
    "says at warn when the library is empty",
    async () => {
      requireBuild();
      const empty = tempDir("empty");
      dirs.push(empty);
      const bot = await startMain({ CORPUS_DIR: empty }, { input: "" });
      expect(await bot.exited).toBe(0);
      expect(warnings(bot.output()).some((w) => /library is empty/.test(String(w.msg)))).toBe(true);
    },
    SLOW,
  );
});
