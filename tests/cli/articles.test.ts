import { spawnSync } from "node:child_process";
import { copyFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SEED_PATH, makeTempDir, removeDir } from "../corpus/helpers.js";

// Runs the built CLI: `npm test` builds first (npm run build).
const CLI = fileURLToPath(new URL("../../dist/cli/newsbot.js", import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
  await copyFile(SEED_PATH, path.join(dir, "000.txt"));
  await writeFile(path.join(dir, "empty.txt"), "");
  await writeFile(path.join(dir, "image.txt"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
});
afterEach(async () => {
  await removeDir(dir);
});

function newsbot(args: string[], env: Record<string, string> = {}) {
  const { CORPUS_DIR: _ignored, ...base } = process.env;
  // cwd = the temp folder, so neither ./corpus nor a project .env leaks in.
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, env: { ...base, ...env }, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("newsbot articles", () => {
  it("--json prints one JSON array of the 9 items; warnings name the bad files on stderr; exit 0", () => {
    const { code, stdout, stderr } = newsbot(["articles", "--json", "--corpus", dir]);
    expect(code).toBe(0);
    const items = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(Array.isArray(items)).toBe(true);
    expect(items).toHaveLength(9);
    for (const key of ["id", "kind", "headline", "kicker", "subtitle", "byline", "date", "body", "source", "city"]) {
      expect(items[0]).toHaveProperty(key);
    }
    expect(items[2]).toMatchObject({
      headline: "我市14家企业拟认定为省制造业单项冠军",
      date: "2024-11-29",
      source: "000.txt",
      city: "聊城",
    });
    expect(items.filter((i) => i.kind === "photo")).toHaveLength(2);
    const lines = stderr.trim().split("\n");
    expect(lines).toContain("newsbot: warning: empty.txt: empty file; skipped");
    expect(lines.some((l) => /^newsbot: warning: image\.txt: binary file/.test(l))).toBe(true);
    expect(stdout).not.toContain("warning");
  });

  it("prints a readable list without --json, taking the folder from CORPUS_DIR", () => {
    const { code, stdout } = newsbot(["articles"], { CORPUS_DIR: dir });
    expect(code).toBe(0);
    expect(stdout).toContain("向“蓝”而行 —— 看聊城如何全力打好蓝天保卫战");
    expect(stdout).toContain("photo · 2024-11-30 · 000.txt");
    expect(stdout).toContain("11月19日，聊城市主城区免费乘坐公交车政策施行");
    expect(stdout).toContain("9 item(s) from 1 page file(s)");
  });

  it("fails clearly for a missing folder", () => {
    const missing = path.join(dir, "no-such-folder");
    const { code, stdout, stderr } = newsbot(["articles", "--json", "--corpus", missing]);
    expect(code).not.toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toContain(`corpus: folder not found: ${missing}`);
  });

  it("defaults to ./corpus and rejects unknown options", () => {
    // Resolved against the working folder, as every entry point does.
    expect(newsbot(["articles"]).stderr).toContain(`corpus: folder not found: ${path.join(dir, "corpus")}`);
    const bad = newsbot(["articles", "--bogus"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bogus/);
  });
});
