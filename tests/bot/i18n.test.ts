/** Labels: Fluent files that agree, and the language each user gets (zh, zh-hant, en; pinyin stays zh). */
import { describe, expect, it } from "vitest";
import { cityName, LANGS, labels, messageIds, pickLang } from "../../src/bot/i18n.js";
import { buttons, makeHarness, privateText, useTempLibrary } from "./helpers/harness.js";
import { LINKED_CORPUS } from "./fixtures/linked-articles.js";

const seed = useTempLibrary(LINKED_CORPUS);

describe("the locale files", () => {
  it("zh.ftl and en.ftl hold the same messages, and every label formats in every language", () => {
    expect([...messageIds("en")].sort()).toEqual([...messageIds("zh")].sort());
    for (const lang of LANGS) {
      const L = labels(lang);
      for (const [name, value] of Object.entries(L)) {
        const text = typeof value === "function" ? (value as (...a: unknown[]) => string)("x", "y", "z", "w", "v") : value;
        expect(typeof text, name).toBe("string");
        // Fluent's isolation marks would show as stray characters in Telegram.
        expect(text, name).not.toMatch(/[\u2068\u2069]/);
      }
    }
  });
});

describe("pickLang", () => {
  it.each([
    ["zh", "zh"],
    ["zh-hans", "zh"],
    ["zh-CN", "zh"],
    ["zh-hant", "zh-hant"],
    ["zh-TW", "zh-hant"],
    ["zh-HK", "zh-hant"],
    ["en", "en"],
    ["en-GB", "en"],
    ["ru", "en"],
    ["fr", "en"],
  ])("%s → %s", (code, lang) => {
    expect(pickLang(code)).toBe(lang);
    // The user's language wins over the question's: a pinyin or English question changes nothing.
    expect(pickLang(code, "en")).toBe(lang);
  });

  it("without a language code, follows the question", () => {
    expect(pickLang(undefined, "en")).toBe("en");
    expect(pickLang(undefined, "zh")).toBe("zh");
    expect(pickLang(undefined)).toBe("zh");
  });

  it("writes the city in the reader's script", () => {
    expect(cityName("en", "聊城")).toBe("Liaocheng");
    expect(cityName("zh", "聊城")).toBe("聊城");
    expect(labels("en").helpText("聊城", "b")).not.toMatch(/\p{Script=Han}/u);
  });
});

describe("labels in answers", () => {
  const labelsOf = async (languageCode: string, question = "口袋公园") => {
    const h = makeHarness(seed.library);
    await h.send(privateText(question, { language_code: languageCode }));
    const [reply] = h.sent("sendMessage");
    return { text: reply.payload.text as string, keys: buttons(reply.payload).map((b) => b.text) };
  };

  it("zh users get simplified labels", async () => {
    const { text, keys } = await labelsOf("zh-hans");
    expect(text).toContain("其他可能的答案：");
    expect(keys).toEqual(["全文 ①", "全文 ②", "全文 ③", "原文 ①", "原文 ②", "原文 ③", "1/3", "下一页 ›", "分享"]);
  });

  it("zh-hant users get traditional labels (OpenCC), the answers stay as written", async () => {
    const { text, keys } = await labelsOf("zh-TW");
    expect(text).toContain("其他可能的答案：");
    expect(text).toContain("第 1–3 條，共 7 條");
    expect(text).toContain("新建口袋公园"); // the article's own words are not converted
    expect(keys).toEqual(["全文 ①", "全文 ②", "全文 ③", "原文 ①", "原文 ②", "原文 ③", "1/3", "下一頁 ›", "分享"]);
  });

  it("en users, and users of other languages, get English labels", async () => {
    for (const code of ["en-US", "de"]) {
      const { text, keys } = await labelsOf(code);
      expect(text).toContain("Other possible answers:");
      expect(keys).toEqual(["Full ①", "Full ②", "Full ③", "Original ①", "Original ②", "Original ③", "1/3", "Next ›", "Share"]);
    }
  });

  it("a pinyin question from a zh user keeps the Chinese labels", async () => {
    const { text, keys } = await labelsOf("zh-hans", "liaocheng danxiang guanjun qiye duoshao jia");
    expect(seed.library.engine.ask("liaocheng danxiang guanjun qiye duoshao jia").lang).toBe("en");
    // A list, no direct answer, or one answer with its source line: Chinese labels in each case.
    expect(text).toMatch(/^(没有找到直接回答，以下是相关报道：|①|[^\n]+\n📰 )/);
    expect(keys[0]).toMatch(/^全文/);
  });
});
