/** Question analysis: question words are not content, particles glued to names are cut off. */
import { describe, expect, it } from "vitest";
import { isQuestionWord, questionTokens, splitGlued } from "../../src/search/answer/question.js";
import { detectIntentZh } from "../../src/search/answer/intent.js";
import { normalizeText } from "../../src/text/normalize.js";
import { article, engineFor } from "./helpers.js";

/** A corpus that knows a few names jieba does not. */
const known = new Set(["白岳峰", "尚恩", "晏", "康忠", "球队", "冠军", "公司", "河流", "建筑", "袋鼠", "害虫", "港口"]);
const context = { known: (term: string) => known.has(term) };

const contentOf = (question: string) =>
  questionTokens(normalizeText(question), context)
    .filter((t) => t.kind === "content")
    .map((t) => t.word);

describe("question words", () => {
  it("recognizes question words with what jieba glues to them", () => {
    for (const word of [
      "哪一年",
      "哪支",
      "哪一家",
      "几条",
      "什么样",
      "为何",
      "为什么",
      "怎样",
      "如何",
      "多久",
      "哪些方面",
      "哪一",
      "多大",
    ]) {
      expect(isQuestionWord(word), word).toBe(true);
    }
    for (const word of ["公司", "哪吒", "几乎"]) expect(isQuestionWord(word), word).toBe(false);
  });

  it("leaves no part of a question word as content (哪/一家, 什么/时候, 哪/一部分)", () => {
    expect(contentOf("哪一支球队获得冠军")).toEqual(["球队", "获得", "冠军"]);
    expect(contentOf("哪一家公司")).toEqual(["公司"]);
    expect(contentOf("什么时候建成的")).toEqual(["建成"]);
    expect(contentOf("有几条河流")).toEqual(["河流"]);
    expect(contentOf("是什么样的建筑")).toEqual(["建筑"]);
    expect(contentOf("为什么袋鼠会被认为是害虫")).toEqual(expect.arrayContaining(["袋鼠", "害虫"]));
    expect(contentOf("为什么袋鼠会被认为是害虫")).not.toContain("为什么");
    expect(contentOf("港口哪一部分最繁忙")).not.toContain("一部分");
  });

  it("drops function words by their part of speech", () => {
    const content = contentOf("袋鼠在哪些方面与其他动物不同");
    expect(content).toContain("袋鼠");
    expect(content).not.toContain("在");
    expect(content).not.toContain("与");
    expect(content).not.toContain("哪些方面");
  });

  it("takes 甚麼 / 甚么 for 什么 (a question word, not content)", () => {
    const engine = engineFor();
    const query = engine.parse("國際社會對中華民國的通稱是甚麼？");
    expect(query.intent.type).not.toBe("general");
    expect(query.concepts.map((c) => c.text)).not.toContain("甚么");
    expect(query.concepts.map((c) => c.text)).toContain("通称");
  });

  it("reads the question type from the question word", () => {
    expect(detectIntentZh("他是哪一年出生的").type).toBe("date");
    expect(detectIntentZh("哪一位球员进球最多").type).toBe("person");
    expect(detectIntentZh("哪一种计分法最常用").type).toBe("what"); // not a place: 在哪 is not 哪一种
    expect(detectIntentZh("为何必须交换场地").type).toBe("reason");
    expect(detectIntentZh("公园位于哪个国家").type).toBe("place");
  });
});

describe("particles glued to names", () => {
  it("cuts a particle off a name the corpus knows (白岳峰现, 尚恩有, 晏是)", () => {
    expect(splitGlued("白岳峰现", context).map((t) => t.word)).toEqual(["白岳峰", "现"]);
    expect(splitGlued("尚恩有", context).map((t) => t.word)).toEqual(["尚恩", "有"]);
    expect(splitGlued("晏是", context).map((t) => t.word)).toEqual(["晏", "是"]);
    expect(splitGlued("后康忠", context).map((t) => t.word)).toEqual(["后", "康忠"]);
    expect(splitGlued("白岳峰现", context)[1].kind).toBe("function");
  });

  it("leaves words alone that the corpus knows or that hold no known word", () => {
    expect(splitGlued("冠军", context).map((t) => t.word)).toEqual(["冠军"]);
    expect(splitGlued("世界杯", context).map((t) => t.word)).toEqual(["世界杯"]);
  });

  it("finds the article by the name once the particle is off", () => {
    const engine = engineFor([
      article("a", "球员白岳峰", "白岳峰出生于大连。白岳峰现任大连队的主教练，带队获得联赛亚军。"),
      article("b", "城市新闻", "大连举办了马拉松比赛，参赛选手超过两万人。"),
    ]);
    const concepts = engine.parse("白岳峰现任什么职务").concepts.map((c) => c.text);
    expect(concepts).toContain("白岳峰");
    const top = engine.ask("白岳峰现任什么职务").answers[0];
    expect(top.id).toBe("a");
    expect(top.answer).toContain("主教练");
  });
});
