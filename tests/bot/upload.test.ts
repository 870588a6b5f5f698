/** Safe names and the atomic, never-overwriting save. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hasUploadExtension, safeFileName, saveToCorpus } from "../../src/bot/upload.js";

describe("safeFileName", () => {
  it.each([
    ["page.txt", "page.txt"],
    ["../../etc/passwd.txt", "passwd.txt"],
    ["..\\..\\win\\evil.md", "evil.md"],
    [".hidden.txt", "hidden.txt"],
    ["聊城日报 2024-12-02.TXT", "聊城日报_2024-12-02.txt"],
    ["a<b>|c?.json", "a_b_c.json"],
    ["....json", "upload.json"],
    ["-rf.jsonl", "rf.jsonl"],
    ["noext", "noext.txt"],
    ["", "upload.txt"],
  ])("%s → %s", (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it("always gives a plain, visible, bounded basename", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (input) => {
        const name = safeFileName(input);
        return (
          /^[A-Za-z0-9._\-\p{Script=Han}]+$/u.test(name) &&
          !name.startsWith(".") &&
          !name.includes("..") &&
          Array.from(name).length <= 100 &&
          hasUploadExtension(name)
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe("saveToCorpus", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "newsbot-save-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the bytes and leaves no temp file", async () => {
    const saved = await saveToCorpus(dir, "a.txt", new TextEncoder().encode("hello"));
    expect(saved).toEqual({ name: "a.txt", renamed: false });
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("hello");
    expect(readdirSync(dir)).toEqual(["a.txt"]);
  });

  it("never overwrites: a-1, a-2…", async () => {
    writeFileSync(join(dir, "a.txt"), "old");
    writeFileSync(join(dir, "a-1.txt"), "old1");
    const saved = await saveToCorpus(dir, "a.txt", new TextEncoder().encode("new"));
    expect(saved).toEqual({ name: "a-2.txt", renamed: true });
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("old");
    expect(readFileSync(join(dir, "a-2.txt"), "utf8")).toBe("new");
  });

  it("concurrent saves of the same name all land under different names", async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => saveToCorpus(dir, "same.txt", new TextEncoder().encode(String(i)))),
    );
    expect(new Set(results.map((r) => r.name)).size).toBe(5);
    expect(readdirSync(dir).sort()).toEqual(["same-1.txt", "same-2.txt", "same-3.txt", "same-4.txt", "same.txt"]);
  });
});
