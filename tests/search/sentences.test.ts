/** Sentence splitting that keeps brackets and quotes whole. */
import { describe, expect, it } from "vitest";
import { MAX_PROTECTED_CHARS, splitSentences } from "../../src/search/answer/sentences.js";

const texts = (body: string, semicolons = true) => splitSentences(body, { semicolons }).map((s) => s.text);

describe("splitSentences", () => {
  it("never cuts inside brackets or quotes", () => {
    expect(texts("伊维卡·奥利奇（，；）是克罗地亚球员；他生于萨格勒布。")).toEqual([
      "伊维卡·奥利奇（，；）是克罗地亚球员；",
      "他生于萨格勒布。",
    ]);
    expect(texts("书名为《你好。世界》。下一句。")).toEqual(["书名为《你好。世界》。", "下一句。"]);
    expect(texts("他说：「我没有约会。一旦你聊天，就会被误会。」她笑了。")).toEqual([
      "他说：「我没有约会。一旦你聊天，就会被误会。」",
      "她笑了。",
    ]);
    expect(texts("又称作-{zh-cn:宽叶;zh-tw:锦地罗}-，是一种植物。")).toEqual(["又称作-{zh-cn:宽叶;zh-tw:锦地罗}-，是一种植物。"]);
  });

  it("keeps offsets into the body and the paragraph of each sentence", () => {
    const body = "第一句（注：甲。乙）。\n第二段！";
    const sentences = splitSentences(body);
    for (const s of sentences) expect(body.slice(s.start, s.end)).toBe(s.text);
    expect(sentences.map((s) => s.paragraph)).toEqual([0, 1]);
  });

  it("does not let a bracket that never closes swallow the paragraph", () => {
    expect(texts("他（生于1990年。后来搬家。")).toEqual(["他（生于1990年。", "后来搬家。"]);
    const long = `（${"很长的说明。".repeat(Math.ceil(MAX_PROTECTED_CHARS / 6) + 1)}）结束。`;
    expect(texts(long).length).toBeGreaterThan(2);
  });

  it("splits at semicolons only when asked", () => {
    expect(texts("一是修路；二是建桥。")).toEqual(["一是修路；", "二是建桥。"]);
    expect(texts("一是修路；二是建桥。", false)).toEqual(["一是修路；二是建桥。"]);
  });

  it("keeps the speaker with the quote", () => {
    expect(texts("“我们成立了联盟。”张巧说。第二句！")).toEqual(["“我们成立了联盟。”张巧说。", "第二句！"]);
  });
});
