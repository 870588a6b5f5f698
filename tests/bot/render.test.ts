import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Article } from "../../src/corpus/types.js";
import type { ReloadReport } from "../../src/library/news-library.js";
import type { Answer } from "../../src/search/types.js";
import {
  TELEGRAM_LIMIT,
  articleParagraphs,
  escapeHtml,
  formatTime,
  renderArticleHtml,
  highlightHtml,
  renderAnswerHtml,
  renderAnswerPlain,
  renderLatestHtml,
  renderNotFoundHtml,
  renderReloadFailedHtml,
  renderReloadReportHtml,
  renderUploadPreviewHtml,
  splitForTelegram,
  truncate,
} from "../../src/bot/render.js";
import { isWellFormedHtml } from "./helpers/harness.js";

function answer(overrides: Partial<Answer> = {}): Answer {
  return {
    id: "a-1",
    kind: "article",
    headline: "我市14家企业拟认定为省制造业单项冠军",
    kicker: "专注特定细分市场 发展水平行业领先",
    subtitle: null,
    date: "2024-11-29",
    answer: "目前，累计培育国家级制造业单项冠军企业7家、省级79家。",
    excerpt: "目前，累计培育国家级制造业单项冠军企业7家、省级79家。",
    highlights: ["单项", "冠军"],
    score: 1,
    file: "p.txt",
    source: "p.txt",
    ...overrides,
  };
}

function article(overrides: Partial<Article> = {}): Article {
  return {
    id: "x-1",
    kind: "article",
    headline: "标题",
    kicker: null,
    subtitle: null,
    byline: null,
    date: "2024-12-01",
    body: "第一段。\n第二段。",
    source: "p.txt",
    ...overrides,
  };
}

