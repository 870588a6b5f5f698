/**
 * Odd questions through the CLI (`newsbot ask --json`, a real process) and the bot (handleUpdate
 * with the API-recording harness), and property tests of the text pipeline and the renderer over
 * arbitrary strings: nothing throws, every reply is sensible, every HTML reply is well-formed
 * Telegram HTML within 4096 characters.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderAnswerHtml, renderNotFoundHtml, highlightHtml, splitForTelegram, TELEGRAM_LIMIT, truncate } from "../../src/bot/render.js";
import { labels } from "../../src/bot/i18n.js";
import { createLogger } from "../../src/log.js";
import type { NewsLibrary } from "../../src/library/news-library.js";
import { normalizeAligned, normalizeText } from "../../src/text/normalize.js";
import { segment } from "../../src/search/text/segment.js";
import type { Answer } from "../../src/search/types.js";
import {
  GROUP_ID,
  BOT_USERNAME,
  callback,
  groupText,
  inlineQuery,
  makeHarness,
  privateText,
  realLibrary,
  removeDir,
  tempCorpus,
  type ApiCall,
  type Harness,
} from "../bot/helpers/harness.js";
import { join } from "node:path";
import { htmlProblem, htmlToText, ODD_QUESTIONS, requireBuild, ROOT, runCli, type AskJsonLine } from "./helpers.js";

const CORPUS = join(ROOT, "corpus");

/** C0 controls but \n, DEL, C1 controls, bidi overrides/isolates: never in what the bot sends. */
const UNSENDABLE = /(?!\n)[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

/** Every text the bot sent: well-formed, non-empty, within Telegram's limit, nothing unsendable. */
function checkSent(calls: ApiCall[]): void {
  for (const call of calls) {
    const p = call.payload;
    const text: string | undefined = p.text;
    if (text !== undefined) {
      expect(text.trim().length, `${call.method} text is empty`).toBeGreaterThan(0);
      expect(text.length).toBeLessThanOrEqual(TELEGRAM_LIMIT);
      if (p.parse_mode === "HTML") expect(htmlProblem(text), text.slice(0, 300)).toBeNull();
      expect(UNSENDABLE.test(text), `unsendable character in ${JSON.stringify(text.slice(0, 200))}`).toBe(false);
    }
    for (const button of (p.reply_markup?.inline_keyboard ?? []).flat()) {
      if (button.callback_data !== undefined) expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64);
      if (button.switch_inline_query !== undefined) {
        expect(button.switch_inline_query.length).toBeLessThanOrEqual(256);
        expect(UNSENDABLE.test(button.switch_inline_query)).toBe(false);
      }
    }
    for (const result of p.results ?? []) {
      const content = result.input_message_content;
      expect(content.message_text.length).toBeLessThanOrEqual(TELEGRAM_LIMIT);
      expect(htmlProblem(content.message_text)).toBeNull();
      expect(UNSENDABLE.test(content.message_text)).toBe(false);
    }
  }
}

describe("odd questions through the CLI (ask --json, a real process)", () => {
  beforeAll(requireBuild);

  it("prints exactly one valid JSON line per input line, in order, and exits 0", () => {
    const questions = [...Object.values(ODD_QUESTIONS), "a\rb", "tab\there", "\u2028聊城\u2029企业"];
    const input = questions.join("\n") + "\n";
    const { code, stdout, stderr } = runCli(["ask", "--json", "--corpus", CORPUS], input);
    expect(code, stderr).toBe(0);
    expect(stderr).not.toMatch(/\n\s+at /);
    const lines = stdout.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(questions.length);
    lines.forEach((line, i) => {
      const parsed = JSON.parse(line) as AskJsonLine;
      // Lone surrogates do not survive UTF-8 on the way in; everything else comes back verbatim.
      expect(parsed.question).toBe(
        questions[i].replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd"),
      );
      expect(Array.isArray(parsed.answers)).toBe(true);
      expect(parsed.answers.length).toBeLessThanOrEqual(5);
    });
    const byName = Object.fromEntries(Object.keys(ODD_QUESTIONS).map((name, i) => [name, JSON.parse(lines[i]) as AskJsonLine]));
    for (const name of ["empty", "whitespace", "onlyControls", "emoji", "sql", "zeroWidth", "longLatin"]) {
      expect(byName[name].answers, name).toEqual([]);
    }
    expect(byName.normal.answers[0].answer).toContain("79家");
  }, 20_000);

  it("survives invalid UTF-8 bytes and a CRLF file on stdin", () => {
    const input = Buffer.concat([
      Buffer.from("聊城有多少家单项冠军企业？\r\n"),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a]),
      Buffer.from("企业\r\n"),
    ]);
    const { code, stdout } = runCli(["ask", "--json", "--corpus", CORPUS], input);
    expect(code).toBe(0);
    const lines = stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as AskJsonLine);
    expect(lines).toHaveLength(3);
    expect(lines[0].question).toBe("聊城有多少家单项冠军企业？");
    expect(lines[0].answers[0].answer).toContain("79家");
    expect(lines[2].question).toBe("企业");
  });
});

