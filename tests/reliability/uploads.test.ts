/**
 * Uploads: the size cap, wrong types, hostile file names (paths, NUL, very long, odd Unicode) are
 * saved only inside the corpus folder under a safe name, an existing page is never overwritten
 * without saying so, and a half-written upload is never indexed: its temp file is dot-named, the
 * loader skips dot files, and a reload in the middle of a save sees neither it nor the page.
 *
 * node:fs/promises is mocked pass-through, with two hooks: `gate` pauses saveToCorpus after half
 * of its temp file is written, `linkFault` makes the final link fail (a crash between the write
 * and the rename).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { safeFileName, saveToCorpus } from "../../src/bot/upload.js";
import type { NewsLibrary } from "../../src/library/news-library.js";
import {
  ADMIN_ID,
  buttons,
  callback,
  makeHarness,
  privateDocument,
  realLibrary,
  removeDir,
  tempCorpus,
  texts,
  type Harness,
} from "../bot/helpers/harness.js";
import { SEED_PAGE } from "./helpers.js";

const hooks: {
  gate?: { reached: () => void; release: Promise<void> };
  linkFault?: string;
  tempWrites: string[];
} = { tempWrites: [] };

vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  const writeFile = (async (file: string, data: Uint8Array, options?: unknown) => {
    if (typeof file === "string" && basename(file).startsWith(".upload-")) {
      hooks.tempWrites.push(file);
      const gate = hooks.gate;
      if (gate) {
        // Half the bytes now, the rest after the test has looked around.
        await real.writeFile(file, data.subarray(0, Math.floor(data.length / 2)), options as never);
        gate.reached();
        await gate.release;
        return real.writeFile(file, data);
      }
    }
    return real.writeFile(file, data, options as never);
  }) as typeof real.writeFile;
  const link = (async (from: string, to: string) => {
    if (hooks.linkFault) throw Object.assign(new Error(`${hooks.linkFault}: simulated`), { code: hooks.linkFault });
    return real.link(from, to);
  }) as typeof real.link;
  return { ...real, default: { ...real, writeFile, link }, writeFile, link };
});

const ADMIN = { id: ADMIN_ID };
const PAGE = JSON.stringify([
  { headline: "东昌湖新建观景台正式开放", date: "2024-12-03", body: ["东昌湖景区新建的观景台今天正式开放，观景台高42米。"] },
]);

function fakeFetch(bytes: string | Uint8Array) {
  return (async () =>
    new Response(typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes, { status: 200 })) as unknown as typeof fetch;
}

/** The real library, but a confirmed upload's reload is a no-op: these tests are about files. */
function withoutReload(real: NewsLibrary): NewsLibrary {
  return {
    get engine() {
      return real.engine;
    },
    corpusDir: real.corpusDir,
    pages: real.pages,
    loadedAt: real.loadedAt,
    warnings: [],
    reloading: false,
    reloadProgress: null,
    reload: async () => ({ before: 9, after: 9, added: [], removed: [], warnings: [], ms: 1 }),
  };
}

let dir: string;
let library: NewsLibrary;
let h: Harness;
beforeEach(async () => {
  hooks.gate = undefined;
  hooks.linkFault = undefined;
  hooks.tempWrites = [];
  dir = tempCorpus();
  library = await realLibrary(dir);
  h = makeHarness(withoutReload(library), { deps: { fetch: fakeFetch(PAGE) }, config: { maxUploadBytes: 4096 } });
});
afterEach(() => removeDir(dir));

