/** Question places and time words, unit by unit (the archive test runs them end to end). */
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/corpus/types.js";
import { loadGazetteer } from "../../src/places/gazetteer.js";
import { PlaceScope } from "../../src/search/answer/place-scope.js";
import { figuresOf } from "../../src/search/answer/recency.js";
import { dateFit, isTimeWord, parseTimeScope } from "../../src/search/answer/time-scope.js";
import { article, engineFor } from "./helpers.js";

const gazetteer = loadGazetteer();
const liaocheng = gazetteer.lookup("聊城")[0];
const scope = new PlaceScope(gazetteer, liaocheng, new Set(["聊城"]));
const at = (day: string) => new Date(`${day}T12:00:00`);

describe("places in questions", () => {
  it("are real place names only: never a common noun ending in 区, 市 or 园", () => {
    for (const word of ["生产区", "示范园", "牡丹", "东西", "城市", "区域", "长度", "海港", "产业园", "造业强", "城区"]) {
      expect(scope.isPlace(word), word).toBe(false);
    }
    for (const word of ["高唐", "高唐县", "聊城市", "德州", "牡丹区", "濟南", "山东", "全国", "江北水城"]) {
      expect(scope.isPlace(word), word).toBe(true);
    }
  });

  it("include the world's countries, which no article of the paper answers for unless it names them", () => {
    const engine = engineFor();
    expect(engine.parse("德国房价走势").concepts.find((c) => c.text === "德国")?.role).toBe("place");
    expect(engine.ask("德国有多少家单项冠军企业").answers).toEqual([]);
    expect(engine.ask("How many single champion enterprises does Germany have?").answers).toEqual([]);
  });

  it("know a town's short name inside the paper's city only", () => {
    expect(scope.isPlace("贾寨")).toBe(true);
    expect(new PlaceScope(gazetteer, gazetteer.lookup("德州")[0]).isPlace("贾寨")).toBe(false);
  });

  it("give a full name's short forms as search terms, and nothing for other words", () => {
    expect(scope.formsOf("高唐县")).toEqual(["高唐"]);
    expect(scope.formsOf("聊城市")).toEqual(["聊城"]);
    expect(scope.formsOf("高唐")).toEqual([]);
    expect(scope.formsOf("生产区")).toEqual([]);
  });

  it("turn a question's place words into places with their chains, and the engine agrees", () => {
    const engine = engineFor();
    const query = engine.parse("高唐县和德州市有多少家单项冠军企业");
    const places = scope.questionPlaces(query);
    expect(places.map((p) => [p.place.name, p.key, p.cityKey])).toEqual([
      ["高唐县", "371526", "3715"],
      ["德州市", "3714", "3714"],
    ]);
    expect(engine.parse("生产区有多少个").concepts.every((c) => c.role !== "place")).toBe(true);
    expect(engine.parse("高唐县的锦鲤").concepts[0].alternatives.map((a) => a.term)).toContain("高唐");
  });
});

describe("an article's fit to the places asked", () => {
  const query = (q: string) => scope.questionPlaces(engineFor().parse(q));
  const liaochengArticle = (body: string, extra: Partial<Article> = {}) =>
    article("lc", "新闻", body, { city: "聊城", cityCode: "3715", ...extra });

  it("vetoes another city's article that never names the city asked", () => {
    const dezhou = query("德州有多少家企业");
    expect(scope.fit(liaochengArticle("我市企业……", { places: "3715:2" }), dezhou).veto).toBe(true);
    const naming = scope.fit(liaochengArticle("与德州合作……", { places: "3715:2 3714:1" }), dezhou);
    expect(naming).toMatchObject({ veto: false });
    expect(naming.sentenceMustName.map((p) => p.place.name)).toEqual(["德州市"]);
    expect(scope.sentenceNames("我市累计培育企业79家", naming.sentenceMustName)).toBe(false);
    expect(scope.sentenceNames("德州市累计培育企业98家", naming.sentenceMustName)).toBe(true);
    expect(scope.fit(article("dz", "新闻", "我市……", { city: "德州", cityCode: "3714", places: "" }), dezhou).fit).toBe(1);
  });

  it("needs a county named, and prefers the articles about it", () => {
    const gaotang = query("高唐有多少家企业");
    expect(scope.fit(liaochengArticle("我市……", { places: "3715:3" }), gaotang).veto).toBe(true);
    const about = scope.fit(liaochengArticle("", { places: "371526:6 3715:1" }), gaotang);
    const passing = scope.fit(liaochengArticle("", { places: "3715:6 371526:1" }), gaotang);
    expect(about.fit).toBe(1);
    expect(passing.fit).toBeLessThan(about.fit);
    expect(passing.veto).toBe(false);
  });

  it("counts mentions in the text of an article without a recorded tally", () => {
    const gaotang = query("高唐有多少家企业");
    expect(scope.fit(article("x", "新闻", "高唐县新建产业园3个。"), gaotang).veto).toBe(false);
    expect(scope.fit(article("x", "新闻", "茌平区新建产业园3个。"), gaotang).veto).toBe(true);
  });

  it("has no rule for a province or the country", () => {
    expect(scope.fit(liaochengArticle("", { places: "3715:1" }), query("山东有多少家企业"))).toMatchObject({ fit: 1, veto: false });
    expect(scope.fit(liaochengArticle("", { places: "3715:1" }), query("全国有多少家企业"))).toMatchObject({ fit: 1, veto: false });
  });
});