describe("odd questions through the bot (handleUpdate)", () => {
  let dir: string;
  let library: NewsLibrary;
  let h: Harness;
  const logged: string[] = [];

  beforeAll(async () => {
    dir = tempCorpus();
    library = await realLibrary(dir);
    const logger = createLogger({ level: "warn", pretty: false, destination: { write: (line: string) => void logged.push(line) } });
    h = makeHarness(library, { config: { rateLimit: 0 }, deps: { logger } });
  });
  afterAll(() => removeDir(dir));

  const apology = [labels("zh").error, labels("en").error];

  for (const [name, question] of Object.entries(ODD_QUESTIONS)) {
    it(`private message: ${name}`, async () => {
      h.reset();
      await h.send(privateText(question));
      const replies = h.sent("sendMessage");
      expect(replies).toHaveLength(1);
      expect(apology).not.toContain(replies[0].payload.text);
      checkSent(h.calls);
      if (name === "normal" || name === "rtlOverride") expect(replies[0].payload.text).toContain("79家");
      // The controls are dropped: the answer is the one to the question without them (聊城企业有多少家).
      if (name === "controls") {
        const clean = library.engine.ask(question.replace(/\p{Cc}|\[31m/gu, "")).answers[0];
        expect(replies[0].payload.text).toContain(`《${clean.headline}》`);
      }
      if (name === "empty" || name === "whitespace" || name === "onlyControls") {
        expect(replies[0].payload.text).toBe(labels("zh").emptyQuestion);
      }
    });
  }

  it("/ask, a group mention and an inline query with each odd question: well-formed, no errors", async () => {
    for (const question of Object.values(ODD_QUESTIONS)) {
      h.reset();
      await h.send(privateText(`/ask ${question}`));
      await h.send(groupText(`@${BOT_USERNAME} ${question}`));
      await h.send(inlineQuery(question.slice(0, 256)));
      checkSent(h.calls);
      expect(h.sent("sendMessage").length).toBeGreaterThanOrEqual(1);
      expect(h.sent("answerInlineQuery")).toHaveLength(1);
      for (const reply of h.sent("sendMessage")) expect(apology).not.toContain(reply.payload.text);
      const group = h.sent("sendMessage").filter((c) => c.payload.chat_id === GROUP_ID);
      expect(group.length).toBeLessThanOrEqual(1);
    }
  });

  it("paging and 'full article' after an odd question stay well-formed", async () => {
    h.reset();
    await h.send(privateText(ODD_QUESTIONS.mixedScripts + " 企业"));
    const more = h
      .sent("sendMessage")[0]
      .payload.reply_markup?.inline_keyboard.flat()
      .filter((b) => b.callback_data);
    for (const button of more ?? []) await h.send(callback(button.callback_data!));
    checkSent(h.calls);
  });

  it("logged no error for any of it", () => {
    expect(logged.filter((l) => /"level":(50|60)/.test(l))).toEqual([]);
  });
});

/** An answer without the "…" that marks a long sentence shortened at either end. */
const core = (answer: string) => answer.replace(/^…|…$/g, "");

describe("property: the text pipeline never throws", () => {
  let dir: string;
  let library: NewsLibrary;
  beforeAll(async () => {
    dir = tempCorpus();
    library = await realLibrary(dir);
  });
  afterAll(() => removeDir(dir));

  /** Characters that break things: controls, surrogate halves, bidi, markup, Han, emoji. */
  const nasty = fc.oneof(
    fc.constantFrom(..."\u0000\u0001\r\n\t\u007f\u0085\u2028\u202e\u200b\ufeff\ud800\udc00<>&\"'*_`[]()~#|{}.!%？。，"),
    fc.constantFrom(..."聊城企业单项冠军家高唐县东昌湖蓝天產業"),
    fc.constantFrom("😀", "👨‍👩‍👧", "🇨🇳", "ａｂｃ", "㎡", "ﬁ", "İ", "ß"),
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  );
  const anyText = fc.oneof(
    fc.string({ unit: "binary", maxLength: 80 }),
    fc.string({ unit: nasty, maxLength: 60 }),
    fc.string({ unit: "grapheme-ascii", maxLength: 80 }),
  );

  it("normalizeText and segment accept any string", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const normal = normalizeText(text);
        expect(typeof normal).toBe("string");
        for (const term of segment(normal)) {
          expect(term.length).toBeGreaterThan(0);
          expect(term).toBe(term.trim());
        }
        for (const term of segment(normal, "exact")) expect(term.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it("normalizeAligned keeps the length of any string (highlight offsets depend on it)", () => {
    fc.assert(
      fc.property(anyText, (text) => normalizeAligned(text).length === text.length),
      { numRuns: 400 },
    );
  });

  it("engine.ask answers any string with at most `limit` answers, each verbatim from its article", () => {
    const engine = library.engine;
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 5 }), (text, limit) => {
        const result = engine.ask(text, { limit });
        expect(result.answers.length).toBeLessThanOrEqual(limit);
        expect(result.total).toBeGreaterThanOrEqual(result.answers.length);
        // Never the same answer twice (one article may give two different sentences).
        const keys = result.answers.map((a) => `${a.id}|${a.answer}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const answer of result.answers) {
          expect(engine.article(answer.id)?.body).toContain(core(answer.answer));
          expect(answer.excerpt).toContain(core(answer.answer));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("engine.ask on corpus-flavoured strings (real words in random order) never throws", () => {
    const words = fc.constantFrom(
      "聊城",
      "企业",
      "多少",
      "家",
      "单项冠军",
      "高唐",
      "产值",
      "增长",
      "蓝天",
      "PM2.5",
      "38.4%",
      "什么",
      "哪天",
      "谁",
      "how",
      "many",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(words, anyText), { maxLength: 8 }), (parts) => {
        const result = library.engine.ask(parts.join(""), { limit: 5, offset: 0 });
        for (const answer of result.answers) expect(library.engine.article(answer.id)?.body).toContain(core(answer.answer));
      }),
      { numRuns: 200 },
    );
  });
});

describe("property: the renderer", () => {
  const text = fc.oneof(
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.string({ maxLength: 200 }),
    fc.constantFrom("<b>", "&amp;", "</i>", '<a href="x">', "&", "<<>>"),
  );
  const longText = fc.oneof(text, fc.string({ unit: "binary", minLength: 3000, maxLength: 6000 }));
  const answer: fc.Arbitrary<Answer> = fc.record({
    id: fc.string({ maxLength: 10 }),
    kind: fc.constantFrom("article" as const, "photo" as const),
    headline: longText,
    kicker: fc.option(text),
    subtitle: fc.option(text),
    date: fc.option(fc.constantFrom("2024-11-29", "2024-01-01", "garbage<>&")),
    answer: longText,
    excerpt: text,
    highlights: fc.array(text, { maxLength: 4 }),
    score: fc.double({ noNaN: true }),
    file: text,
    source: text,
  });

  it("renderAnswerHtml: well-formed and within 4096 for any answers", () => {
    fc.assert(
      fc.property(
        fc.array(answer, { minLength: 1, maxLength: 3 }),
        fc.nat(9999),
        fc.constantFrom("zh" as const, "en" as const),
        (answers, offset, lang) => {
          const html = renderAnswerHtml({ answers, offset, total: offset + answers.length + 3 }, lang);
          expect(html.length).toBeLessThanOrEqual(TELEGRAM_LIMIT);
          expect(htmlProblem(html)).toBeNull();
          expect(html.trim().length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("highlightHtml: well-formed, and the reader sees exactly the text", () => {
    fc.assert(
      fc.property(text, fc.array(fc.oneof(text, fc.constantFrom("a", "聊城", "&", "<", "amp")), { maxLength: 5 }), (plain, terms) => {
        const html = highlightHtml(plain, terms);
        expect(htmlProblem(html)).toBeNull();
        expect(htmlToText(html)).toBe(plain);
      }),
      { numRuns: 500 },
    );
  });

  it("renderNotFoundHtml: any question, well-formed, bounded, nothing unsendable", () => {
    fc.assert(
      fc.property(
        fc.oneof(text, fc.string({ unit: "binary", maxLength: 10_000 })),
        fc.constantFrom("zh" as const, "en" as const),
        (question, lang) => {
          const html = renderNotFoundHtml(question, lang);
          expect(htmlProblem(html)).toBeNull();
          expect(html.length).toBeLessThanOrEqual(1000);
          expect(UNSENDABLE.test(html)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("splitForTelegram: every part fits, nothing is lost, no surrogate pair is split", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "binary", maxLength: 3000 }), { maxLength: 6 }),
        fc.integer({ min: 2, max: 500 }),
        (paragraphs, limit) => {
          const parts = splitForTelegram(paragraphs, limit);
          for (const part of parts) {
            expect(part.length).toBeLessThanOrEqual(limit);
            expect(/[\ud800-\udbff]$/.test(part)).toBe(false);
          }
          const squash = (s: string) => s.replace(/\s+/g, "");
          expect(squash(parts.join(""))).toBe(squash(paragraphs.join("")));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("truncate never splits a surrogate pair", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 50 }), fc.nat(60), (s, max) => {
        const out = truncate(s, max);
        expect(Array.from(out).length).toBeLessThanOrEqual(Math.max(max, 0));
        expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(out)).toBe(false);
      }),
    );
  });
});