/** Upload name as an admin and confirm it; the files that appeared in the corpus folder. */
async function uploadAndConfirm(name: string): Promise<{ added: string[]; replies: string[] }> {
  const before = new Set(readdirSync(dir));
  const parentBefore = new Set(readdirSync(dirname(dir)));
  h.reset();
  await h.send(privateDocument(name, PAGE.length, ADMIN));
  const preview = h.sent("sendMessage").at(-1)!;
  const confirm = buttons(preview.payload).find((b) => b.callback_data?.endsWith(":ok"));
  expect(confirm, `no Confirm for ${JSON.stringify(name)}: ${preview.payload.text}`).toBeDefined();
  await h.send(callback(confirm!.callback_data!, ADMIN));
  // Nothing new beside the corpus folder (../../x.txt and friends).
  expect(readdirSync(dirname(dir)).filter((f) => !parentBefore.has(f) && !f.startsWith("newsbot-"))).toEqual([]);
  return { added: readdirSync(dir).filter((f) => !before.has(f)), replies: texts(h.calls) };
}

describe("hostile file names", () => {
  const names: [string, string][] = [
    ["../../x.txt", "x.txt"],
    ["..\\..\\x.txt", "x.txt"],
    ["/etc/cron.d/x.json", "x.json"],
    ["C:\\Windows\\System32\\x.md", "x.md"],
    ["x\u0000.txt", "x.txt"],
    ["a\u0000/../../b.txt", "b.txt"],
    [".bashrc.txt", "bashrc.txt"],
    ["..txt", "upload.txt"],
    ["\u202egpj.exe.txt", "gpj.exe.txt"],
    ["😀 页面 ①.txt", "页面.txt"],
  ];
  for (const [name, expected] of names) {
    it(`${JSON.stringify(name)} is saved as ${expected}, inside the corpus folder`, async () => {
      const { added } = await uploadAndConfirm(name);
      expect(added).toEqual([expected]);
      expect(readFileSync(join(dir, expected), "utf8")).toBe(PAGE);
    });
  }

  it("very long names (Latin and Han) are cut to a name the file system accepts", async () => {
    for (const name of ["a".repeat(1000) + ".txt", "聊".repeat(300) + ".json", "页".repeat(90) + "x".repeat(200) + ".md"]) {
      const { added, replies } = await uploadAndConfirm(name);
      expect(added, replies.join("\n")).toHaveLength(1);
      expect(Buffer.byteLength(added[0])).toBeLessThanOrEqual(255);
      expect(statSync(join(dir, added[0])).isFile()).toBe(true);
    }
  });

  it("safeFileName never yields a path, a dot file or more than 200 bytes", () => {
    for (const name of [
      "../../x.txt",
      "/",
      ".",
      "..",
      "\u0000",
      "a/b/c/",
      "聊".repeat(500),
      "\\\\server\\share\\x.txt",
      "x.txt/",
      "😀".repeat(300),
    ]) {
      const safe = safeFileName(name);
      expect(safe).not.toMatch(/[/\\\u0000]|^\./);
      expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(200);
    }
  });
});

describe("caps and types", () => {
  it("refuses a file over the cap (declared or actual) and a wrong type, saving nothing", async () => {
    const before = readdirSync(dir);
    await h.send(privateDocument("big.txt", 100_000, ADMIN));
    const sneaky = privateDocument("sneaky.txt", 10, ADMIN);
    const big = makeHarness(library, { deps: { fetch: fakeFetch("x".repeat(10_000)) }, config: { maxUploadBytes: 4096 } });
    await big.send(sneaky);
    for (const name of ["virus.exe", "page.txt.exe", "page.pdf", "page", "x.txt\u0000.exe"]) await h.send(privateDocument(name, 10, ADMIN));
    const replies = [...texts(h.calls), ...texts(big.calls)];
    expect(replies.filter((t) => t.includes("文件太大"))).toHaveLength(2);
    expect(replies.filter((t) => t.includes("只接受"))).toHaveLength(5);
    expect(readdirSync(dir)).toEqual(before);
  });

  it("a binary file with a page's name is previewed as unusable and offers no Confirm", async () => {
    const junk = makeHarness(library, { deps: { fetch: fakeFetch(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13])) } });
    await junk.send(privateDocument("photo.txt", 8, ADMIN));
    const reply = junk.sent("sendMessage").at(-1)!;
    expect(reply.payload.text).toContain("没有找到可用的报道");
    expect(buttons(reply.payload)).toEqual([]);
  });
});

