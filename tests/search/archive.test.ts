/**
 * The fixture archive (tests/fixtures/archive/): 聊城日报 pages of 2023, 2024 and 2025 on the same
 * topics with changing figures, a 高唐县 article, pages from 德州 and 菏泽, a page whose only years
 * are a plan, and the 2024 page once more under another name.
 */
import { cpSync, mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { buildEngine, type NewsEngine } from "../../src/search/engine.js";
import type { Answer } from "../../src/search/types.js";
import { initSegmenter } from "../../src/search/text/segment.js";
import { loadGlossary } from "../../src/search/text/translate.js";
import { ROOT } from "./helpers.js";

export const ARCHIVE = join(ROOT, "tests", "fixtures", "archive");
const COPY = "uploads/lcrb-a03-copy.txt";

/** An engine over the archive with the clock at `today`. */
async function archiveEngine(today: string, dir = ARCHIVE): Promise<NewsEngine> {
  initSegmenter([join(ROOT, "corpus", "userdict.dict")]);
  const { articles } = await loadCorpus(dir, { localCity: "聊城" });
  const glossary = loadGlossary([join(ROOT, "corpus", "glossary.tsv")]);
  return buildEngine(articles, { glossary, localCity: "聊城", now: () => new Date(`${today}T12:00:00`) });
}

const first = (engine: NewsEngine, question: string): Answer => {
  const [answer] = engine.ask(question).answers;
  expect(answer, question).toBeDefined();
  return answer;
};

describe("an archive over three years", () => {
  let engine: NewsEngine;
  beforeAll(async () => {
    engine = await archiveEngine("2026-01-10");
  });

  it("answers a question about now with the newest figure, and shows its date", () => {
    for (const q of ["目前聊城有多少家省级单项冠军企业", "现在聊城有多少家单项冠军企业", "聊城最新的省级单项冠军企业有多少家"]) {
      const a = first(engine, q);
      expect(a.answer, q).toContain("省级85家");
      expect(a.date, q).toBe("2025-12-15");
      expect(a.dateSource).toBe("dateline");
    }
  });

  it("adds the older, different figures with their dates", () => {
    const a = first(engine, "目前聊城有多少家省级单项冠军企业");
    expect(a.earlier?.map((e) => [e.date, e.figure])).toEqual([
      ["2024-12-17", "6家、72家"],
      ["2023-12-19", "5家、66家"],
    ]);
  });

  it("answers a question without a time word about a count with the newest figure too", () => {
    expect(first(engine, "聊城有多少家单项冠军企业").answer).toContain("省级85家");
  });

  it("answers a question naming a year from that year", () => {
    const a = first(engine, "2023年聊城有多少家单项冠军企业");
    expect(a.answer).toContain("省级66家");
    expect(a.date).toBe("2023-12-19");
    expect(first(engine, "2024年聊城有多少家省级单项冠军企业").answer).toContain("省级72家");
    expect(first(engine, "2023年全市空气质量优良天数是多少").answer).toContain("186天");
  });

  it("reads 去年, 今年 and 前年 against the clock it is given", async () => {
    expect(first(engine, "去年聊城有多少家单项冠军企业").answer).toContain("省级85家");
    expect(first(engine, "前年聊城有多少家单项冠军企业").answer).toContain("省级72家");
    const march2025 = await archiveEngine("2025-03-01");
    expect(first(march2025, "去年聊城有多少家单项冠军企业").answer).toContain("省级72家");
    expect(first(march2025, "今年空气质量优良天数有多少天").answer).not.toContain("231天"); // not yet written
    // 目前 on that day: the newest there was then.
    expect(first(march2025, "目前聊城有多少家省级单项冠军企业").answer).toContain("省级72家");
  });

  it("reads English time words the same way", async () => {
    expect(first(engine, "How many single-champion enterprises does Liaocheng have now?").answer).toContain("省级85家");
    expect(first(engine, "How many single-champion enterprises did Liaocheng have in 2023?").answer).toContain("省级66家");
    const march2025 = await archiveEngine("2025-03-01");
    expect(first(march2025, "How many single-champion enterprises did Liaocheng have last year?").answer).toContain("省级72家");
  });

  it("reads a month without a year as the last such month", async () => {
    const q = "12月聊城有几家企业入选省制造业单项冠军";
    expect(first(engine, q).answer).toContain("15家");
    expect(first(await archiveEngine("2025-03-01"), q).answer).toContain("12家");
    expect(first(await archiveEngine("2024-07-01"), q).answer).toContain("10家");
  });

  it("never answers a 德州 question from a 聊城 article, even one that names 德州", () => {
    for (const q of ["德州有多少家单项冠军企业", "德州市空气质量优良天数是多少", "目前德州有多少家省级单项冠军企业"]) {
      const answers = engine.ask(q).answers;
      expect(answers.length, q).toBeGreaterThan(0);
      for (const a of answers) expect(a.file, q).toBe("dezhou/dzrb-20241210.txt");
    }
    expect(first(engine, "德州有多少家单项冠军企业").answer).toContain("省级98家");
    const heze = first(engine, "菏泽有多少家省级单项冠军企业");
    expect(heze.answer).toContain("省级61家");
    expect(heze.city).toBe("菏泽");
  });

  it("never answers a 聊城 question from the 德州 article that merely names 聊城", () => {
    for (const a of engine.ask("聊城有多少家单项冠军企业").answers) expect(a.city).toBe("聊城");
  });

  it("finds 高唐县 articles for a 高唐 question, and prefers them", () => {
    const a = first(engine, "高唐锦鲤养殖面积有多大");
    expect(a.answer).toContain("1.2万亩");
    expect(a.headline).toBe("高唐锦鲤游向全国");
    const parks = first(engine, "高唐有几个省级以上现代农业产业园");
    expect(parks.answer).toContain("7个");
    expect(parks).toMatchObject({ file: "liaocheng/2025-06-03-gaotang.md", url: "https://example.org/lcrb/2025-06-03/gaotang-parks" });
    // A county the articles never name has no answer, though the paper's city has.
    expect(engine.ask("冠县锦鲤养殖面积有多大").answers).toEqual([]);
  });

  it("takes 牡丹 for a flower and 牡丹区 for a district", () => {
    expect(engine.parse("牡丹种植面积有多少").concepts.find((c) => c.text === "牡丹")?.role).toBe("content");
    expect(engine.parse("牡丹区牡丹种植面积有多少").concepts.find((c) => c.text === "牡丹区")?.role).toBe("place");
    expect(first(engine, "牡丹区牡丹种植面积有多少").answer).toContain("10万亩");
  });

  it("gives every answer its publication, page and link when the metadata has them, else null", () => {
    const a = first(engine, "东阿阿胶产业集群年产值是多少");
    expect(a).toMatchObject({
      publication: "聊城日报",
      edition: "A03",
      url: "https://example.org/lcrb/2024-12-18/dong-e", // the item's own link from the sidecar's items
      file: "liaocheng/2024-12-18_A03.txt",
    });
    expect(first(engine, "山东累计培育国家级制造业单项冠军企业多少家")).toMatchObject({
      url: "https://example.org/lcrb/2024-12-18/a03",
      city: "济南",
    });
    expect(first(engine, "菏泽有多少家省级单项冠军企业")).toMatchObject({ publication: null, url: null, edition: null });
  });

  it("dates a page whose only years are a range and a plan by its upload, never by the plan", () => {
    const plan = engine.ask("聊城新能源产业发展规划什么时候印发").answers.find((a) => a.file === "uploads/new-energy-plan.txt");
    expect(plan?.dateSource).toBe("upload");
    expect(plan?.date).not.toMatch(/^20(25|27|30)-/);
  });
});

describe("a duplicate in the archive", () => {
  let withCopy: string;
  let without: string;
  beforeAll(() => {
    withCopy = mkdtempSync(join(tmpdir(), "newsbot-archive-"));
    without = mkdtempSync(join(tmpdir(), "newsbot-archive-"));
    cpSync(ARCHIVE, withCopy, { recursive: true });
    cpSync(ARCHIVE, without, { recursive: true });
    rmSync(join(without, COPY));
    // The copy was uploaded after the original.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(withCopy, COPY), later, later);
  });
  afterAll(() => {
    rmSync(withCopy, { recursive: true, force: true });
    rmSync(without, { recursive: true, force: true });
  });

  it("is indexed once, and the answers are the same with or without it", async () => {
    const a = await archiveEngine("2026-01-10", withCopy);
    const b = await archiveEngine("2026-01-10", without);
    expect(a.size).toBe(b.size);
    const questions = [
      "2024年聊城有多少家省级单项冠军企业",
      "东阿阿胶产业集群年产值是多少",
      "山东累计培育国家级制造业单项冠军企业多少家",
      "目前聊城有多少家单项冠军企业",
    ];
    const view = (engine: NewsEngine, q: string) => engine.ask(q).answers.map((x) => [x.file, x.answer, x.date, x.url]);
    for (const q of questions) expect(view(a, q), q).toEqual(view(b, q));
  });

  it("is reported once by the loader, naming the file it repeats", async () => {
    const { warnings } = await loadCorpus(withCopy, { localCity: "聊城" });
    expect(warnings.filter((w) => w.duplicateOf)).toEqual([
      {
        file: COPY,
        reason: expect.stringMatching(/^3 item\(s\) duplicate items of liaocheng\/2024-12-18_A03\.txt/) as string,
        duplicateOf: "liaocheng/2024-12-18_A03.txt",
      },
    ]);
  });
});
