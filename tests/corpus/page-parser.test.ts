import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePage } from "../../src/corpus/page-parser.js";
import type { Article } from "../../src/corpus/types.js";
import { SEED_TEXT } from "./helpers.js";

const SOURCE = "000_777c845344387f30.txt";

/** The seed page's 9 items, in page order. */
const EXPECTED: Array<Pick<Article, "kind" | "kicker" | "headline" | "subtitle" | "byline" | "date">> = [
  {
    kind: "article",
    kicker: "引进端子科技电子零部件研发与制造项目，高唐县",
    headline: "打造现代化智能制造汽车电子生产基地",
    subtitle: null,
    byline: "记者 林晨",
    date: "2024-12-01",
  },
  {
    kind: "photo",
    kicker: null,
    headline: "茌平区贾寨镇贾寨后村村民在田间种植中药材丹参",
    subtitle: null,
    byline: "本报通讯员 赵玉国",
    date: "2024-11-30",
  },
  {
    kind: "article",
    kicker: "专注特定细分市场 发展水平行业领先",
    headline: "我市14家企业拟认定为省制造业单项冠军",
    subtitle: null,
    byline: "记者 尹腾淑 通讯员 李绍远",
    date: "2024-11-29",
  },
  {
    kind: "article",
    kicker: null,
    headline: "向“蓝”而行",
    subtitle: "看聊城如何全力打好蓝天保卫战",
    byline: "本报记者 岳殿举 本报通讯员 沈潜",
    date: "2024-11-19",
  },
  { kind: "article", kicker: null, headline: "高唐县建立农业科技引进推广机制", subtitle: null, byline: "记者 白文斌", date: "2024-11-29" },
  { kind: "article", kicker: null, headline: "阳谷县项目审批服务再升级", subtitle: null, byline: "陈怀宇 刘延华", date: "2024-11-28" },
  { kind: "article", kicker: null, headline: "莘县持续提升县域创新能力", subtitle: null, byline: "记者 苑莘", date: "2024-12-01" },
  {
    kind: "article",
    kicker: null,
    headline: "冠县镀涂钢板制品产业集群位列全省综合评价第三",
    subtitle: null,
    byline: "记者 姬翔 通讯员 李盼盼",
    date: "2024-12-02",
  },
  {
    kind: "photo",
    kicker: null,
    headline: "广诺（阳谷）电子科技有限公司的工人对水表进行激光雕刻",
    subtitle: null,
    byline: "本报记者 许金松",
    date: "2024-12-02",
  },
];

/** Every headline-block line of the seed page, as printed. */
const HEADLINE_LINES = [
  "引进端子科技电子零部件研发与制造项目，高唐县——",
  "打造现代化智能制造汽车电子生产基地",
  "专注特定细分市场 发展水平行业领先",
  "我市14家企业拟认定为省制造业单项冠军",
  "向“蓝”而行",
  "——看聊城如何全力打好蓝天保卫战",
  "高唐县建立农业科技引进推广机制",
  "阳谷县项目审批服务再升级",
  "莘县持续提升县域创新能力",
  "冠县镀涂钢板制品产业集群",
  "位列全省综合评价第三",
];

