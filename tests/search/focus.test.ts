/** The answer span: the asked fact inside the answer sentence, for the bot to bold. */
import { describe, expect, it } from "vitest";
import { answerFocus } from "../../src/search/answer/focus.js";
import { detectIntentZh } from "../../src/search/answer/intent.js";

function spans(sentence: string, question: string): string[] {
  return answerFocus(sentence, detectIntentZh(question)).map(([s, e]) => sentence.slice(s, e));
}

describe("answerFocus", () => {
  it("finds the number with the asked measure word", () => {
    expect(spans("目前，累计培育国家级制造业单项冠军企业7家、省级79家。", "聊城有多少家单项冠军企业？")).toEqual(["7家", "79家"]);
  });

  it("finds the date, the rank and the person asked for", () => {
    expect(spans("11月19日，第二届运河文化节在临清开幕。", "运河文化节哪天开幕？")).toEqual(["11月19日"]);
    expect(spans("冠县产业集群入选前10位名单，并位列第3名。", "冠县产业集群位列第几？")).toEqual(["前10位", "第3名"]);
    expect(spans("市工业和信息化局局长李福雷表示，将继续推进。", "谁表示将继续推进？")).toEqual(["局长李福雷"]);
  });

  it("gives nothing for questions without a fact to bold, or sentences without one", () => {
    expect(spans("口袋公园面积虽小，功能齐全。", "口袋公园有什么特点？")).toEqual([]);
    expect(spans("口袋公园面积虽小，功能齐全。", "口袋公园有多少处？")).toEqual([]);
  });

  it("keeps offsets of the original text, traditional or full-width", () => {
    const sentence = "累計培育企業７家、省級７９家。";
    expect(spans(sentence, "有多少家企业")).toEqual(["７家", "７９家"]);
  });
});
