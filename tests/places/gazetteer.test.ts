import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadGazetteer, type Place } from "../../src/places/gazetteer.js";

const gazetteer = loadGazetteer();
const names = (places: readonly Place[]) => places.map((p) => p.name);
const chainNames = (place: Place) => names(gazetteer.chain(place));
const only = (term: string) => {
  const places = gazetteer.lookup(term);
  expect(places, term).toHaveLength(1);
  return places[0];
};
const liaocheng = only("聊城市");

describe("gazetteer lookups", () => {
  it("knows a place by its full name and its short form, with its chain", () => {
    const gaotang = only("高唐县");
    expect(gazetteer.lookup("高唐")).toEqual([gaotang]);
    expect(gaotang).toMatchObject({ name: "高唐县", level: "county", code: "371526" });
    expect(gaotang.shortForms).toContain("高唐");
    expect(chainNames(gaotang)).toEqual(["高唐县", "聊城市", "山东省"]);
    expect(gazetteer.contains(liaocheng, gaotang)).toBe(true);
    expect(gazetteer.contains(gaotang, liaocheng)).toBe(false);
    expect(gazetteer.contains(gaotang, gaotang)).toBe(true);
  });

  it("has county-level cities under their prefecture (临清市 in 聊城)", () => {
    const linqing = only("临清");
    expect(linqing).toMatchObject({ name: "临清市", level: "county" });
    expect(gazetteer.cityOf(linqing)).toBe(liaocheng);
    expect(gazetteer.cityOf(liaocheng)).toBe(liaocheng);
    expect(gazetteer.cityOf(only("山东省"))).toBeUndefined();
  });

  it("gives the city of municipalities' districts and of county-level cities under a province", () => {
    const beijing = only("北京");
    expect(beijing).toMatchObject({ name: "北京市", level: "province" });
    expect(gazetteer.cityOf(only("海淀区"))).toBe(beijing);
    const jiyuan = only("济源市");
    expect(jiyuan.parent?.name).toBe("河南省");
    expect(gazetteer.cityOf(jiyuan)).toBe(jiyuan);
  });

  it("strips level and nationality suffixes, never to one character", () => {
    expect(names(gazetteer.lookup("内蒙古"))).toEqual(["内蒙古自治区"]);
    expect(names(gazetteer.lookup("广西"))).toEqual(["广西壮族自治区"]);
    expect(names(gazetteer.lookup("新疆"))).toEqual(["新疆维吾尔自治区"]);
    expect(names(gazetteer.lookup("黔东南"))).toEqual(["黔东南苗族侗族自治州"]);
    expect(names(gazetteer.lookup("锡林郭勒"))).toEqual(["锡林郭勒盟"]);
    expect(names(gazetteer.lookup("长阳"))).toContain("长阳土家族自治县");
    for (const place of gazetteer.places) {
      for (const form of place.shortForms) expect([...form].length, `${form} of ${place.name}`).toBeGreaterThanOrEqual(2);
    }
    // 莘县, 贾镇: nothing is left of the root but one character.
    expect(only("莘县").shortForms).toEqual([]);
    expect(gazetteer.isPlace("莘")).toBe(false);
  });

  it("rejects common nouns, including those a real place name ends or starts with", () => {
    for (const word of [
      "东西",
      "城市",
      "区域",
      "长度",
      "海港",
      "生产",
      "牡丹",
      "示范园",
      "城关",
      "造业强",
      "城区",
      "吉利",
      "和平",
      "街道",
    ]) {
      expect(gazetteer.lookup(word), word).toEqual([]);
    }
    // The full names are places all the same.
    expect(chainNames(only("牡丹区"))).toEqual(["牡丹区", "菏泽市", "山东省"]);
    expect(only("海港区").parent?.name).toBe("秦皇岛市");
    // A generic full name counts with its parent in front.
    expect(chainNames(only("晋城城区"))).toEqual(["城区", "晋城市", "山西省"]);
  });

  it("accepts traditional script and full-width input", () => {
    expect(gazetteer.lookup("濟南")).toEqual(gazetteer.lookup("济南"));
    expect(names(gazetteer.lookup("濟南市"))).toEqual(["济南市"]);
    expect(names(gazetteer.lookup("臺灣"))).toEqual(["台湾省"]);
    expect(gazetteer.lookup(" 高唐 ")).toEqual(gazetteer.lookup("高唐"));
  });

  it("returns every place of an ambiguous name, higher levels first", () => {
    expect(names(gazetteer.lookup("吉林"))).toEqual(["吉林省", "吉林市"]);
    const hainan = gazetteer.lookup("海南");
    expect(hainan[0].name).toBe("海南省");
    expect(names(hainan)).toContain("海南藏族自治州");
    const chengguan = gazetteer.lookup("城关镇");
    expect(chengguan.length).toBeGreaterThan(20);
    expect(new Set(chengguan).size).toBe(chengguan.length);
    expect(chengguan.every((p) => p.level === "town")).toBe(true);
  });

  it("knows towns by their full name everywhere, by their short form only inside home", () => {
    const jiazhai = gazetteer.lookup("贾寨镇");
    expect(jiazhai.length).toBeGreaterThanOrEqual(2); // 茌平区's and one in 商丘
    expect(gazetteer.lookup("贾寨")).toEqual([]);
    const atHome = gazetteer.lookup("贾寨", { home: liaocheng });
    expect(atHome.map(chainNames)).toEqual([["贾寨镇", "茌平区", "聊城市", "山东省"]]);
    // With home, that city's 贾寨镇 comes first.
    expect(gazetteer.lookup("贾寨镇", { home: liaocheng })[0]).toBe(atHome[0]);
    // Town short forms that are common words stay out even at home.
    expect(gazetteer.lookup("大桥", { home: liaocheng })).toEqual([]);
  });

  it("reads newsbot's corpus/places.tsv by default", () => {
    expect(chainNames(only("聊城高新区"))).toEqual(["聊城高新技术产业开发区", "聊城市", "山东省"]);
    expect(gazetteer.lookup("江北水城")).toEqual([liaocheng]);
    expect(liaocheng.shortForms).toEqual(expect.arrayContaining(["聊城", "江北水城"]));
    expect(chainNames(only("贾寨后村"))).toEqual(["贾寨后村", "贾寨镇", "茌平区", "聊城市", "山东省"]);
    expect(gazetteer.warnings).toEqual([]);
  });

  it("hands out one object per place", () => {
    expect(loadGazetteer()).toBe(gazetteer);
    expect(only("高唐").parent).toBe(liaocheng);
    expect(Object.isFrozen(liaocheng)).toBe(true);
  });
});