describe("time words", () => {
  it("read years and months relative to the clock", () => {
    const now = at("2025-03-01");
    expect(parseTimeScope("今年有多少", now).range).toEqual({ from: "2025-01-01", to: "2025-12-31", year: 2025 });
    expect(parseTimeScope("去年有多少", now).range?.year).toBe(2024);
    expect(parseTimeScope("前年有多少", now).range?.year).toBe(2023);
    expect(parseTimeScope("上个月有多少", now).range).toEqual({ from: "2025-02-01", to: "2025-02-28", year: 2025 });
    expect(parseTimeScope("上个月有多少", at("2025-01-15")).range).toEqual({ from: "2024-12-01", to: "2024-12-31", year: 2024 });
    expect(parseTimeScope("11月有多少", now).range).toEqual({ from: "2024-11-01", to: "2024-11-30", year: 2024 });
    expect(parseTimeScope("2月有多少", now).range?.year).toBe(2025);
    expect(parseTimeScope("2023年11月有多少", now).range).toEqual({ from: "2023-11-01", to: "2023-11-30", year: 2023 });
    expect(parseTimeScope("2024年有多少", now)).toMatchObject({ range: { year: 2024 }, relative: false });
  });

  it("ask for the newest with 目前, 现在, 最新, and the recent past with 近日, 最近", () => {
    for (const q of ["目前有多少", "现在有多少", "最新数量", "截至目前有多少"])
      expect(parseTimeScope(q, at("2025-03-01")).newest, q).toBe(true);
    expect(parseTimeScope("近日有什么活动", at("2025-03-01"))).toMatchObject({ newest: true, recentDays: 45 });
    expect(parseTimeScope("聊城有多少家企业", at("2025-03-01"))).toMatchObject({ newest: false, words: [] });
  });

  it("are read in English too", () => {
    const now = at("2025-03-01");
    expect(parseTimeScope("How many companies does Liaocheng have now?", now).newest).toBe(true);
    expect(parseTimeScope("What is the latest figure?", now).newest).toBe(true);
    expect(parseTimeScope("How many were there last year?", now).range?.year).toBe(2024);
    expect(parseTimeScope("How many in 2023?", now).range).toEqual({ from: "2023-01-01", to: "2023-12-31", year: 2023 });
    expect(parseTimeScope("What happened in November?", now).range).toEqual({ from: "2024-11-01", to: "2024-11-30", year: 2024 });
    expect(parseTimeScope("What happened in November 2023?", now).range?.from).toBe("2023-11-01");
    expect(parseTimeScope("What may the city build?", now)).toMatchObject({ words: [], newest: false });
    const concepts = engineFor()
      .parse("How many single-champion enterprises did Liaocheng have last year?")
      .concepts.map((c) => c.text);
    expect(concepts).not.toContain("last year");
  });

  it("take no period from a day, a range or a plan in the question", () => {
    expect(parseTimeScope("11月19日施行了什么政策", at("2025-03-01")).range).toBeUndefined();
    expect(parseTimeScope("2025–2027年行动计划有什么目标", at("2025-03-01")).range).toBeUndefined();
    expect(parseTimeScope("到2030年装机容量达到多少", at("2025-03-01")).range).toBeUndefined();
  });

  it("are left out of the question's content words", () => {
    for (const word of ["今年", "去年", "前年", "上个月", "近日", "最近", "最新", "目前", "现在"])
      expect(isTimeWord(word), word).toBe(true);
    expect(isTimeWord("年度")).toBe(false);
    const concepts = engineFor()
      .parse("去年聊城有多少家单项冠军企业")
      .concepts.map((c) => c.text);
    expect(concepts).not.toContain("去年");
  });

  it("fit articles by date: a named year filters, a relative one weighs, future articles never fit", () => {
    const now = at("2025-03-01");
    const dated = (date: string, extra: Partial<Article> = {}) => ({ date, dateSource: "dateline" as const, body: "……", ...extra });
    const year2023 = parseTimeScope("2023年有多少", now);
    expect(dateFit(dated("2023-12-19"), year2023)).toBe(1);
    expect(dateFit(dated("2024-12-17"), year2023)).toBe(0);
    expect(dateFit(dated("2024-01-10", { body: "截至2023年底，全市……" }), year2023)).toBe(0.5);
    expect(dateFit({ date: "2023-05-01", dateSource: "upload", body: "" }, year2023)).toBeLessThan(1);
    const lastYear = parseTimeScope("去年有多少", now);
    expect(dateFit(dated("2024-06-01"), lastYear)).toBe(1);
    expect(dateFit(dated("2023-06-01"), lastYear)).toBeGreaterThan(0);
    expect(dateFit(dated("2023-06-01"), lastYear)).toBeLessThan(0.5);
    expect(dateFit(dated("2025-06-01"), parseTimeScope("目前有多少", now))).toBe(0);
    expect(dateFit(dated("2015-06-01"), parseTimeScope("有多少", now))).toBe(1);
  });
});

describe("figures of an answer", () => {
  it("are the quantities in the clauses holding the question's words", () => {
    const intent = { type: "quantity" as const, measure: "家" };
    const answer = "截至目前，全市累计培育国家级制造业单项冠军企业6家、省级72家，较2023年底分别增加1家、6家。";
    expect(figuresOf(answer, intent, ["单项冠军企业"])).toEqual(["6家", "72家"]);
    expect(figuresOf(answer, intent)).toEqual(["6家", "72家", "1家"]);
  });
});
