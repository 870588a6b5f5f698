/** Admin features: /reload and document uploads; and that non-admins get none of it. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { labels } from "../../src/bot/i18n.js";
import { ReloadError, type NewsLibrary, type ReloadReport } from "../../src/library/news-library.js";
import {
  ADMIN_ID,
  buttons,
  callback,
  corpusFiles,
  groupText,
  isWellFormedHtml,
  makeHarness,
  privateDocument,
  privateText,
  realLibrary,
  removeDir,
  tempCorpus,
  texts,
  USER_ID,
} from "./helpers/harness.js";

const ADMIN = { id: ADMIN_ID };
const NEW_PAGE = JSON.stringify([
  { headline: "东昌湖新建观景台正式开放", date: "2024-12-03", body: ["东昌湖景区新建的观景台今天正式开放，观景台高42米。"] },
]);

/** Serves the file bytes as Telegram's file endpoint would; records the URLs asked for. */
function fakeFetch(bytes: Uint8Array | string) {
  const urls: string[] = [];
  const fetch = (async (url: string) => {
    urls.push(String(url));
    return new Response(typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes, { status: 200 });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, urls };
}

let dir: string;
let library: NewsLibrary;

beforeEach(async () => {
  dir = tempCorpus();
  library = await realLibrary(dir);
});
afterEach(() => removeDir(dir));

describe("/reload", () => {
  it("reloads for an admin and reports before → after, added headlines and time", async () => {
    const h = makeHarness(library);
    const before = library.engine.size;
    writeFileSync(join(dir, "new.json"), NEW_PAGE);
    await h.send(privateText("/reload", ADMIN));
    const [started] = texts(h.calls);
    const report = texts(h.calls).at(-1)!;
    expect(started).toContain("正在重新加载");
    // One message per reload: the report (and any progress before it) edits the "started" reply.
    const statusId = (h.sent("sendMessage")[0].payload as { chat_id: number }).chat_id;
    expect(h.sent("sendMessage")).toHaveLength(1);
    for (const edit of h.sent("editMessageText")) expect(edit.payload.chat_id).toBe(statusId);
    expect(report).toContain(`${before} → ${before + 1}`);
    expect(report).toContain("新增 1");
    expect(report).toContain("东昌湖新建观景台正式开放");
    expect(report).toMatch(/用时 \d+\.\d 秒/);
    expect(isWellFormedHtml(report)).toBe(true);
    h.reset();
    await h.send(privateText("东昌湖观景台有多高？"));
    expect(texts(h.calls)[0]).toContain("42米");
  });

  it("lists files the loader skipped, by name", async () => {
    const h = makeHarness(library);
    writeFileSync(join(dir, "broken.json"), "{ not json");
    await h.send(privateText("/reload", ADMIN));
    const report = texts(h.calls).at(-1)!;
    expect(report).toContain("警告");
    expect(report).toContain("broken.json");
  });

  it("is an unknown command for a non-admin: no reload, no hint", async () => {
    let reloads = 0;
    const spy = Object.create(library, { reload: { value: () => (reloads++, library.reload()) } }) as NewsLibrary;
    const h = makeHarness(spy);
    writeFileSync(join(dir, "new.json"), NEW_PAGE);
    const before = library.engine.size;
    await h.send(privateText("/reload"));
    await h.send(groupText("/reload"));
    expect(reloads).toBe(0);
    expect(library.engine.size).toBe(before);
    const replies = texts(h.calls);
    expect(replies).toEqual(["不认识这个命令。发送 /help 查看用法。"]);
    expect(replies.join()).not.toMatch(/reload|管理|admin/i);
  });

  it("a group admin is not a bot admin", async () => {
    let reloads = 0;
    const spy = Object.create(library, { reload: { value: () => (reloads++, library.reload()) } }) as NewsLibrary;
    const h = makeHarness(spy);
    // Even in a group where the user is an admin, only ADMIN_IDS count.
    await h.send(groupText("/reload", { id: USER_ID }));
    expect(reloads).toBe(0);
  });

  describe("with a slow or failing reload (injected)", () => {
    /** A library whose reloads wait for finish(); each request is recorded. */
    function slowLibrary(real: NewsLibrary) {
      const waiting: ((report: ReloadReport) => void)[] = [];
      const lib = Object.create(real, {
        reloading: { get: () => waiting.length > 0 },
        reload: { value: () => new Promise<ReloadReport>((resolve) => waiting.push(resolve)) },
      }) as NewsLibrary;
      return { lib, requests: () => waiting.length, finish: (report: ReloadReport) => waiting.splice(0).forEach((r) => r(report)) };
    }

    it("keeps answering from the old engine while a reload runs; a second /reload gets one reply, 'already running', and its own report", async () => {
      const { lib, finish, requests } = slowLibrary(library);
      const h = makeHarness(lib);
      await h.send(privateText("/reload", ADMIN), { wait: false });
      expect(texts(h.calls)).toEqual(["正在重新加载资料库……期间照常回答问题。"]);
      await h.send(privateText("聊城有多少家单项冠军企业？"), { wait: false });
      expect(texts(h.calls)[1]).toContain("79家");
      await h.send(privateText("/reload", ADMIN), { wait: false });
      expect(texts(h.calls)[2]).toContain("已有一次重新加载正在进行");
      expect(requests()).toBe(2); // the library coalesces; the bot never drops a request
      finish({ before: 9, after: 9, added: [], removed: [], warnings: [], ms: 1500 });
      await h.tasks.idle();
      const sent = h.sent("sendMessage");
      expect(sent).toHaveLength(3); // two status messages and the answer, nothing more
      const edits = h.sent("editMessageText");
      // Each request's own status message gets its report.
      expect(new Set(edits.map((e) => e.payload.message_id)).size).toBe(2);
      for (const edit of edits) {
        expect(edit.payload.text).toContain("9 → 9");
        expect(edit.payload.text).toContain("1.5 秒");
      }
      expect(edits).toHaveLength(2);
    });

    it("on failure keeps the old index and says why, with the bad files", async () => {
      const failing = Object.create(library, {
        reload: {
          value: () =>
            Promise.reject(new ReloadError("the corpus would be empty, the old index stays", [{ file: "a.txt", reason: "binary file" }])),
        },
      }) as NewsLibrary;
      const h = makeHarness(failing);
      await h.send(privateText("/reload", ADMIN));
      const reply = texts(h.calls).at(-1)!;
      expect(reply).toContain("重新加载失败，仍在使用原来的索引");
      expect(reply).toContain("the corpus would be empty");
      // The loader's reason, in the admin's language.
      expect(reply).toContain("a.txt: 不是文本文件，已跳过");
      h.reset();
      await h.send(privateText("聊城有多少家单项冠军企业？"));
      expect(texts(h.calls)[0]).toContain("79家");
    });

    it("an unexpected crash is reported without internals", async () => {
      const crashing = Object.create(library, { reload: { value: () => Promise.reject(new Error("EACCES /secret/path")) } }) as NewsLibrary;
      const h = makeHarness(crashing);
      await h.send(privateText("/reload", ADMIN));
      expect(texts(h.calls).at(-1)).not.toContain("/secret/path");
    });
  });
});

describe("document upload", () => {
  it("previews, and on Confirm saves atomically under a safe name and reloads", async () => {
    const { fetch, urls } = fakeFetch(NEW_PAGE);
    const h = makeHarness(library, { deps: { fetch } });
    const filesBefore = corpusFiles(dir);
    await h.send(privateDocument("../../观景台 new!.json", NEW_PAGE.length, ADMIN));
    expect(h.sent("getFile")).toHaveLength(1);
    expect(urls[0]).toMatch(/^http:\/\/127\.0\.0\.1:1\/file\/bot123456:TEST-token_secret\/documents\/doc\d+\.txt$/);
    const preview = h.sent("sendMessage").at(-1)!;
    expect(preview.payload.text).toContain("观景台_new.json");
    expect(preview.payload.text).toContain("找到 1 条");
    expect(preview.payload.text).toContain("东昌湖新建观景台正式开放");
    expect(corpusFiles(dir)).toEqual(filesBefore);
    const [confirm, cancel] = buttons(preview.payload);
    expect([confirm.text, cancel.text]).toEqual(["确认保存", "取消"]);
    h.reset();
    await h.send(callback(confirm.callback_data!, ADMIN));
    expect(corpusFiles(dir)).toEqual([...filesBefore, "观景台_new.json"].sort());
    expect(readFileSync(join(dir, "观景台_new.json"), "utf8")).toBe(NEW_PAGE);
    const replies = texts(h.calls);
    expect(replies[0]).toContain("已保存为「观景台_new.json」");
    expect(replies.at(-1)).toContain("东昌湖新建观景台正式开放");
    expect(replies.at(-1)).toContain("新增 1");
    // The reload happened: the new page answers.
    h.reset();
    await h.send(privateText("东昌湖观景台有多高？"));
    expect(texts(h.calls)[0]).toContain("42米");
    // No temp files left behind.
    expect(corpusFiles(dir).filter((f) => f.startsWith(".upload"))).toEqual([]);
  });

  it("does not overwrite an existing file: adds a suffix and says so", async () => {
    writeFileSync(join(dir, "page.json"), "[]");
    const { fetch } = fakeFetch(NEW_PAGE);
    const h = makeHarness(library, { deps: { fetch } });
    await h.send(privateDocument("page.json", 10, ADMIN));
    const [confirm] = buttons(h.sent("sendMessage").at(-1)!.payload);
    await h.send(callback(confirm.callback_data!, ADMIN));
    expect(readFileSync(join(dir, "page.json"), "utf8")).toBe("[]");
    expect(readFileSync(join(dir, "page-1.json"), "utf8")).toBe(NEW_PAGE);
    expect(texts(h.calls).join("\n")).toContain("所以保存为「page-1.json」");
  });

  it("Cancel saves nothing, and the buttons then expire", async () => {
    const { fetch } = fakeFetch(NEW_PAGE);
    const h = makeHarness(library, { deps: { fetch } });
    const filesBefore = corpusFiles(dir);
    await h.send(privateDocument("new.json", 10, ADMIN));
    const [confirm, cancel] = buttons(h.sent("sendMessage").at(-1)!.payload);
    h.reset();
    await h.send(callback(cancel.callback_data!, ADMIN));
    expect(texts(h.calls)).toEqual(["已取消，文件没有保存。"]);
    await h.send(callback(confirm.callback_data!, ADMIN));
    expect(h.sent("answerCallbackQuery").at(-1)!.payload.text).toBe("已过期");
    expect(corpusFiles(dir)).toEqual(filesBefore);
  });

  it("refuses wrong types and files over MAX_UPLOAD_BYTES, with a clear message", async () => {
    const { fetch, urls } = fakeFetch("x".repeat(5000));
    const h = makeHarness(library, { deps: { fetch }, config: { maxUploadBytes: 1000 } });
    await h.send(privateDocument("photo.exe", 10, ADMIN));
    await h.send(privateDocument("big.txt", 5000, ADMIN));
    // Telegram did not say the size: the download itself is capped.
    const doc = privateDocument("sneaky.txt", 0, ADMIN) as any;
    delete doc.message.document.file_size;
    await h.send(doc);
    const [wrong, big, sneaky] = texts(h.calls);
    expect(wrong).toContain(".txt、.md、.json 或 .jsonl");
    expect(big).toContain("文件太大");
    expect(big).toContain("1000 B");
    expect(sneaky).toContain("文件太大");
    expect(urls).toHaveLength(1);
  });

  it("says when a file holds nothing usable, and offers no Confirm", async () => {
    const { fetch } = fakeFetch(new Uint8Array([0, 1, 2, 3, 0, 0, 255, 254, 0, 7]));
    const h = makeHarness(library, { deps: { fetch } });
    await h.send(privateDocument("junk.txt", 10, ADMIN));
    const reply = h.sent("sendMessage").at(-1)!;
    expect(reply.payload.text).toContain("没有找到可用的报道");
    expect(buttons(reply.payload)).toEqual([]);
  });

  it("gives non-admins no upload function and no hint", async () => {
    const { fetch, urls } = fakeFetch(NEW_PAGE);
    const h = makeHarness(library, { deps: { fetch } });
    await h.send(privateDocument("new.json", 10, { id: USER_ID }));
    expect(urls).toHaveLength(0);
    expect(h.sent("getFile")).toHaveLength(0);
    const replies = texts(h.calls);
    expect(replies).toEqual([labels("zh").textOnly]);
  });

  it("binds a pending upload to its admin: another user's or admin's click is 'expired'", async () => {
    const { fetch } = fakeFetch(NEW_PAGE);
    const h = makeHarness(library, { deps: { fetch }, config: { adminIds: [ADMIN_ID, 3003] } });
    const filesBefore = corpusFiles(dir);
    await h.send(privateDocument("new.json", 10, ADMIN));
    const [confirm] = buttons(h.sent("sendMessage").at(-1)!.payload);
    h.reset();
    await h.send(callback(confirm.callback_data!, { id: USER_ID }));
    await h.send(callback(confirm.callback_data!, { id: 3003 }));
    expect(h.sent("answerCallbackQuery").map((c) => c.payload.text)).toEqual(["已过期", "已过期"]);
    expect(corpusFiles(dir)).toEqual(filesBefore);
    // Still valid for its owner.
    await h.send(callback(confirm.callback_data!, ADMIN));
    expect(existsSync(join(dir, "new.json"))).toBe(true);
  });
});