describe("never overwriting", () => {
  it("an upload named like an existing page is saved beside it, and the admin is told", async () => {
    const existing = basename(SEED_PAGE);
    const original = readFileSync(join(dir, existing));
    const { added, replies } = await uploadAndConfirm(existing);
    expect(added).toEqual([existing.replace(/\.txt$/, "-1.txt")]);
    expect(readFileSync(join(dir, existing)).equals(original)).toBe(true);
    expect(replies.join("\n")).toContain(`已有同名文件「${existing}」`);
  });

  it("a file that appears under the name between preview and Confirm is not overwritten either", async () => {
    h.reset();
    await h.send(privateDocument("late.json", PAGE.length, ADMIN));
    const confirm = buttons(h.sent("sendMessage").at(-1)!.payload)[0];
    writeFileSync(join(dir, "late.json"), "[]");
    await h.send(callback(confirm.callback_data!, ADMIN));
    expect(readFileSync(join(dir, "late.json"), "utf8")).toBe("[]");
    expect(readFileSync(join(dir, "late-1.json"), "utf8")).toBe(PAGE);
    expect(texts(h.calls).join("\n")).toContain("所以保存为「late-1.json」");
  });
});

describe("half-written uploads are never indexed", () => {
  it("the loader skips dot files, whatever they hold", async () => {
    const page = readFileSync(SEED_PAGE, "utf8").replace(/聊城/g, "济宁");
    writeFileSync(join(dir, ".upload-abcd1234.tmp"), page);
    writeFileSync(join(dir, ".half.txt"), page);
    writeFileSync(join(dir, ".half.json"), PAGE);
    const result = await loadCorpus(dir);
    expect(result.articles.every((a) => !a.source.startsWith("."))).toBe(true);
    expect(result.articles.some((a) => a.body.includes("济宁"))).toBe(false);
  });

  it("a reload in the middle of a save sees neither the temp file nor the page; after it, the page", async () => {
    let reached!: () => void;
    let release!: () => void;
    const atGate = new Promise<void>((r) => (reached = r));
    hooks.gate = { reached: () => reached(), release: new Promise<void>((r) => (release = r)) };
    const saving = saveToCorpus(dir, "new.json", new TextEncoder().encode(PAGE));
    await atGate;
    // Half the bytes are on disk, in a dot file in the corpus folder itself (same file system).
    expect(hooks.tempWrites).toHaveLength(1);
    expect(dirname(hooks.tempWrites[0])).toBe(dir);
    expect(basename(hooks.tempWrites[0])).toMatch(/^\.upload-[0-9a-z]+\.tmp$/);
    expect(existsSync(hooks.tempWrites[0])).toBe(true);
    const during = await library.reload();
    expect(during.added).toEqual([]);
    expect(library.engine.ask("东昌湖观景台有多高？").answers).toEqual([]);
    release();
    expect(await saving).toEqual({ name: "new.json", renamed: false });
    const after = await library.reload();
    expect(after.added.map((a) => a.headline)).toEqual(["东昌湖新建观景台正式开放"]);
    expect(readdirSync(dir).filter((f) => f.startsWith(".upload"))).toEqual([]);
  });

  it("a save that fails before the final link leaves no page and no temp file, and says so briefly", async () => {
    const before = readdirSync(dir).sort();
    h.reset();
    await h.send(privateDocument("crash.json", PAGE.length, ADMIN));
    const confirm = buttons(h.sent("sendMessage").at(-1)!.payload)[0];
    hooks.linkFault = "EIO";
    await h.send(callback(confirm.callback_data!, ADMIN));
    expect(readdirSync(dir).sort()).toEqual(before);
    const said = texts(h.calls).at(-1)!;
    expect(said).toBe("保存失败：EIO");
    expect(said).not.toContain(dir);
  });
});
