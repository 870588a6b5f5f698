import { describe, expect, it } from "vitest";
import { lemmas } from "../../src/search/text/translate.js";
import { chooseSenses, type SenseCorpus, type SenseUnit } from "../../src/search/text/sense-choice.js";
import { detectIntentEn } from "../../src/search/answer/intent.js";
import { article, engineFor } from "./helpers.js";

const termsOf = (engine: ReturnType<typeof engineFor>, q: string, text: string) =>
  engine
    .parse(q)
    .concepts.find((c) => c.text === text)
    ?.alternatives.map((a) => a.term) ?? [];

describe("English word forms", () => {
  it("finds the dictionary forms: irregular verbs, British spellings, action nouns", () => {
    expect(lemmas("held")).toContain("hold");
    expect(lemmas("built")).toContain("build");
    expect(lemmas("centres")).toContain("center");
    expect(lemmas("recognised")).toContain("recognized");
    expect(lemmas("pollution")).toContain("pollute");
    expect(lemmas("inspections")).toContain("inspect");
    expect(lemmas("stopped")).toContain("stop");
  });
});

describe("sense choice by the corpus", () => {
  // Three articles, each using one sense of "party": 党 (inside 党组), 聚会, 一方.
  const corpus = [
    article("party", "市教育局党组书记到学校调研", "市教育局党组书记、局长王明到乡村学校调研教育工作。"),
    article("feast", "东关社区举办新年聚会", "东关社区举办新年聚会，居民表演节目，共度佳节。"),
    article("side", "合作项目签约", "根据协议，合作的一方负责投资建设，另一方负责运营管理。"),
  ];

  it("prefers the sense that stands beside the question's other words", () => {
    const engine = engineFor(corpus);
    expect(termsOf(engine, "Which party secretary visited schools?", "party")[0]).toMatch(/^党/);
    expect(engine.ask("Which party secretary visited schools?").answers[0]?.id).toBe("party");
    expect(termsOf(engine, "What did residents do at the community New Year party?", "party")[0]).toBe("聚会");
    expect(engine.ask("What did residents do at the community New Year party?").answers[0]?.id).toBe("feast");
  });

  it("marks a word none of whose senses co-occur as doubtful, and leaves a word the corpus lacks as it is", () => {
    const has = (n: number, term: string) => [["书记", "财政"], ["聚会"]][n]?.includes(term) ?? false;
    const corpusIndex: SenseCorpus = { topArticles: () => [0, 1], has, termsStartingWith: () => [] };
    const units: SenseUnit[] = [
      { terms: ["书记"], ambiguous: false, known: true },
      { terms: ["财政"], ambiguous: false, known: true },
      { terms: ["聚会", "一方"], ambiguous: true, known: true },
      { terms: ["医院"], ambiguous: true, known: false },
    ];
    chooseSenses(units, corpusIndex);
    expect(units[2]).toMatchObject({ isolated: true });
    expect(units[3].isolated).toBeUndefined();
  });
});

describe("measure nouns", () => {
  it("takes the unit counted after how many for the measure word, not a word to find", () => {
    const engine = engineFor();
    const q = "How many days with good air quality did Liaocheng have?";
    expect(engine.parse(q).intent).toEqual({ type: "quantity", measure: "天" });
    expect(engine.parse(q).concepts.map((c) => c.text)).not.toContain("days");
    expect(engine.ask(q).answers[0]?.answer).toContain("196天");
    expect(detectIntentEn("How many sets of parts are made a year?").measure).toBe("套");
    expect(detectIntentEn("How many tons per day does the line produce?").measure).toBe("吨");
    expect(detectIntentEn("How many people work there?").measure).toBe("名");
  });

  it("joins a number to the measure word of the unit after it", () => {
    const terms = engineFor()
      .parse("Which line produces 2,500 tons a day?")
      .concepts.flatMap((c) => c.alternatives.map((a) => a.term));
    expect(terms).toContain("2500吨");
  });
});

describe("phrases", () => {
  it("uses CC-CEDICT's multi-word entries, with the phrase's words in their dictionary forms", () => {
    const engine = engineFor();
    expect(termsOf(engine, "Where is the cement clinker production line?", "production line")).toContain("生产线");
    expect(termsOf(engine, "How many generating units were shut down?", "shut down")).toContain("关停");
    // "so far" is a phrase the corpus does not use and holds a stopword: nothing to find.
    expect(engine.parse("How many single champions has Liaocheng cultivated so far?").concepts.map((c) => c.text)).not.toContain("far");
  });
});

describe("pinyin of place names", () => {
  it("keys place names the articles mention even when jieba splits them", () => {
    const engine = engineFor([
      article("fair", "十八里铺镇举办农民丰收节", "十八里铺镇举办农民丰收节，村民展示农产品。"),
      article("other", "古楼街道举办书画展", "古楼街道举办书画展，展出作品80幅。"),
    ]);
    expect(termsOf(engine, "Shibalipu farmers", "shibalipu")).toContain("十八里铺");
    expect(engine.ask("Shibalipu farmers").answers[0]?.id).toBe("fair");
  });

  it("reads a name written as two pinyin words as one", () => {
    const engine = engineFor();
    const terms = engine
      .parse("What are the villagers of Jiazhai Houcun growing?")
      .concepts.flatMap((c) => c.alternatives.map((a) => a.term));
    expect(terms).toContain("贾寨后村");
  });
});

describe("pinyin of gazetteer places", () => {
  it("knows a place the corpus never names, so a question about it is about another place", () => {
    const engine = engineFor([article("steel", "冠县钢板产业集群", "冠县镀涂钢板产业集群位列全省第3名。")]);
    const linqing = engine.parse("Linqing industrial cluster").concepts.find((c) => c.text === "linqing");
    expect(linqing?.alternatives[0].term).toBe("临清");
    expect(linqing?.role).toBe("place");
    expect(engine.ask("Linqing industrial cluster").answers).toEqual([]);
    expect(engine.ask("Guanxian industrial cluster").answers[0]?.id).toBe("steel");
  });
});
