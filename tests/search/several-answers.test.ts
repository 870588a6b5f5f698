/** Up to three distinct answers, from one article or several; the excerpt keeps the fact's neighbour. */
import { describe, expect, it } from "vitest";
import { article, engineFor } from "./helpers.js";

const festival = [
  article(
    "a",
    "运河文化节开幕",
    "11月19日，第二届运河文化节在临清开幕。本届运河文化节吸引游客12万人次，带动消费3000万元。文化节设置了非遗展区。",
  ),
  article("b", "运河文化节闭幕", "为期三天的运河文化节昨日闭幕。据统计，运河文化节期间共接待游客15万人次。明年将继续举办。"),
  article("c", "文旅融合发展", "我市推进文旅融合。去年运河文化节接待游客9万人次，今年继续增长。运河沿线新建驿站5处。"),
  article("d", "冬小麦播种", "全市冬小麦播种面积达到500万亩。农技人员深入田间指导。"),
];

describe("several answers", () => {
  const engine = engineFor(festival);

  it("gives several answers, never the same sentence twice nor overlapping ones", () => {
    const { answers, total } = engine.ask("运河文化节接待了多少游客", { limit: 3 });
    expect(answers.length).toBeGreaterThanOrEqual(2);
    expect(total).toBeGreaterThanOrEqual(answers.length);
    expect(new Set(answers.map((a) => a.answer)).size).toBe(answers.length);
    // Answers of one article never share a sentence.
    for (let i = 0; i < answers.length; i++) {
      for (let j = i + 1; j < answers.length; j++) {
        if (answers[i].id !== answers[j].id) continue;
        const pieces = (s: string) => s.split(/(?<=[。！？])/).filter(Boolean);
        expect(pieces(answers[i].answer).some((p) => pieces(answers[j].answer).includes(p))).toBe(false);
      }
    }
    expect(new Set(answers.map((a) => a.id)).size).toBeGreaterThanOrEqual(2);
    expect(answers.some((a) => /万人次/.test(a.answer))).toBe(true);
    expect(answers.every((a) => a.id !== "d")).toBe(true);
  });

  it("pages through the same list", () => {
    const all = engine.ask("运河文化节接待了多少游客", { limit: 10 });
    const second = engine.ask("运河文化节接待了多少游客", { limit: 1, offset: 1 });
    expect(second.answers[0].answer).toBe(all.answers[1].answer);
  });

  it("keeps the sentence the question's words stand in within the excerpt", () => {
    const top = engine.ask("第二届运河文化节在临清开幕后吸引了多少游客").answers[0];
    expect(top.excerpt).toContain("12万人次");
    expect(top.excerpt).toContain("在临清开幕");
    expect(top.excerpt.length).toBeLessThanOrEqual(300);
  });
});
