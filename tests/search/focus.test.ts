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

describe("answerFocus of a two-sentence answer", () => {
  const answer = "去年新增企业5家。目前累计培育单项冠军企业98家。";
  const core: [number, number] = [answer.indexOf("目前"), answer.length];
  const intent = detectIntentZh("有多少家单项冠军企业？");
  const text = (found: [number, number][]) => found.map(([s, e]) => answer.slice(s, e));

  it("bolds the fact of the ranked sentence, not the neighbour's figures", () => {
    expect(text(answerFocus(answer, intent))).toEqual(["5家", "98家"]);
    expect(text(answerFocus(answer, intent, core))).toEqual(["98家"]);
  });

  it("falls back to the neighbour when the ranked sentence holds no fact of the asked type", () => {
    const first: [number, number] = [0, answer.indexOf("目前")];
    const noFact = "去年新增企业5家。这些企业都在开发区。";
    expect(answerFocus(noFact, intent, [noFact.indexOf("这些"), noFact.length]).map(([s, e]) => noFact.slice(s, e))).toEqual(["5家"]);
    expect(text(answerFocus(answer, intent, first))).toEqual(["5家"]);
  });
});