describe("findIn", () => {
  const mentions = (text: string, home?: Place) =>
    gazetteer
      .findIn(text, { home })
      .map((m) => ({ text: text.slice(m.start, m.end), term: m.term, form: m.form, first: m.places[0].name }));

  it("finds every place of a real sentence with its offsets", () => {
    const text = "11月30日，茌平区贾寨镇贾寨后村村民在田间种植中药材丹参。";
    const found = gazetteer.findIn(text);
    expect(found.map((m) => [m.start, m.end, m.term])).toEqual([
      [7, 10, "茌平区"],
      [10, 13, "贾寨镇"],
      [13, 17, "贾寨后村"],
    ]);
    expect(found[1].places[0].parent?.name).toBe("茌平区");
  });

  it("takes the longest name and tells full names from short forms", () => {
    expect(mentions("山东省聊城市高唐县，聊城高唐")).toEqual([
      { text: "山东省", term: "山东省", form: "name", first: "山东省" },
      { text: "聊城市", term: "聊城市", form: "name", first: "聊城市" },
      { text: "高唐县", term: "高唐县", form: "name", first: "高唐县" },
      { text: "聊城", term: "聊城", form: "short", first: "聊城市" },
      { text: "高唐", term: "高唐", form: "short", first: "高唐县" },
    ]);
  });

  it("reads names across line breaks and letter spacing, in traditional script", () => {
    const text = "记者在位于高唐\n县的車間看到，濟 南";
    expect(mentions(text)).toEqual([
      { text: "高唐\n县", term: "高唐县", form: "name", first: "高唐县" },
      { text: "濟 南", term: "济南", form: "short", first: "济南市" },
    ]);
  });

  it("finds no place in common words, nor inside them", () => {
    for (const text of [
      "先进制造业强市",
      "生产区和示范园",
      "东西、城市、区域、长度和海港",
      "长治久安",
      "一份三明治",
      "与吉利汽车合作",
      "经济南部",
      "国家级示范县",
      "产业兴县、制造业强县",
      "推动创新和发展",
      "新平台",
    ]) {
      expect(gazetteer.findIn(text), text).toEqual([]);
    }
  });

  it("finds a real district written out in running text (牡丹区), not its common short form", () => {
    expect(mentions("菏泽市牡丹区的牡丹开了")).toEqual([
      { text: "菏泽市", term: "菏泽市", form: "name", first: "菏泽市" },
      { text: "牡丹区", term: "牡丹区", form: "name", first: "牡丹区" },
    ]);
  });

  it("does not cut a name out of the word that follows it, but keeps the shorter name", () => {
    expect(mentions("临清市场繁荣").map((m) => m.text)).toEqual(["临清"]);
    expect(mentions("山东省委").map((m) => m.text)).toEqual(["山东"]);
    // Another place right after is no word: 高唐县 + 城关镇.
    expect(mentions("高唐县城关镇").map((m) => m.text)).toEqual(["高唐县", "城关镇"]);
  });

  it("recognises town short forms inside home only", () => {
    const text = "贾寨村民种植丹参";
    expect(mentions(text)).toEqual([]);
    expect(mentions(text, liaocheng)).toEqual([{ text: "贾寨", term: "贾寨", form: "short", first: "贾寨镇" }]);
  });

  it("finds the seed page's places", () => {
    const page = readFileSync(join(import.meta.dirname, "..", "..", "corpus", "000_777c845344387f30.txt"), "utf8");
    const found = gazetteer.findIn(page, { home: liaocheng });
    const cities = new Set(found.map((m) => gazetteer.cityOf(m.places[0])?.name).filter(Boolean));
    expect(cities).toEqual(new Set(["聊城市", "济南市", "深圳市", "成都市"]));
    const terms = new Set(found.map((m) => m.term));
    for (const term of ["高唐县", "茌平区", "阳谷县", "莘县", "冠县", "聊城市", "贾寨镇"]) expect(terms).toContain(term);
    for (const m of found) expect(page.slice(m.start, m.end).replace(/\s+/g, "")).toBe(m.term);
  });

  it("reports non-overlapping mentions in order whose text is the name (any text)", () => {
    const pieces = [
      "高唐",
      "县",
      "聊城",
      "市",
      "济南",
      "濟",
      "南",
      "生产",
      "区",
      "的",
      "，",
      " ",
      "\n",
      "东西",
      "城市",
      "牡丹",
      "示范",
      "贾寨镇",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join("");
        let last = 0;
        for (const m of gazetteer.findIn(text)) {
          expect(m.start).toBeGreaterThanOrEqual(last);
          expect(m.end).toBeGreaterThan(m.start);
          expect(gazetteer.lookup(text.slice(m.start, m.end))).toEqual(m.places);
          last = m.end;
        }
      }),
    );
  });
});