describe("parsePage on the seed page", () => {
  const { articles, warnings } = parsePage(SEED_TEXT, SOURCE);
  const byHeadline = (part: string) => {
    const found = articles.find((a) => a.headline.includes(part));
    if (!found) throw new Error(`no item with headline containing ${part}`);
    return found;
  };

  it("finds exactly the 9 items with their headlines, kickers, subtitles, bylines, kinds and dates", () => {
    expect(articles.map(({ kind, kicker, headline, subtitle, byline, date }) => ({ kind, kicker, headline, subtitle, byline, date }))).toEqual(
      EXPECTED,
    );
    expect(warnings).toEqual([]);
  });

  it("infers the city and keeps the source", () => {
    for (const a of articles) {
      expect(a.city).toBe("聊城");
      expect(a.source).toBe(SOURCE);
    }
  });

  it("gives unique ids that are stable across runs", () => {
    const ids = articles.map((a) => a.id);
    expect(new Set(ids).size).toBe(9);
    expect(parsePage(SEED_TEXT, SOURCE).articles.map((a) => a.id)).toEqual(ids);
    expect(parsePage(SEED_TEXT, "other.txt").articles[0].id).not.toBe(ids[0]);
  });

  it("keeps headline lines out of every body", () => {
    for (const a of articles) {
      const paragraphs = a.body.split("\n");
      for (const raw of HEADLINE_LINES) {
        const line = raw.replace(/^——|——$/g, "");
        // A headline phrase may occur inside a sentence ("助力打造…基地。"), never as a line of its own.
        expect(paragraphs.some((p) => p === line || p.endsWith(line))).toBe(false);
      }
      for (const part of [a.headline, a.kicker, a.subtitle]) if (part) expect(paragraphs).not.toContain(part);
    }
    const all = articles.map((a) => a.body).join("\n");
    expect(all).not.toContain("冠县镀涂钢板制品产业集群位列");
    expect(all).not.toContain("看聊城如何全力打好蓝天保卫战");
    expect(all).not.toContain("专注特定细分市场");
  });

  it("starts article bodies after the 本报讯（…） marker and removes ■ credits from captions", () => {
    const first = articles[0];
    expect(first.body.startsWith("智能生产线开足马力、搬运机器人在车间穿梭……12月1日，")).toBe(true);
    expect(byHeadline("14家企业").body.startsWith("11月29日，记者从聊城市工业和信息化局获悉")).toBe(true);
    expect(byHeadline("莘县").body.startsWith("记者12月1日从莘县了解到")).toBe(true);
    expect(byHeadline("向“蓝”").body.startsWith("11月19日，聊城市主城区免费乘坐公交车政策施行")).toBe(true);
    for (const a of articles) {
      expect(a.body).not.toMatch(/本报讯|■/);
    }
    expect(articles[1].body).toBe(
      "11月30日，茌平区贾寨镇贾寨后村村民在田间种植中药材丹参。茌平区抢抓国家发展中医药产业的机遇，坚持在“一村一品”上下足“绣花”功夫，不断壮大特色产业，带动了村民增收致富。",
    );
    expect(articles[8].body).toBe(
      "12月2日，广诺（阳谷）电子科技有限公司的工人对水表进行激光雕刻。近年来，我市突出创新驱动，推动制造业企业转型升级，为经济发展注入强劲动力。",
    );
  });

  it("undoes letter-spacing, layout spaces and line breaks", () => {
    const all = articles.map((a) => a.body).join("\n");
    for (const fragment of [
      "开足马力、搬运机器人",
      "杜站长工作室",
      "690万台（套）",
      "要素保障",
      "沃尔沃、哈雷、现代、中国重汽",
      "12月1日，记者",
      "同比改善3.3%，PM2.5、PM10、SO2、NO2",
      "“HUD虚拟成像系统”",
      "欧盟E-mark认证",
      "研发+N个生产基地",
      "全年GDP增速",
      "长期专注于制造业",
      "“空气质量改善行动”列为",
    ]) {
      expect(all).toContain(fragment);
    }
    // No space is left next to a CJK character in body text (subheads keep their phrase space).
    const subheads = new Set(["高位谋划部署 举好“指挥棒”", "紧盯源头防控 找准“着力点”", "锚定关键时段 打好“组合拳”"]);
    const prose = all.split("\n").filter((p) => !subheads.has(p));
    for (const p of prose) expect(p).not.toMatch(/[\p{Script=Han}，。、] | [\p{Script=Han}，。、]/u);
  });

  it("rebuilds paragraphs: blank lines inside paragraphs are joined, short sentence-final lines end them", () => {
    const cars = articles[0].body.split("\n");
    expect(cars).toHaveLength(6);
    expect(cars[1]).toBe(
      "该项目由山东泉海汽车科技有限公司与中国端子电业（台湾）股份有限公司合资建设，车间严格按照十万级无尘净化标准精心建设，全部投产达效后，年可生产电子零部件690万台（套），产品主要配套沃尔沃、哈雷、现代、中国重汽、吉利汽车等国内外知名车企。",
    );
    const champions = byHeadline("14家企业").body.split("\n");
    expect(champions[0].endsWith("等14家企业入选。")).toBe(true);
    expect(champions[1].startsWith("制造业单项冠军企业是指长期专注于")).toBe(true);
    expect(champions).toHaveLength(3);
  });

  it("keeps the subheads of a long article in its body, each as its own paragraph", () => {
    const blue = byHeadline("向“蓝”").body.split("\n");
    for (const subhead of ["高位谋划部署 举好“指挥棒”", "紧盯源头防控 找准“着力点”", "锚定关键时段 打好“组合拳”"]) {
      expect(blue).toContain(subhead);
      const next = blue[blue.indexOf(subhead) + 1];
      expect(next.length).toBeGreaterThan(20); // the subhead is followed by body text, not glued to it
    }
    expect(blue[blue.length - 1].endsWith("让蓝天白云成为聊城的最美底色。")).toBe(true);
  });
});

