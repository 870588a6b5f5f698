import { describe, expect, it } from "vitest";
import { dateFromPath, findDateline, inferPageYear, parseIsoDate, resolveDate, resolveItemDate, yearMentions } from "../../src/corpus/dates.js";
import { buildParagraphs, regionLine } from "../../src/corpus/paragraphs.js";
import {
  deriveHeadline,
  despaceBody,
  endsSentence,
  isHeadlineLike,
  joinLines,
  normalizeHeading,
  toLines,
} from "../../src/corpus/text.js";

describe("despaceBody", () => {
  it.each([
    ["开 足 马 力 、搬 运 机 器 人", "开足马力、搬运机器人"],
    ["690 万台", "690万台"],
    ["12 月 1 日，记者", "12月1日，记者"],
    ["同 比 改 善 3.3% ，PM2.5、PM10", "同比改善3.3%，PM2.5、PM10"],
    ["“HUD 虚拟成像系统”", "“HUD虚拟成像系统”"],
    ["欧盟 E-mark 认证", "欧盟E-mark认证"],
    ["Hello    world 2024   GDP", "Hello world 2024 GDP"],
    ["  前后空白  ", "前后空白"],
  ])("%s → %s", (input, expected) => {
    expect(despaceBody(input)).toBe(expected);
  });
});

describe("normalizeHeading", () => {
  it.each([
    ["■ 本 报 记 者 岳殿举", "■ 本报记者 岳殿举"],
    ["本 报 记 者 岳殿举 本报通讯员 沈潜", "本报记者 岳殿举 本报通讯员 沈潜"],
    ["专注特定细分市场 发展水平行业领先", "专注特定细分市场 发展水平行业领先"],
    ["记者 尹腾淑 通讯员 李绍远", "记者 尹腾淑 通讯员 李绍远"],
    ["向 “ 蓝 ” 而 行", "向“蓝”而行"],
    ["开 足 马 力 、搬 运", "开足马力、搬运"],
    ["我市 14 家企业", "我市14家企业"],
    ["  高位谋划部署\u3000举好“指挥棒”  ", "高位谋划部署\u3000举好“指挥棒”".replace("\u3000", " ")],
  ])("%s → %s", (input, expected) => {
    expect(normalizeHeading(input.replace(/\u3000/g, " "))).toBe(expected);
  });
});

describe("joinLines and toLines", () => {
  it("joins CJK halves without a space and Latin words with one", () => {
    expect(joinLines("杜站", "长工作室")).toBe("杜站长工作室");
    expect(joinLines("共计46", "份")).toBe("共计46份");
    expect(joinLines("the quick", "brown fox")).toBe("the quick brown fox");
    expect(joinLines("日产25", "00吨")).toBe("日产2500吨");
    expect(joinLines("", "x")).toBe("x");
  });

  it("normalises line ends and odd spaces, and trims lines", () => {
    expect(toLines(" a\r\nb\u00A0c\rd\u3000e\t\n\uFEFFf\u200B")).toEqual(["a", "b c", "d e", "f"]);
  });
});

describe("line classification", () => {
  it("knows sentence ends", () => {
    for (const t of ["基地。", "叫好！", "吗？", "表示。”", "（完）。）"]) expect(endsSentence(t)).toBe(true);
    for (const t of ["哈雷、", "“回头", "穿梭……", "标题", "，"]) expect(endsSentence(t)).toBe(false);
  });

  it("knows headline-like lines", () => {
    for (const t of ["向“蓝”而行", "——看聊城如何全力打好蓝天保卫战", "引进端子科技电子零部件研发与制造项目，高唐县——", "专注特定细分市场 发展水平行业领先"])
      expect(isHeadlineLike(t)).toBe(true);
    for (const t of ["基地。", "产品主要配套沃尔沃、哈雷、", "问题整改“", "■ 本报记者 许金松", "", "2024", "甲。乙"])
      expect(isHeadlineLike(t)).toBe(false);
    expect(isHeadlineLike("很".repeat(41))).toBe(false);
  });
});

describe("deriveHeadline", () => {
  it("takes the first sentence without its leading date", () => {
    expect(deriveHeadline("11月30日，茌平区贾寨镇贾寨后村村民在田间种植中药材丹参。茌平区抢抓…")).toBe(
      "茌平区贾寨镇贾寨后村村民在田间种植中药材丹参",
    );
    expect(deriveHeadline("2024年5月1日上午，市民游园。")).toBe("市民游园");
  });

  it("cuts long sentences at a clause boundary within 40 characters", () => {
    const h = deriveHeadline(`${"甲".repeat(30)}，${"乙".repeat(30)}。`);
    expect(h).toBe("甲".repeat(30));
    expect([...deriveHeadline("丙".repeat(80))]).toHaveLength(40);
  });
});

