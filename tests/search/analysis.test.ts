import { describe, expect, it } from "vitest";
import { normalizeAligned, normalizeText } from "../../src/text/normalize.js";
import { detectIntentEn, detectIntentZh, findTypeHits } from "../../src/search/answer/intent.js";
import { hanBigrams, segment } from "../../src/search/text/segment.js";
import { splitSentences } from "../../src/search/answer/sentences.js";
import { lemmas } from "../../src/search/text/translate.js";
import { engineFor } from "./helpers.js";

describe("normalization", () => {
  it("folds full-width forms, traditional characters and Latin case", () => {
    expect(normalizeText("ＰＭ２．５")).toBe("pm2.5");
    expect(normalizeText("單項冠軍企業")).toBe("单项冠军企业");
    expect(normalizeText("高唐縣農業科技聯盟")).toBe("高唐县农业科技联盟");
    expect(normalizeText("E-Mark")).toBe("e-mark");
  });

  it("keeps offsets when normalizing for highlighting", () => {
    const text = "ＰＭ２．５改善幅度在省內居第2位";
    const norm = normalizeAligned(text);
    expect(norm.length).toBe(text.length);
    expect(norm.startsWith("pm2.5")).toBe(true);
    expect(norm).toContain("省内");
  });
});

describe("segmentation", () => {
  it("keeps numbers whole with HMM on (79 is not 7 and 9)", () => {
    const terms = segment(normalizeText("累计培育国家级制造业单项冠军企业7家、省级79家"), "exact");
    expect(terms).toContain("79");
    expect(terms).toContain("79家");
    expect(terms).toContain("7家");
    expect(terms).not.toContain("9");
  });

  it("keeps Latin and number runs whole around jieba", () => {
    const terms = segment(normalizeText("PM2.5、PM10累积浓度，产品通过了欧盟E-mark认证，同比增长38.4%，截至2024年10月底"));
    expect(terms).toEqual(expect.arrayContaining(["pm2.5", "pm10", "e-mark", "38.4%", "2024", "2024年"]));
    expect(terms).not.toContain("5");
  });

  it("gives sub-words of long words in search mode", () => {
    expect(segment("高唐县", "search")).toEqual(expect.arrayContaining(["高唐", "高唐县"]));
    expect(segment("高唐县", "exact")).toEqual(["高唐县"]);
  });

  it("makes CJK bigrams for recall", () => {
    expect(hanBigrams("杜站长ab工作室")).toEqual(["杜站", "站长", "工作", "作室"]);
  });
});

describe("sentences", () => {
  it("splits on Chinese sentence ends and keeps a speaker with the quote", () => {
    const s = splitSentences("“我们成立了联盟。”张巧说。第二句！\n第三句？");
    expect(s.map((x) => x.text)).toEqual(["“我们成立了联盟。”张巧说。", "第二句！", "第三句？"]);
    expect(s[2].paragraph).toBe(1);
  });
});

describe("question types", () => {
  it("reads the intent of Chinese questions, with the measure word asked for", () => {
    expect(detectIntentZh("聊城有多少家单项冠军企业")).toEqual({ type: "quantity", measure: "家" });
    expect(detectIntentZh("政策是哪天施行的").type).toBe("date");
    expect(detectIntentZh("在全省综合评价中排第几").type).toBe("ordinal");
    expect(detectIntentZh("有哪几个产业方向").type).toBe("list");
    expect(detectIntentZh("局长是谁").type).toBe("person");
  });

  it("reads the intent of English questions", () => {
    expect(detectIntentEn("How many single-champion enterprises does Liaocheng have?")).toEqual({ type: "quantity", measure: "家" });
    expect(detectIntentEn("When did the free bus policy start?").type).toBe("date");
    expect(detectIntentEn("Who is the director?").type).toBe("person");
  });

  it("finds quantities with the asked measure word, not dates or ordinals", () => {
    const hits = findTypeHits("11月29日，累计培育7家、省级79家，排第3名，投资200万元", { type: "quantity", measure: "家" });
    const exact = hits.filter((h) => h.fit === 1).map((h) => h.start);
    expect(exact).toHaveLength(2);
    expect(hits.some((h) => h.start === 0)).toBe(false); // 11月 is a date
  });
});

describe("English and pinyin", () => {
  it("lemmatizes plurals, possessives and verb forms", () => {
    expect(lemmas("enterprises")).toContain("enterprise");
    expect(lemmas("gaotang's")).toContain("gaotang");
    expect(lemmas("grew")).toContain("grow");
  });

  it("translates with the glossary first, then the dictionary, filtered by the corpus", () => {
    const engine = engineFor();
    const concepts = engine.parse("How many single-champion enterprises does Liaocheng have?").concepts;
    const terms = concepts.flatMap((c) => c.alternatives.map((a) => a.term));
    expect(terms).toContain("单项冠军企业"); // glossary phrase, not 单一 + 冠军
    expect(terms).toContain("聊城"); // pinyin of a corpus term
    expect(terms).not.toContain("若干"); // "how many" is the intent
    const output = engine.parse("output value of the industry").concepts.flatMap((c) => c.alternatives.map((a) => a.term));
    expect(output).toContain("产值");
  });

  it("maps pinyin place names to the corpus's own words with no list", () => {
    const engine = engineFor();
    for (const [pinyin, chinese] of [
      ["Gaotang", "高唐"],
      ["Yanggu", "阳谷"],
      ["Guanxian", "冠县"],
      ["Chiping", "茌平"],
      ["Shenxian", "莘县"],
    ]) {
      const terms = engine.parse(pinyin).concepts.flatMap((c) => c.alternatives.map((a) => a.term));
      expect(terms, pinyin).toContain(chinese);
    }
  });

  it("answers an English question with the Chinese sentence and English labels", () => {
    const result = engineFor().ask(
      "How much did the output of Gaotang's electronic information industry grow in the first three quarters?",
    );
    expect(result.lang).toBe("en");
    expect(result.answers[0].answer).toContain("38.4%");
  });
});
