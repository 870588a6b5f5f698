/** Inline mode: results per answer, paging by next_offset, latest for an empty query. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewsLibrary } from "../../src/library/news-library.js";
import { inlineQuery, isWellFormedHtml, makeHarness, realLibrary, removeDir, tempCorpus } from "./helpers/harness.js";

let dir: string;
let library: NewsLibrary;

beforeAll(async () => {
  // Enough items that "企业" and the latest list need more than one page of 10.
  const many = Array.from({ length: 14 }, (_, i) => ({
    headline: `第${i + 1}家企业获评专精特新`,
    date: `2024-10-${String(i + 1).padStart(2, "0")}`,
    body: [`近日，聊城第${i + 1}家企业获评省级专精特新企业，企业员工${100 + i}人。`],
  }));
  dir = tempCorpus({ "many.json": JSON.stringify(many) });
  library = await realLibrary(dir);
});
afterAll(() => removeDir(dir));

function lastAnswer(calls: { method: string; payload: any }[]) {
  const call = calls.filter((c) => c.method === "answerInlineQuery").at(-1);
  if (!call) throw new Error("no answerInlineQuery");
  return call.payload;
}

describe("inline mode", () => {
  it("answers with one article result per answer, rich HTML, not personal, short cache", async () => {
    const h = makeHarness(library);
    await h.send(inlineQuery("聊城有多少家单项冠军企业？"));
    const payload = lastAnswer(h.calls);
    expect(payload.is_personal).toBe(false);
    expect(payload.cache_time).toBeLessThanOrEqual(10);
    const [first] = payload.results;
    expect(first.type).toBe("article");
    expect(first.title).toBe("我市14家企业拟认定为省制造业单项冠军");
    expect(first.description).toContain("79家");
    expect(first.input_message_content.parse_mode).toBe("HTML");
    expect(first.input_message_content.message_text).toContain("79家");
    expect(isWellFormedHtml(first.input_message_content.message_text)).toBe(true);
    const ids = payload.results.map((r: any) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("pages by next_offset", async () => {
    const h = makeHarness(library);
    await h.send(inlineQuery("企业"));
    const page1 = lastAnswer(h.calls);
    expect(page1.results).toHaveLength(10);
    expect(page1.next_offset).toBe("10");
    await h.send(inlineQuery("企业", page1.next_offset));
    const page2 = lastAnswer(h.calls);
    expect(page2.results.length).toBeGreaterThan(0);
    expect(page2.results[0].id).not.toBe(page1.results[0].id);
    expect(page2.results[0].title).not.toBe(page1.results[0].title);
    const total = library.engine.ask("企业").total;
    expect(page2.next_offset).toBe(total > 20 ? "20" : "");
  });

  it("lists the latest items for an empty query, paged too", async () => {
    const h = makeHarness(library);
    await h.send(inlineQuery(""));
    const page1 = lastAnswer(h.calls);
    expect(page1.results).toHaveLength(10);
    expect(page1.results[0].title).toBe(library.engine.latest(1)[0].headline);
    expect(page1.next_offset).toBe("10");
    await h.send(inlineQuery("  ", "10"));
    const page2 = lastAnswer(h.calls);
    expect(page2.results.length).toBe(Math.min(10, library.engine.size - 10));
    expect(page2.results[0].title).toBe(library.engine.latest(1, 10)[0].headline);
  });

  it("offers a button into the private chat when nothing matches", async () => {
    const h = makeHarness(library);
    await h.send(inlineQuery("火星殖民计划进展如何"));
    const payload = lastAnswer(h.calls);
    expect(payload.results).toEqual([]);
    expect(payload.button).toEqual({ text: expect.any(String), start_parameter: "help" });
  });

  it("treats a forged offset as the first page", async () => {
    const h = makeHarness(library);
    await h.send(inlineQuery("企业", "-5"));
    await h.send(inlineQuery("企业", "1e9"));
    for (const call of h.sent("answerInlineQuery")) expect(call.payload.next_offset).toBe("10");
  });
});