describe("parsePage dates and metadata", () => {
  it("takes the year from metadata over the text, and the page's city from metadata", () => {
    const { articles } = parsePage(SEED_TEXT, SOURCE, { year: 2023, city: "濟南市" });
    expect(articles[0].date).toBe("2023-12-01");
    // 我市 means the page's city; an item about 高唐县 stays 聊城's: the city is per item.
    expect(articles.find((a) => a.headline.includes("14家企业"))?.city).toBe("济南");
    expect(articles.find((a) => a.headline.includes("农业科技"))?.city).toBe("聊城");
  });

  it("uses the issue date's year, stepping back a year for December news in a January issue", () => {
    const { articles } = parsePage(SEED_TEXT.replace(/2024/g, "二〇二四"), SOURCE, { date: "2025-01-03" });
    expect(articles[0].date).toBe("2024-12-01");
    const { articles: same } = parsePage(SEED_TEXT.replace(/2024/g, "二〇二四"), SOURCE, { date: "2024-12-03" });
    expect(same[0].date).toBe("2024-12-01");
  });

  it("never invents a date: a dateline without any known year gives null", () => {
    const { articles } = parsePage(SEED_TEXT.replace(/2024/g, "二〇二四"), SOURCE);
    expect(articles).toHaveLength(9);
    expect(articles.every((a) => a.date === null)).toBe(true);
  });

  it("uses the metadata date for items without a dateline", () => {
    const page = "本报讯（记者 王五）市图书馆新增一批图书。读者可以免费借阅。\n\n市图书馆新增图书\n";
    expect(parsePage(page, "p.txt", { date: "2024-05-06" }).articles[0].date).toBe("2024-05-06");
    expect(parsePage(page, "p.txt").articles[0].date).toBeNull();
  });

  it("carries url and publication from metadata", () => {
    const a = parsePage(SEED_TEXT, SOURCE, { url: "https://example.org/a2", source: "聊城日报", edition: "A2" }).articles[0];
    expect(a.url).toBe("https://example.org/a2");
    expect(a.publication).toBe("聊城日报");
    expect(a.edition).toBe("A2");
  });

  it("gives an item its own url from the sidecar's items, by headline or position", () => {
    const items = [
      { headline: "阳谷县项目审批服务再升级", url: "https://example.org/yanggu" },
      { item: 1, url: "https://example.org/first" },
    ];
    const articles = parsePage(SEED_TEXT, SOURCE, { url: "https://example.org/page", items }).articles;
    expect(articles.find((a) => a.headline.includes("阳谷县"))?.url).toBe("https://example.org/yanggu");
    expect(articles[0].url).toBe("https://example.org/first");
    expect(articles[2].url).toBe("https://example.org/page");
  });

  it("dates items from the file name when the page has no year", () => {
    const { articles } = parsePage(SEED_TEXT.replace(/2024/g, "二〇二四"), "2024-12-03_A02.txt");
    expect(articles[0]).toMatchObject({ date: "2024-12-01", dateSource: "dateline" });
    expect(parsePage("本报讯（记者 王五）市图书馆新增一批图书。\n\n市图书馆新增图书\n", "2024-05-06.txt").articles[0]).toMatchObject({
      date: "2024-05-06",
      dateSource: "file-name",
    });
  });
});

