/**
 * Questions to the bot over the fixture archive (聊城 2023–2025, 德州, 菏泽, a 高唐县 article):
 * the newest figure with its date and the earlier figures, a year's figure, another city's
 * answer, the publication and link. The library's clock is injected.
 */
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewsLibrary } from "../../src/library/news-library.js";
import { openLibrary } from "../../src/library/open-library.js";
import { buttons, isWellFormedHtml, makeHarness, privateText, removeDir, texts } from "./helpers/harness.js";

const ARCHIVE = fileURLToPath(new URL("../fixtures/archive", import.meta.url));

let dir: string;
let library: NewsLibrary;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "newsbot-bot-archive-"));
  cpSync(ARCHIVE, dir, { recursive: true });
  library = await openLibrary({ corpusDir: dir, localCity: "聊城", now: () => new Date("2026-01-10T12:00:00+08:00") });
});
afterAll(() => removeDir(dir));

/** The reply to one question, from a user with this Telegram language. */
async function reply(question: string, language_code = "zh-hans"): Promise<string> {
  const h = makeHarness(library);
  await h.send(privateText(question, { language_code }));
  const [text] = texts(h.calls);
  expect(isWellFormedHtml(text)).toBe(true);
  return text;
}

describe("the bot over an archive", () => {
  it("answers a question about now with the newest figure and its date, then the earlier figures with theirs", async () => {
    const text = await reply("目前聊城有多少家省级单项冠军企业？");
    const [answer, source, earlier] = text.split("\n");
    expect(answer).toContain("省级<b>85家</b>");
    expect(source).toContain("2025-12-15");
    expect(earlier).toBe("此前：2024-12-17：6家、72家；2023-12-19：5家、66家");
  });

  it("shows the earlier figures in English labels to an English user", async () => {
    const text = await reply("目前聊城有多少家省级单项冠军企业？", "en");
    expect(text).toContain("Earlier: 2024-12-17: 6家、72家; 2023-12-19: 5家、66家");
  });

  it("answers a question naming a year from that year, without earlier figures", async () => {
    const text = await reply("2023年聊城有多少家单项冠军企业？");
    expect(text).toContain("<b>66家</b>");
    expect(text).toContain("2023-12-19");
    expect(text).not.toContain("此前");
  });

  it("reads 去年 against the library's clock", async () => {
    expect(await reply("去年聊城有多少家单项冠军企业？")).toContain("<b>85家</b>");
  });

  it("answers a 德州 question from the 德州 paper, with its publication and a link to the original", async () => {
    const h = makeHarness(library);
    await h.send(privateText("德州有多少家单项冠军企业？"));
    const [sent] = h.sent("sendMessage");
    const text = sent.payload.text as string;
    expect(text).toContain("<b>98家</b>");
    expect(text).toContain("📰 德州日报 · ");
    expect(text).not.toContain("聊城日报");
    const links = buttons(sent.payload).filter((b) => b.url);
    expect(links.map((b) => b.url)).toContain("https://example.org/dzrb/2024-12-10/a1");
  });
});
