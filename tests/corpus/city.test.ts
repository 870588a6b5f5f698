import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { articleCity, assignCities, cityName, pageCity, parsePlaceTally, scanArticlePlaces, type CityItem } from "../../src/corpus/city.js";
import { parsePage } from "../../src/corpus/page-parser.js";
import type { Article } from "../../src/corpus/types.js";
import { loadGazetteer } from "../../src/places/gazetteer.js";

const gazetteer = loadGazetteer();
const item = (headline: string, body: string, byline: string | null = null): Article => ({
  id: headline,
  kind: "article",
  headline,
  kicker: null,
  subtitle: null,
  byline,
  date: null,
  body,
  source: "p.txt",
  city: null,
});
/** Cities of items read as one page. */
function citiesOf(items: (Article | CityItem)[], input: { metaCity?: string; publication?: string; localCity?: string } = {}) {
  const cityItems = items.map((i) => ("article" in i ? i : { article: i }));
  assignCities(cityItems, input, gazetteer);
  return cityItems.map((i) => i.article.city);
}
const named = (text: string) => {
  const city = pageCity([scanArticlePlaces(item("", text), gazetteer)], {}, gazetteer);
  return typeof city === "string" || city === null ? city : cityName(city);
};

describe("the page's city", () => {
  it("is the city the page names most, counties counting for their city", () => {
    expect(named("济南市今年……济南市将……我市")).toBe("济南");
    expect(named("高唐县……临清市……茌平区……济南")).toBe("聊城");
    // One mention is not enough to call it the page's city.
    expect(named("只提到一次聊城市")).toBeNull();
  });

  it("never takes a common word ending in 市 for a city", () => {
    expect(named("建设先进制造业强市，打造制造业强市，全市上市公司……城市")).toBeNull();
  });

  it("reads traditional script like any other text", () => {
    expect(named("濟南市……濟南市的企業")).toBe("济南");
    expect(citiesOf([item("新闻", "本报讯 全市企业……")], { metaCity: "濟南市" })).toEqual(["济南"]);
  });

  it("stays the paper's own city when named about as often as another city, else goes to that city", () => {
    const text = "聊城市中心城区……德州市……德州市轴承产业";
    expect(citiesOf([item("新闻", text)], { localCity: "聊城" })).toEqual(["聊城"]);
    const jinan = "济南市……济南市……济南市……与聊城合作，我市";
    expect(citiesOf([item("新闻", jinan)], { localCity: "聊城" })).toEqual(["济南"]);
  });

  it("is the publication's city when metadata names a city paper", () => {
    expect(citiesOf([item("新闻", "我市新增企业12家。")], { publication: "德州日报", localCity: "聊城" })).toEqual(["德州"]);
  });
});

describe("the city of each article", () => {
  it("is judged per article: three items of one page, three cities", () => {
    const items = [
      item("聊城新闻", "本报讯 我市……聊城市工业和信息化局……高唐县、茌平区企业入选。"),
      item("德州新闻", "德州市近日公布……德州市累计培育……德州经济技术开发区"),
      item("菏泽新闻", "菏泽市牡丹区……菏泽市今年……曹县"),
    ];
    expect(citiesOf(items, { localCity: "聊城" })).toEqual(["聊城", "德州", "菏泽"]);
    expect(items[2].cityCode).toBe("3717");
    expect(parsePlaceTally(items[0].places).get("371526")).toBe(1); // 高唐县
  });

  it("takes a wire dateline's place: 我市 there is not the paper's city", () => {
    const wire: CityItem = { article: item("全省新闻", "全省累计培育单项冠军企业……我市将……"), dateHint: "新华社济南12月1日电（记者 张三）" };
    const home = item("本地新闻", "本报讯 我市……");
    expect(citiesOf([wire, home], { localCity: "聊城" })).toEqual(["济南", "聊城"]);
  });

  it("takes another paper's byline as coming from elsewhere", () => {
    const scan = scanArticlePlaces(item("新闻", "我市新增企业12家。", "德州日报记者 李四"), gazetteer, undefined, "聊城日报");
    expect(scan.elsewhere?.place?.name).toBe("德州市");
    const liaocheng = gazetteer.lookup("聊城")[0];
    expect(articleCity(scan, liaocheng)).toMatchObject({ name: "德州市" });
    // The paper's own byline is home.
    const own = scanArticlePlaces(item("新闻", "我市新增企业12家。", "聊城日报记者 李四"), gazetteer, undefined, "聊城日报");
    expect(own.elsewhere).toBeUndefined();
  });

  it("keeps the page's city for an item that names another city only once", () => {
    const items = [item("新闻", "本报讯 企业在深圳和济南设立研发中心，产品销往全国。")];
    expect(citiesOf(items, { localCity: "聊城" })).toEqual(["聊城"]);
  });

  it("gives every item of the seed page its own 聊城 city, from its own text", () => {
    const { articles } = parsePage(readSeed(), "000.txt", {}, { localCity: "聊城" });
    expect(articles.every((a) => a.city === "聊城" && a.cityCode === "3715")).toBe(true);
    const gaotang = articles.find((a) => a.headline.includes("农业科技"))!;
    expect([...parsePlaceTally(gaotang.places).keys()][0]).toBe("371526");
  });
});

function readSeed(): string {
  return readFileSync(new URL("../../corpus/000_777c845344387f30.txt", import.meta.url), "utf8");
}