describe("escape and highlight", () => {
  it('escapes & < > "', () => {
    expect(escapeHtml(`<a href="x">&</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
  });

  it("wraps terms in <b> after escaping the pieces", () => {
    expect(highlightHtml("A<B & 冠军", ["冠军", "<B"])).toBe("A<b>&lt;B</b> &amp; <b>冠军</b>");
  });

  it("prefers the longest term and ignores empty ones", () => {
    expect(highlightHtml("单项冠军企业", ["单项", "单项冠军", "", " "])).toBe("<b>单项冠军</b>企业");
  });

  it("never breaks an entity when a term is part of one", () => {
    expect(highlightHtml("a&b", ["amp", "&"])).toBe("a<b>&amp;</b>b");
  });

  it("truncates by code points", () => {
    expect(truncate("😀😀😀", 2)).toBe("😀…");
    expect(truncate("abc", 3)).toBe("abc");
  });
});

describe("renderAnswerHtml", () => {
  it("numbers the results like their buttons, names publication, date and headline, and says the page", () => {
    const html = renderAnswerHtml(
      {
        answers: [answer({ publication: "聊城日报" }), answer({ id: "a-2", headline: "另一条", answer: "另一句。" })],
        offset: 0,
        total: 5,
      },
      "zh",
    );
    expect(html).toBe(
      [
        "① 目前，累计培育国家级制造业<b>单项冠军</b>企业7家、省级79家。",
        "📰 聊城日报 · 2024-11-29 · 《我市14家企业拟认定为省制造业单项冠军》",
        "",
        "其他可能的答案：",
        "② 《另一条》（2024-11-29）：另一句。",
        "",
        "<i>第 1–2 条，共 5 条</i>",
      ].join("\n"),
    );
    expect(isWellFormedHtml(html)).toBe(true);
  });

  it("gives a further answer of an article above without its headline and date again", () => {
    const view = {
      answers: [answer(), answer({ answer: "同一篇的另一句。" }), answer({ id: "a-2", headline: "另一条", answer: "另一句。" })],
      offset: 0,
      total: 3,
    };
    const lines = renderAnswerHtml(view, "zh").split("\n");
    expect(lines.slice(2, 6)).toEqual(["", "其他可能的答案：", "② 同一篇的另一句。", "③ 《另一条》（2024-11-29）：另一句。"]);
    expect(renderAnswerPlain(view, "en")).toContain("\n② 同一篇的另一句。\n③ 《另一条》 (2024-11-29): 另一句。");
  });

  it("bolds the asked fact (the engine's focus) and nothing else in the sentence", () => {
    const sentence = "目前，累计培育国家级制造业单项冠军企业7家、省级79家。";
    const focus: [number, number][] = [
      [sentence.indexOf("7家"), sentence.indexOf("7家") + 2],
      [sentence.indexOf("79家"), sentence.indexOf("79家") + 3],
    ];
    const html = renderAnswerHtml({ answers: [answer({ focus })], offset: 0, total: 1 }, "zh");
    expect(html.split("\n")[0]).toBe("目前，累计培育国家级制造业单项冠军企业<b>7家</b>、省级<b>79家</b>。");
    // A single result carries no number.
    expect(html).not.toContain("①");
  });

  it("bolds at most three runs of question words when there is no fact to bold", () => {
    const html = renderAnswerHtml(
      { answers: [answer({ answer: "冠军、冠军、冠军、冠军、冠军", highlights: ["冠军"] })], offset: 0, total: 1 },
      "zh",
    );
    expect(html.match(/<b>/g)).toHaveLength(3);
  });

  it("uses English labels", () => {
    const html = renderAnswerHtml({ answers: [answer({ date: null })], offset: 3, total: 9 }, "en");
    expect(html).toContain("date unknown");
    expect(html).toContain("Results 4–4 of 9");
  });

  it("drops extra results, then shortens the answer, to stay within 4096", () => {
    const huge = '<&>"'.repeat(3000);
    const html = renderAnswerHtml(
      {
        answers: [answer({ answer: huge, headline: huge, kicker: huge }), answer({ answer: huge }), answer({ answer: huge })],
        offset: 0,
        total: 3,
      },
      "zh",
    );
    expect(html.length).toBeLessThanOrEqual(TELEGRAM_LIMIT);
    expect(isWellFormedHtml(html)).toBe(true);
    expect(html).not.toContain("其他可能的答案");
  });

  it("plain renderer has no tags", () => {
    const text = renderAnswerPlain({ answers: [answer(), answer({ id: "a-2", headline: "B" })], offset: 0, total: 2 }, "zh");
    expect(text).toContain("① 目前，累计培育国家级制造业单项冠军企业7家、省级79家。");
    expect(text).toContain("📰 2024-11-29 · 《我市14家企业拟认定为省制造业单项冠军》");
    expect(text).toContain("② 《B》（2024-11-29）：");
    expect(text).not.toMatch(/<\/?b>/);
  });
});

describe("property: any text renders to well-formed HTML within 4096", () => {
  // Short arbitrary text, and long runs of the characters that grow when escaped.
  const text = fc.oneof(
    fc.string({ unit: "binary", maxLength: 300 }),
    fc.string({ unit: fc.constantFrom("<", "&", ">", '"', "冠", "a", "😀", "\n"), minLength: 1000, maxLength: 6000 }),
  );
  const small = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("<", "&", "b>", "</b>", "&amp;", '"', "冠军"));
  const arbAnswer = fc.record({
    headline: text,
    kicker: fc.option(text),
    subtitle: fc.option(text),
    date: fc.option(fc.string({ maxLength: 40 })),
    answer: text,
    highlights: fc.array(small, { maxLength: 6 }),
  });

  it("answers", () => {
    fc.assert(
      fc.property(fc.array(arbAnswer, { minLength: 1, maxLength: 3 }), fc.nat(9999), fc.constantFrom("zh", "en"), (parts, total, lang) => {
        const answers = parts.map((p) => answer(p as Partial<Answer>));
        const html = renderAnswerHtml({ answers, offset: 0, total: total + answers.length }, lang);
        return html.length <= TELEGRAM_LIMIT && isWellFormedHtml(html);
      }),
      { numRuns: 150 },
    );
  });

  it("not-found, latest, reload reports and previews", () => {
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 40 }), (question, many) => {
        const report: ReloadReport = {
          before: 1,
          after: 2,
          added: many.map((h, i) => ({ id: String(i), headline: h })),
          removed: many.map((h, i) => ({ id: String(i), headline: h })),
          warnings: many.map((h) => ({ file: h, reason: h })),
          ms: 1234,
        };
        const outputs = [
          renderNotFoundHtml(question, "zh"),
          renderLatestHtml(
            many.map((h) => article({ headline: h, body: h, kicker: h })),
            "en",
          ),
          renderReloadReportHtml(report, "zh"),
          renderReloadFailedHtml(question, report.warnings, "en"),
          renderUploadPreviewHtml({ name: question, headlines: many, warnings: report.warnings }, "zh"),
        ];
        return outputs.every((html) => html.length <= TELEGRAM_LIMIT && isWellFormedHtml(html));
      }),
      { numRuns: 60 },
    );
  });

  it("the well-formedness check itself rejects bad HTML", () => {
    expect(isWellFormedHtml("<b>x</b>")).toBe(true);
    expect(isWellFormedHtml("<b>x")).toBe(false);
    expect(isWellFormedHtml("<b><i>x</b></i>")).toBe(false);
    expect(isWellFormedHtml("a < b")).toBe(false);
    expect(isWellFormedHtml("a & b")).toBe(false);
    expect(isWellFormedHtml("<script>")).toBe(false);
  });
});

describe("splitForTelegram", () => {
  it("packs paragraphs and keeps each message within the limit", () => {
    const paragraphs = Array.from({ length: 50 }, (_, i) => `第${i}段。`.repeat(40));
    const parts = splitForTelegram(paragraphs, 4096);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join("\n\n")).toBe(paragraphs.join("\n\n"));
  });

  it("cuts a paragraph longer than a message, at a sentence end when near", () => {
    const long = "这是一句话。".repeat(1000);
    const parts = splitForTelegram([long], 100);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(100);
    expect(parts.join("")).toBe(long);
    expect(parts[0].endsWith("。")).toBe(true);
  });

  it("respects a measure (escaped length) and never splits surrogate pairs", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "grapheme", maxLength: 300 }), { maxLength: 20 }),
        fc.integer({ min: 10, max: 200 }),
        (paragraphs, limit) => {
          const measure = (s: string) => escapeHtml(s).length;
          const parts = splitForTelegram(paragraphs, limit, { measure });
          return parts.every((p) => measure(p) <= limit && !/[\uD800-\uDBFF]$/.test(p));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("turns an article into a title, a meta line and its paragraphs", () => {
    expect(articleParagraphs(article({ kicker: "引题", byline: "记者 林晨", publication: "聊城日报" }), "zh")).toEqual([
      "【引题 / 标题】",
      "📰 聊城日报 · 2024-12-01 · 记者 林晨",
      "第一段。",
      "第二段。",
    ]);
  });
});

describe("renderArticleHtml", () => {
  it("splits a long article between paragraphs into HTML messages of at most 4096, title in bold", () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `第${i + 1}段<&>：${"湖光水色相映成趣。".repeat(30)}`);
    const parts = renderArticleHtml(article({ headline: "长文<标题>", body: paragraphs.join("\n") }), "zh");
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0].startsWith("<b>【长文&lt;标题&gt;】</b>\n\n📰 2024-12-01\n\n第1段&lt;&amp;&gt;：")).toBe(true);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(TELEGRAM_LIMIT);
      expect(isWellFormedHtml(part)).toBe(true);
    }
    // Every paragraph arrives whole, in one message.
    for (const p of paragraphs) expect(parts.some((part) => part.includes(escapeHtml(p)))).toBe(true);
  });

  it("stops at maxMessages and says so", () => {
    const body = Array.from({ length: 50 }, () => "段落。".repeat(400)).join("\n");
    const parts = renderArticleHtml(article({ body }), "zh", 3);
    expect(parts).toHaveLength(3);
    expect(parts[2].endsWith("\n…")).toBe(true);
  });
});

describe("formatTime", () => {
  it("shows the paper's time zone by default and any configured one", () => {
    const at = new Date("2024-12-02T10:30:00Z");
    expect(formatTime(at)).toBe("2024-12-02 18:30:00 (UTC+8)");
    expect(formatTime(at, "UTC")).toBe("2024-12-02 10:30:00 (UTC)");
    expect(formatTime(at, "America/New_York")).toBe("2024-12-02 05:30:00 (UTC-5)");
  });
});