describe("buildParagraphs", () => {
  const lines = (...texts: string[]) => texts.map((t) => regionLine(t));

  it("joins a paragraph across a blank line when the line before does not end a sentence", () => {
    expect(buildParagraphs(lines("持续优化要素配置，聚焦项目推进和要", "", "素保障，深入实施服务机制。", "", "新的一段从这里开始了。"))).toEqual([
      "持续优化要素配置，聚焦项目推进和要素保障，深入实施服务机制。",
      "新的一段从这里开始了。",
    ]);
  });

  it("ends a paragraph on a short sentence-final line even without a blank line", () => {
    const text = lines(
      "公示了第八批山东省制造业单项冠军",
      "企业拟认定名单，我市茌平华旭新材料",
      "有限公司、东阿蓝天七色建材有限公",
      "司等",
      "14家企业入选。",
      "制造业单项冠军企业是指长期专",
      "注于制造业某些特定细分产品市场，生",
      "产技术或工艺行业领先。",
    );
    expect(buildParagraphs(text)).toEqual([
      "公示了第八批山东省制造业单项冠军企业拟认定名单，我市茌平华旭新材料有限公司、东阿蓝天七色建材有限公司等14家企业入选。",
      "制造业单项冠军企业是指长期专注于制造业某些特定细分产品市场，生产技术或工艺行业领先。",
    ]);
  });

  it("does not split at a full-width line that happens to end a sentence", () => {
    const text = lines("一二三四五六七八九十一二三四五六", "一二三四五六七八九十一二三四五。", "一二三四五六七八九十一二三四五六", "一二三四五六七八。");
    expect(buildParagraphs(text)).toHaveLength(1);
  });

  it("keeps a subhead between blank lines as its own paragraph", () => {
    const text = lines("蓝天白云成为聊城的常", "态。", "", "高位谋划部署 举好“指挥棒”", "", "近年来，市委、市政府始终将大气", "污染防治工作纳入总体工作。");
    expect(buildParagraphs(text)).toEqual(["蓝天白云成为聊城的常态。", "高位谋划部署 举好“指挥棒”", "近年来，市委、市政府始终将大气污染防治工作纳入总体工作。"]);
  });
});

describe("dates", () => {
  it("finds the page year and datelines", () => {
    expect(inferPageYear("截至2024年10月底……2024 年度……2023年")).toBe(2024);
    expect(inferPageYear("没有年份")).toBeNull();
    expect(findDateline("记者12 月 1 日从莘县了解到")).toEqual({ year: null, month: 12, day: 1 });
    expect(findDateline("13月40日，然后2023年2月3日")).toEqual({ year: 2023, month: 2, day: 3 });
  });

  it("parses ISO-like dates and rejects impossible ones", () => {
    expect(parseIsoDate("2024-12-01")).toBe("2024-12-01");
    expect(parseIsoDate("2024/2/3")).toBe("2024-02-03");
    expect(parseIsoDate("2024年2月3日")).toBe("2024-02-03");
    expect(parseIsoDate("2024-02-30")).toBeNull();
    expect(parseIsoDate("yesterday")).toBeNull();
    expect(parseIsoDate(20241201)).toBeNull();
  });

  it("resolves an item date without inventing one", () => {
    expect(resolveDate("11月29日，记者获悉。", { pageYear: 2024 })).toBe("2024-11-29");
    expect(resolveDate("11月29日，记者获悉。", {})).toBeNull();
    expect(resolveDate("记者获悉。", { pageYear: 2024 })).toBeNull();
    expect(resolveDate("记者获悉。", { metaDate: "2024-03-04" })).toBe("2024-03-04");
    expect(resolveDate("12月30日，记者获悉。", { metaDate: "2025-01-02", pageYear: 2025 })).toBe("2024-12-30");
    expect(resolveDate("2月30日，记者获悉。", { pageYear: 2024 })).toBeNull();
  });

  it("never takes a year from a range or a plan", () => {
    expect(inferPageYear("《2025–2027年行动方案》提出，到2030年建成……")).toBeNull();
    expect(inferPageYear("2025年至2027年，全市……2030年前实现……力争2027年")).toBeNull();
    expect(inferPageYear("2024年，全市……《2025—2027年规划》……2024年10月底")).toBe(2024);
    // 截至 is the present, 至 a target.
    expect(inferPageYear("截至2023年底……至2030年")).toBe(2023);
    // Later than the issue date: a target, whatever the wording.
    expect(inferPageYear("2026年全市……2026年目标……2024年", 2024)).toBe(2024);
    expect(yearMentions("2021-2025年").map((m) => m.plain)).toEqual([false]);
    expect(yearMentions("2024年度 2024年，到2030年").map((m) => [m.year, m.plain])).toEqual([
      [2024, true],
      [2024, true],
      [2030, false],
    ]);
  });

  it("reads an issue date from the file name or its folders", () => {
    expect(dateFromPath("2024-11-29_A03.txt")).toBe("2024-11-29");
    expect(dateFromPath("liaocheng/lcrb_20231220_a2.txt")).toBe("2023-12-20");
    expect(dateFromPath("2025/01/05/page3.txt")).toBe("2025-01-05");
    expect(dateFromPath("2024年12月3日第二版.md")).toBe("2024-12-03");
    expect(dateFromPath("archive-2024-11/2024.11.30.txt")).toBe("2024-11-30");
    expect(dateFromPath("000_777c845344387f30.txt")).toBeNull();
    expect(dateFromPath("2024-13-01.txt")).toBeNull();
    expect(dateFromPath("report-12345678901.txt")).toBeNull();
  });

  it("says what a date rests on, the upload date last", () => {
    expect(resolveItemDate("11月29日，记者获悉。", { fileDate: "2024-11-30" })).toEqual({ date: "2024-11-29", dateSource: "dateline" });
    expect(resolveItemDate("记者获悉。", { fileDate: "2024-11-30", uploadDate: "2026-01-01" })).toEqual({ date: "2024-11-30", dateSource: "file-name" });
    expect(resolveItemDate("记者获悉。", { metaDate: "2024-03-04", fileDate: "2024-11-30" })).toEqual({ date: "2024-03-04", dateSource: "metadata" });
    expect(resolveItemDate("记者获悉。", { uploadDate: "2026-01-01" })).toEqual({ date: "2026-01-01", dateSource: "upload" });
    expect(resolveItemDate("记者获悉。", {})).toEqual({ date: null, dateSource: null });
    // A date after the issue in the first sentence is a plan, not the dateline.
    expect(resolveItemDate("12月15日起，全市将实施新规。", { fileDate: "2024-11-29" })).toEqual({ date: "2024-11-29", dateSource: "file-name" });
  });
});
