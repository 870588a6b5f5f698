/**
 * Reloads as admins live them, through bot.handleUpdate with the real library on a few hundred
 * articles (so a reload takes a while): a second upload confirmed while the first one's reload
 * runs is indexed too, without another command, and each admin is told when; a reload asked in a
 * forum topic reports there, in one message edited with its progress and then its report.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ArchiveGenerator, loadLexicon, writeArchive } from "../../src/bench/synthetic.js";
import type { NewsLibrary } from "../../src/library/news-library.js";
import {
  ADMIN_ID,
  GROUP_ID,
  SEED_PAGE,
  buttons,
  callback,
  makeHarness,
  privateDocument,
  privateText,
  realLibrary,
  removeDir,
  type ApiCall,
} from "../bot/helpers/harness.js";
import { SLOW } from "./helpers.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function bigCorpus(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), "newsbot-admin-reloads-"));
  dirs.push(dir);
  copyFileSync(SEED_PAGE, join(dir, "000_777c845344387f30.txt"));
  writeArchive(join(dir, "archive"), new ArchiveGenerator(loadLexicon(), { seed: 5 }), count);
  return dir;
}

const page = (headline: string, body: string) => JSON.stringify([{ headline, date: "2024-12-05", body: [body] }]);
const PAGE_A = page("徒骇河湿地公园开园", "徒骇河湿地公园今天开园，公园面积达到360公顷。");
const PAGE_B = page("聊城西站新增列车班次", "聊城西站本月起每天新增列车班次27趟。");

/** A fetch serving each uploaded file's bytes by its file id. */
function filesFetch(byId: Record<string, string>): typeof fetch {
  return (async (url: string) => {
    const id = /\/documents\/([^/]+)\.txt$/.exec(String(url))?.[1] ?? "";
    return new Response(new TextEncoder().encode(byId[id] ?? ""), { status: 200 });
  }) as unknown as typeof fetch;
}

/** A library that tells when a reload request arrives. */
function watched(library: NewsLibrary) {
  const waiters: (() => void)[] = [];
  /** Per request: whether a reload was already running when it came. */
  const whileRunning: boolean[] = [];
  const lib = Object.create(library, {
    reload: {
      value: () => {
        whileRunning.push(library.reloading);
        const report = library.reload();
        waiters.splice(0).forEach((w) => w());
        return report;
      },
    },
  }) as NewsLibrary;
  return { lib, whileRunning, nextRequest: () => new Promise<void>((r) => waiters.push(r)) };
}

describe("two uploads confirmed back to back", () => {
  it(
    "both pages become answerable without another command; each admin message ends with its report",
    async () => {
      const dir = bigCorpus(400);
      const real = await realLibrary(dir);
      const { lib, nextRequest, whileRunning } = watched(real);
      const docA = privateDocument("a.json", PAGE_A.length);
      const docB = privateDocument("b.json", PAGE_B.length);
      const id = (doc: typeof docA) => (doc.message as { document: { file_id: string } }).document.file_id;
      const h = makeHarness(lib, { deps: { fetch: filesFetch({ [id(docA)]: PAGE_A, [id(docB)]: PAGE_B }) } });
      await h.send(docA);
      await h.send(docB);
      const [previewA, previewB] = h.sent("sendMessage").map((c) => buttons(c.payload)[0].callback_data!);

      // A press on each preview message (the harness's callbacks share one message id: give each its own).
      const press = (data: string, messageId: number) => {
        const update = callback(data, { id: ADMIN_ID }) as { callback_query: { message: { message_id: number } } };
        update.callback_query.message.message_id = messageId;
        return update as never;
      };
      const firstRequest = nextRequest();
      await h.send(press(previewA, 501), { wait: false });
      await firstRequest; // A is saved and its reload runs
      expect(real.reloading).toBe(true);
      const secondRequest = nextRequest();
      await h.send(press(previewB, 502), { wait: false });
      await secondRequest;
      await h.tasks.idle();
      expect(whileRunning).toEqual([false, true]); // B's reload was asked for during A's

      expect(real.engine.ask("徒骇河湿地公园面积多大").answers[0]?.answer).toContain("360公顷");
      expect(real.engine.ask("聊城西站每天新增多少趟列车").answers[0]?.answer).toContain("27趟");
      const finalTexts = lastEditPerMessage(h.sent("editMessageText"));
      expect(finalTexts).toHaveLength(2);
      expect(finalTexts.some((t) => t.includes("「a.json」已编入索引"))).toBe(true);
      expect(finalTexts.some((t) => t.includes("「b.json」已编入索引"))).toBe(true);
      for (const text of finalTexts) expect(text).toMatch(/\d+ → \d+/);
    },
    SLOW,
  );
});

/** The last edit of each message: what the admin finally sees. */
function lastEditPerMessage(edits: ApiCall[]): string[] {
  const last = new Map<string, string>();
  for (const e of edits) last.set(`${e.payload.chat_id}/${e.payload.message_id}`, e.payload.text as string);
  return [...last.values()];
}

describe("a /reload in a forum topic", () => {
  it(
    "answers in that topic, in one message edited with progress (items, percent, time left) and then the report",
    async () => {
      const dir = bigCorpus(1500);
      const library = await realLibrary(dir);
      writeFileSync(join(dir, "new.json"), PAGE_A);
      const h = makeHarness(library, { deps: { progressEveryMs: 100 } });
      const topic = 7;
      const inTopic = privateText("/reload", { id: ADMIN_ID }) as unknown as { message: Record<string, unknown> };
      inTopic.message.chat = { id: GROUP_ID, type: "supergroup", title: "Editors", is_forum: true };
      inTopic.message.is_topic_message = true;
      inTopic.message.message_thread_id = topic;
      await h.send(inTopic as never);

      const sent = h.sent("sendMessage");
      expect(sent).toHaveLength(1);
      expect(sent[0].payload).toMatchObject({ chat_id: GROUP_ID, message_thread_id: topic });
      const edits = h.sent("editMessageText");
      expect(edits.length).toBeGreaterThanOrEqual(2);
      const messageIds = new Set(edits.map((e) => e.payload.message_id));
      expect(messageIds.size).toBe(1);
      for (const e of edits) expect(e.payload.chat_id).toBe(GROUP_ID);
      const progress = edits.slice(0, -1).map((e) => e.payload.text as string);
      expect(progress.some((t) => /已分析 [\d,]+ \/ [\d,]+ 条（\d+%）(，预计还需 \d+ 秒)?。/.test(t))).toBe(true);
      expect(edits.at(-1)!.payload.text).toContain("徒骇河湿地公园开园");
    },
    SLOW,
  );
});
