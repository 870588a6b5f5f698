/** An answer sentence that points back (它是…, 这些…) comes with the sentence it points to. */
import { describe, expect, it } from "vitest";
import { pointsBack } from "../../src/search/answer/anaphora.js";
import { article, engineFor } from "./helpers.js";

const articles = [
  article(
    "a",
    "网球入门",
    "网球运动起源于法国。正拍击球是网球最重要的一项技术。它是网球基本技术中常用的击球方法，往往是初学者最先学习的技术。反拍击球难度较大。",
  ),
  article("b", "羽毛球入门", "羽毛球运动普及很广。高远球是羽毛球的基本技术，初学者要多练习。"),
  article("c", "乒乓球比赛", "乒乓球比赛在市体育馆举行。共有200名选手参赛。"),
  article("d", "冬小麦播种", "全市冬小麦播种面积达到500万亩。农技人员深入田间指导。"),
];

describe("anaphoric answer sentences", () => {
  const question = "网球基本技术中哪一种是初学者最先学习的？";
  // Never joined by share, so only joinAnaphoric can bring in the previous sentence.
  const engine = engineFor(articles).withSettings({ windowShare: 2 });

  it("takes in the previous sentence, which names what 它 refers to", () => {
    const top = engine.ask(question).answers[0];
    expect(top.id).toBe("a");
    expect(top.answer).toContain("它是网球基本技术中常用的击球方法");
    expect(top.answer).toContain("正拍击球是网球最重要的一项技术。");
    expect(top.answer).not.toContain("起源于法国");
  });

  it("gives the sentence alone with joinAnaphoric off", () => {
    const top = engine.withSettings({ joinAnaphoric: false }).ask(question).answers[0];
    expect(top.answer.startsWith("它是网球基本技术中常用的击球方法")).toBe(true);
  });
});

describe("pointsBack", () => {
  it("finds an anaphor at the start or after a short leading clause, not inside the sentence", () => {
    expect(pointsBack("它是网球基本技术中常用的击球方法。")).toBe(true);
    expect(pointsBack("这些都市也被发现拥有世界上第一个都市公共卫生系统。")).toBe(true);
    expect(pointsBack("无论如何，这些都市只具有非常小的规模。")).toBe(true);
    expect(pointsBack("网球运动起源于法国，它在英国得到发展。")).toBe(false);
    expect(pointsBack("正拍击球是网球最重要的一项技术。")).toBe(false);
  });
});
