/**
 * Access: ADMIN_IDS is parsed strictly (a bad entry stops the real process with a message naming
 * it, no stack trace); admin actions come only from listed users, through commands, documents and
 * buttons alike; callback data is validated, stale or forged buttons get a short "expired"; a
 * Telegram group administrator (or an anonymous one) is not a bot admin.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { NewsLibrary } from "../../src/library/news-library.js";
import {
  ADMIN_ID,
  GROUP_ID,
  USER_ID,
  buttons,
  callback,
  groupText,
  makeHarness,
  privateDocument,
  privateText,
  realLibrary,
  removeDir,
  tempCorpus,
  texts,
} from "../bot/helpers/harness.js";
import { MAIN, requireBuild } from "./helpers.js";

/** Telegram's sender for anonymous group admins. */
const GROUP_ANONYMOUS_BOT = 1087968824;
const PAGE = JSON.stringify([{ headline: "东昌湖新建观景台正式开放", date: "2024-12-03", body: ["观景台高42米。"] }]);

describe("ADMIN_IDS at start-up (node dist/main.js)", () => {
  const start = (adminIds: string) =>
    spawnSync(process.execPath, [MAIN], {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? "", BOT_TOKEN: "123456:ABC-def_ghi", ADMIN_IDS: adminIds, TELEGRAM_API_ROOT: "http://127.0.0.1:9" },
      encoding: "utf8",
      timeout: 10_000,
    });

  it.each([
    ["12,abc", "abc"],
    ["12, -5", "-5"],
    ["1.5", "1.5"],
    ["12;13", "12;13"],
    ["12,,13", ""],
    ["0", "0"],
    ["99999999999999999999", "99999999999999999999"],
  ])("ADMIN_IDS=%s exits non-zero naming %j, without a stack trace", (value, entry) => {
    requireBuild();
    const result = start(value);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`ADMIN_IDS: "${entry}"`);
    expect(result.stderr).not.toMatch(/\n\s+at |Error:/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stdout).toBe("");
  });
});

