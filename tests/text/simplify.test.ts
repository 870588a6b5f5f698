import { readFileSync, readdirSync } from "node:fs";
import * as OpenCC from "opencc-js";
import { describe, expect, it } from "vitest";
import { toSimplified } from "../../src/text/simplify.js";

// opencc-js's own converter is the reference: toSimplified only skips positions no key starts at.
const reference = OpenCC.Converter({ from: "tw", to: "cn" }) as (text: string) => string;

describe("traditional → simplified", () => {
  it("converts phrases and characters as opencc-js does", () => {
    expect(toSimplified("臺灣的軟體與滑鼠")).toBe(reference("臺灣的軟體與滑鼠"));
    expect(toSimplified("單項冠軍企業")).toBe("单项冠军企业");
    expect(toSimplified("乾隆皇帝喝了一杯乾淨的水")).toBe(reference("乾隆皇帝喝了一杯乾淨的水"));
  });

  it("gives opencc-js's output on odd text: description sequences, astral and lone surrogates, compatibility ideographs", () => {
    for (const text of [
      "⿰氵青水⿱艹⿰氵青",
      "𠮷野家與𪚥龍",
      "\ud800a\udc00b臺灣\ud83d",
      "豈更車賈",
      "",
      "abc DEF 123",
      "後來後面的麵包",
    ]) {
      expect(toSimplified(text), JSON.stringify(text)).toBe(reference(text));
    }
  });

  it("gives opencc-js's output on the project's pages and questions, traditional ones among them", () => {
    const squad = JSON.parse(readFileSync("tests/fixtures/squad/squad-mini.json", "utf8")) as {
      data: { title: string; paragraphs: { context: string; qas: { question: string }[] }[] }[];
    };
    const texts = squad.data.flatMap((d) => [d.title, ...d.paragraphs.flatMap((p) => [p.context, ...p.qas.map((q) => q.question)])]);
    for (const file of readdirSync("corpus").filter((f) => f.endsWith(".txt"))) texts.push(readFileSync(`corpus/${file}`, "utf8"));
    texts.push(readFileSync("tests/fixtures/pages/jinan-champions.txt", "utf8"));
    // The development questions include traditional phrasings (單項冠軍, 縣).
    for (const line of readFileSync("tests/fixtures/qa/extra.jsonl", "utf8").split(/\r?\n/))
      if (line.trim()) texts.push((JSON.parse(line) as { q: string }).q);
    expect(texts.length).toBeGreaterThan(3);
    for (const text of texts) expect(toSimplified(text)).toBe(reference(text));
  });

  it("leaves text without a traditional form as the same string", () => {
    const text = "聊城市累计培育国家级制造业单项冠军企业7家";
    expect(toSimplified(text)).toBe(text);
  });
});