describe("parsePage on other shapes", () => {
  it("reads a page the same with CRLF, NBSP, full-width spaces and tabs", () => {
    const plain = parsePage(SEED_TEXT, SOURCE).articles;
    const noisy = SEED_TEXT.replace(/^/gm, "\u00A0\t").replace(/ /g, "\u3000").replace(/\n/g, "\r\n");
    expect(parsePage(noisy, SOURCE).articles).toEqual(plain);
  });

  it("reads text without any marker as one article, with a warning", () => {
    const { articles, warnings } = parsePage("今天天气很好。我们去公园散步了。\n\n公园散步\n", "x.txt");
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({ kind: "article", headline: "公园散步", byline: null, body: "今天天气很好。我们去公园散步了。" });
    expect(warnings.join(" ")).toMatch(/no item markers/);
  });

  it("derives a headline from the first clause when nothing looks like a headline", () => {
    const { articles, warnings } = parsePage("这是一段没有标题的文字，它只有正文。还有第二句。", "x.txt");
    expect(articles[0].headline).toBe("这是一段没有标题的文字，它只有正文");
    expect(warnings.length).toBeGreaterThan(0);
  });

  it("returns nothing (with a warning) for empty or blank text", () => {
    for (const text of ["", "  \n\n\t \r\n"]) {
      const r = parsePage(text, "x.txt");
      expect(r.articles).toEqual([]);
      expect(r.warnings).toEqual(["page has no text"]);
    }
  });

  it("never throws, and always returns well-formed items", () => {
    const pieces = fc.constantFrom(
      "本报讯（记者 张",
      "三）",
      "■ 本 报 记 者 李四",
      "■",
      "——",
      "\n",
      "\n\n",
      "。",
      "12月1日，",
      "向“蓝”而行",
      "某某市",
      " ",
      "新华社北京电",
      "本报记者 王五",
      "abc ",
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(pieces).map((a) => a.join(""))), (text) => {
        const { articles, warnings } = parsePage(text, "f.txt");
        expect(Array.isArray(warnings)).toBe(true);
        const ids = new Set<string>();
        for (const a of articles) {
          expect(a.headline.length).toBeGreaterThan(0);
          expect(["article", "photo"]).toContain(a.kind);
          expect(a.date === null || /^\d{4}-\d{2}-\d{2}$/.test(a.date)).toBe(true);
          ids.add(a.id);
        }
        expect(ids.size).toBe(articles.length);
      }),
      { numRuns: 300 },
    );
  });

  it("reads wire datelines and standalone 本报记者 bylines as item starts", () => {
    const page = [
      "新华社北京2024年3月5日电（记者 张三）国务院今天召开会议，研究部署工作。",
      "会议指出要加强管理。",
      "",
      "国务院召开常务会议",
      "",
      "本报记者 李四",
      "",
      "3月6日，市里举行植树活动。市民踊跃参加。",
      "",
      "市民植树",
    ].join("\n");
    const { articles } = parsePage(page, "w.txt");
    expect(articles.map((a) => [a.headline, a.byline, a.date])).toEqual([
      ["国务院召开常务会议", "新华社 记者 张三", "2024-03-05"],
      ["市民植树", "本报记者 李四", "2024-03-06"],
    ]);
    expect(articles[0].body).toBe("国务院今天召开会议，研究部署工作。会议指出要加强管理。");
  });

  it("keeps an article whole when a photo is set inside it", () => {
    const page = [
      "本报讯（记者 甲乙）2024年5月1日，市里开通新公交线路。",
      "",
      "5月1日，乘客在新线路上乘车。 ■ 本报记者 丙丁",
      "",
      "新线路全长20公里，设站15个。",
      "",
      "新公交线路开通",
    ].join("\n");
    const { articles } = parsePage(page, "p.txt");
    expect(articles.map((a) => [a.kind, a.headline])).toEqual([
      ["article", "新公交线路开通"],
      ["photo", "乘客在新线路上乘车"],
    ]);
    expect(articles[0].body).toBe("2024年5月1日，市里开通新公交线路。\n新线路全长20公里，设站15个。");
  });

  it("caps a derived photo headline at a clause boundary", () => {
    const caption =
      "12月2日，市民在新建成的城市公园里散步游玩，公园内绿树成荫、鸟语花香，吸引了大量周边居民前来休闲健身。 ■ 本报记者 许金松";
    const [photo] = parsePage(caption, "p.txt").articles;
    expect(photo.kind).toBe("photo");
    expect(photo.headline).toBe("市民在新建成的城市公园里散步游玩，公园内绿树成荫、鸟语花香");
    expect([...photo.headline].length).toBeLessThanOrEqual(40);
  });

  it("skips a short page header before the first item, with a warning", () => {
    const { articles, warnings } = parsePage(`聊城日报 2024年12月3日 A2版\n\n${SEED_TEXT}`, SOURCE);
    expect(articles).toHaveLength(9);
    expect(warnings.join(" ")).toMatch(/before the first item/);
  });

  it("ignores editor credits and edition marks at the end of a page", () => {
    const { articles } = parsePage(`${SEED_TEXT}\n责任编辑：张三\n校对：李四\n第3版\n`, SOURCE);
    expect(articles).toHaveLength(9);
    expect(articles[8].headline).toBe("广诺（阳谷）电子科技有限公司的工人对水表进行激光雕刻");
  });

  it("does not take a parenthesised sign-off for a headline", () => {
    const page = "本报讯 市里举行活动。活动很成功。\n（本报记者 张三）\n\n市里举行活动\n";
    const [a] = parsePage(page, "p.txt").articles;
    expect(a.headline).toBe("市里举行活动");
    expect(a.body).toBe("市里举行活动。活动很成功。（本报记者张三）");
  });

  it("reads a caption broken by a blank line after a comma, and a title printed after it", () => {
    const page = [
      "本报讯（记者 甲乙）2024年5月1日，市里开通新公交线路。",
      "",
      "新公交线路开通",
      "",
      "5月2日，市民在东昌湖畔散步，",
      "",
      "享受初夏时光。 ■ 本报记者 丙丁",
      "",
      "湖畔初夏",
    ].join("\n");
    const { articles } = parsePage(page, "p.txt");
    expect(articles.map((a) => [a.kind, a.headline, a.body, a.date])).toEqual([
      ["article", "新公交线路开通", "2024年5月1日，市里开通新公交线路。", "2024-05-01"],
      ["photo", "湖畔初夏", "5月2日，市民在东昌湖畔散步，享受初夏时光。", "2024-05-02"],
    ]);
  });
});