describe("admin actions only from listed users", () => {
  let dir: string;
  let library: NewsLibrary;
  let reloads: number;
  let spy: NewsLibrary;
  const fetch = (async () => new Response(new TextEncoder().encode(PAGE))) as unknown as typeof globalThis.fetch;

  beforeEach(async () => {
    dir = tempCorpus();
    library = await realLibrary(dir);
    reloads = 0;
    spy = Object.create(library, {
      reload: { value: async () => (reloads++, { before: 9, after: 9, added: [], removed: [], warnings: [], ms: 1 }) },
    }) as NewsLibrary;
  });
  afterEach(() => removeDir(dir));

  it("/reload and uploads from anyone else: nothing happens, nothing is hinted, Telegram is never asked who is admin", async () => {
    const h = makeHarness(spy, { deps: { fetch } });
    const files = readdirSync(dir);
    await h.send(privateText("/reload", { id: USER_ID }));
    await h.send(privateText("/reload@news_test_bot", { id: USER_ID }));
    await h.send(groupText("/reload", { id: USER_ID })); // a group's creator or administrator
    await h.send(
      groupText("/reload", { id: GROUP_ANONYMOUS_BOT }, { sender_chat: { id: GROUP_ID, type: "supergroup", title: "Test group" } }),
    );
    await h.send(privateDocument("new.json", 100, { id: USER_ID }));
    const groupDoc = privateDocument("new.json", 100, { id: ADMIN_ID }) as any;
    groupDoc.message.chat = { id: GROUP_ID, type: "supergroup", title: "Test group" };
    await h.send(groupDoc); // even a bot admin uploads only in the private chat
    await h.send({ channel_post: { message_id: 1, date: 0, chat: { id: -100999, type: "channel", title: "c" }, text: "/reload" } } as any);
    expect(reloads).toBe(0);
    expect(h.sent("getFile")).toHaveLength(0);
    expect(h.calls.map((c) => c.method)).not.toContain("getChatMember");
    expect(h.calls.map((c) => c.method)).not.toContain("getChatAdministrators");
    expect(readdirSync(dir)).toEqual(files);
    expect(texts(h.calls).join("\n")).not.toMatch(/reload|管理员|admin/i);
  });

  it("a listed admin may /reload, in private and in a group", async () => {
    const h = makeHarness(spy);
    await h.send(privateText("/reload", { id: ADMIN_ID }));
    await h.send(groupText("/reload", { id: ADMIN_ID }));
    expect(reloads).toBe(2);
  });

  it("forged, malformed and foreign buttons: one short 'expired' each, nothing else", async () => {
    const h = makeHarness(spy, { deps: { fetch } });
    await h.send(privateDocument("new.json", 100, { id: ADMIN_ID }));
    const [confirm] = buttons(h.sent("sendMessage").at(-1)!.payload);
    const key = /^u:([0-9a-z]{8}):ok$/.exec(confirm.callback_data!)![1];
    h.reset();
    const forged = [
      "u:abcdefgh:ok",
      `u:${key}:OK`,
      `u:${key}:ok `,
      `u:${key}:ok\n`,
      `u:${key.toUpperCase()}:ok`,
      `u:${key}:ok:extra`,
      `U:${key}:ok`,
      `u:${key}`,
      "m:abcdefgh:99999",
      "m:abcdefgh:-1",
      "m:abcdefgh:01",
      "f:abcdefgh:1e3",
      "x:99",
      "x:-1",
      "__proto__",
      "constructor",
      "h ",
      "",
      "u:" + "a".repeat(70) + ":ok",
      "\u0000",
      "😀",
    ];
    for (const data of forged) await h.send(callback(data, { id: ADMIN_ID }));
    await h.send(callback(confirm.callback_data!, { id: USER_ID }));
    const answers = h.sent("answerCallbackQuery");
    expect(answers).toHaveLength(forged.length + 1);
    for (const a of answers) expect(a.payload.text).toBe("已过期");
    expect(h.calls.filter((c) => c.method !== "answerCallbackQuery")).toEqual([]);
    expect(readdirSync(dir)).not.toContain("new.json");
  });

  it("stale buttons (an upload after 30 min, an answer after a day) answer 'expired'", async () => {
    let now = Date.parse("2024-12-02T10:00:00Z");
    const h = makeHarness(spy, { deps: { fetch, now: () => new Date(now) } });
    await h.send(privateDocument("new.json", 100, { id: ADMIN_ID }));
    const [confirm] = buttons(h.sent("sendMessage").at(-1)!.payload);
    await h.send(privateText("企业", { id: USER_ID }));
    // The n/N page indicator holds no state, so it cannot go stale.
    const answerButtons = buttons(h.sent("sendMessage").at(-1)!.payload).filter((b) => b.callback_data && b.callback_data !== "n");
    expect(answerButtons.length).toBeGreaterThan(0);

    now += 31 * 60 * 1000;
    h.reset();
    await h.send(callback(confirm.callback_data!, { id: ADMIN_ID }));
    expect(h.sent("answerCallbackQuery").map((c) => c.payload.text)).toEqual(["已过期"]);
    expect(readdirSync(dir)).not.toContain("new.json");

    now += 24 * 60 * 60 * 1000;
    h.reset();
    for (const b of answerButtons) await h.send(callback(b.callback_data!, { id: USER_ID }));
    expect(h.sent("answerCallbackQuery").map((c) => c.payload.text)).toEqual(answerButtons.map(() => "已过期"));
    expect(h.calls.filter((c) => c.method !== "answerCallbackQuery")).toEqual([]);
  });

  it("a button pressed on an inline message (no chat) is answered, never crashes", async () => {
    const h = makeHarness(spy);
    await h.send(privateText("企业", { id: USER_ID }));
    const datas = buttons(h.sent("sendMessage").at(-1)!.payload)
      .filter((b) => b.callback_data)
      .map((b) => b.callback_data!);
    h.reset();
    for (const data of datas) {
      await h.send({
        callback_query: {
          id: "9",
          from: { id: USER_ID, is_bot: false, first_name: "U" },
          chat_instance: "c",
          inline_message_id: "im1",
          data,
        },
      } as any);
    }
    expect(h.sent("answerCallbackQuery")).toHaveLength(datas.length);
    expect(texts(h.calls).join("\n")).not.toMatch(/出错|error/i);
  });
});
