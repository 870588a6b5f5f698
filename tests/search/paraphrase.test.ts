import { describe, expect, it } from "vitest";
import { numberAlternatives, parseChineseNumeral, parseQuantity, toChineseNumeral } from "../../src/search/text/numbers.js";
import { COUNTING_UNITS, MEASURES } from "../../src/search/text/measures.js";
import { SYNONYM_WEIGHT, SynonymTable } from "../../src/search/text/synonyms.js";
import { article, engineFor } from "./helpers.js";

describe("numbers in any spelling", () => {
  it("reads Chinese numerals, colloquial forms and amounts with 万 or 亿", () => {
    expect(parseChineseNumeral("一千零五十")).toBe(1050);
    expect(parseChineseNumeral("两万")).toBe(20000);
    expect(parseChineseNumeral("一万五")).toBe(15000);
    expect(parseChineseNumeral("三千五")).toBe(3500);
    expect(parseChineseNumeral("十八")).toBe(18);
    expect(parseChineseNumeral("二〇二四")).toBe(2024);
    expect(parseChineseNumeral("六四")).toBeUndefined(); // a name, not 64
    expect(parseQuantity("1.5万元")).toEqual({ value: 15000, unit: "元", approx: "" });
    expect(parseQuantity("三十多家")).toEqual({ value: 30, unit: "家", approx: "多" });
    expect(parseQuantity("三成")).toEqual({ value: 30, unit: "%", approx: "" });
    expect(parseQuantity("百分之三十")).toEqual({ value: 30, unit: "%", approx: "" });
    expect(parseQuantity("12千米")).toEqual({ value: 12, unit: "千米", approx: "" });
    expect(toChineseNumeral(1050)).toBe("一千零五十");
    expect(toChineseNumeral(15)).toBe("十五");
  });

  it("does not take words that merely start with a numeral for numbers", () => {
    for (const word of ["一些", "一直", "统一", "千万", "万一", "十分", "十三翼"]) {
      expect(parseQuantity(word), word).toBeUndefined();
    }
  });

  it("respells a number with any counting unit of the measure list, not one that makes a name", () => {
    expect(parseQuantity("一千公顷")).toEqual({ value: 1000, unit: "公顷", approx: "" });
    expect(parseQuantity("十周年")).toEqual({ value: 10, unit: "周年", approx: "" });
    expect(numberAlternatives("三口")).toEqual(expect.arrayContaining(["3口"]));
    for (const word of ["三国", "二代", "一度", "四季"]) expect(parseQuantity(word), word).toBeUndefined();
    for (const unit of COUNTING_UNITS) expect(MEASURES, unit).toContain(unit);
  });

  it("spells a quantity every way the paper may write it, both directions", () => {
    expect(numberAlternatives("一千头")).toEqual(expect.arrayContaining(["1000头", "1000"]));
    expect(numberAlternatives("1000头")).toEqual(expect.arrayContaining(["一千头", "一千"]));
    expect(numberAlternatives("两万")).toEqual(expect.arrayContaining(["20000", "2万"]));
    expect(numberAlternatives("20000")).toEqual(expect.arrayContaining(["2万", "两万"]));
    expect(numberAlternatives("1.5万")).toEqual(expect.arrayContaining(["15000", "一万五千"]));
    expect(numberAlternatives("三成")).toEqual(expect.arrayContaining(["30%"]));
    expect(numberAlternatives("30%")).toEqual(expect.arrayContaining(["三成", "百分之三十"]));
    expect(numberAlternatives("三十多家")).toEqual(expect.arrayContaining(["30多家", "30余家"]));
  });

  it("answers a question written with one spelling from a body written with another", () => {
    const engine = engineFor([
      // The distractors come first: a tie would go to them.
      article("b", "临清养殖场扩建", "临清一家养殖场目前存栏300头肉牛，年出栏5000头生猪。"),
      article("a", "东昌府区养殖场扩建", "东昌府区一家养殖场目前存栏1000头肉牛，年出栏两万头生猪。"),
      article("d", "秋季招聘会举行", "秋季招聘会提供就业岗位1.2万个，其中两成来自制造业企业。"),
      article("c", "春季招聘会举行", "春季招聘会提供就业岗位1.5万个，其中三成来自制造业企业。"),
    ]);
    const top = (q: string) => engine.ask(q).answers[0];
    expect(top("存栏一千头肉牛的养殖场")?.id).toBe("a"); // 一千 → 1000
    expect(top("年出栏20000头生猪的养殖场")?.id).toBe("a"); // 20000 → 两万
    expect(top("提供15000个岗位的招聘会")?.id).toBe("c"); // 15000 → 1.5万
    expect(top("百分之三十岗位来自制造业的招聘会")?.id).toBe("c"); // 百分之三十 → 三成
  });
});

describe("synonyms", () => {
  it("reads groups and one-way entries from the file format", () => {
    const table = new SynonymTable().addText("# comment\n大巴 客车 巴士\n卖到 > 远销 销往\n");
    expect(table.get("大巴")).toEqual(["客车", "巴士"]);
    expect(table.get("客车")).toEqual(["大巴", "巴士"]);
    expect(table.get("卖到")).toEqual(["远销", "销往"]);
    expect(table.get("远销")).toEqual([]);
  });

  const corpus = [
    article("bus", "聊城至济南新增客车班次", "聊城汽车总站新增开往济南的客车班次，每天8班。"),
    article("rail", "聊城至济南高铁开通", "聊城至济南的高铁线路开通运营，每天12趟。"),
  ];

  it("finds the word's synonym in the body, as a weaker alternative than the word itself", () => {
    const engine = engineFor(corpus);
    const concept = engine.parse("聊城到济南的大巴班次").concepts.find((c) => c.text === "大巴");
    const synonym = concept?.alternatives.find((a) => a.term === "客车");
    expect(synonym).toBeDefined();
    expect(synonym!.weight).toBeLessThanOrEqual(SYNONYM_WEIGHT);
    expect(synonym!.weight).toBeLessThan(concept!.alternatives[0].weight);
    expect(engine.ask("聊城到济南的大巴班次").answers[0]?.id).toBe("bus");
    // Without the table, the question misses the article.
    const plain = engineFor(corpus, { synonyms: new SynonymTable() });
    expect(plain.ask("聊城到济南的大巴班次").answers[0]?.id).not.toBe("bus");
  });

  it("prefers the article with the word itself over one with its synonym", () => {
    const engine = engineFor([...corpus, article("coach", "聊城至济南大巴增加班次", "聊城开往济南的大巴增加班次，每天10班。")]);
    expect(engine.ask("聊城到济南的大巴班次").answers[0]?.id).toBe("coach");
  });

  it("does not make an unrelated article relevant", () => {
    const engine = engineFor(corpus);
    expect(engine.ask("大巴司机工资多少").answers).toEqual([]);
  });
});
