import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildPinyinIndexOffThread } from "../../src/search/text/pinyin-off-thread.js";
import { PinyinIndex } from "../../src/search/text/translate.js";

describe("PinyinIndex", () => {
  it("gives the corpus's terms of a spelling, most frequent first, at most two, ties in order given", () => {
    const index = new PinyinIndex([
      ["聊城", 5],
      ["疗程", 9],
      ["辽城", 5],
    ]);
    expect(index.lookup("Liaocheng")).toEqual(["疗程", "聊城"]);
    expect(index.lookup("liao cheng")).toEqual(["疗程", "聊城"]);
    expect(index.lookup("Jinan")).toEqual([]);
    expect(index.lookup("abc")).toEqual([]);
  });

  it("gives a name the corpus never uses only when it uses none of that spelling", () => {
    const both = new PinyinIndex([], () => true, [
      ["冠县", 3],
      ["固安县", 0],
    ]);
    expect(both.lookup("Guanxian")).toEqual(["冠县"]);
    const unused = new PinyinIndex([], () => true, [["固安县", 0]]);
    expect(unused.lookup("Guanxian")).toEqual(["固安县"]);
  });

  it("knows which of the terms it gives are names, a vocabulary term given as a name too", () => {
    const index = new PinyinIndex(
      [
        ["聊城", 5],
        ["高唐", 4],
        ["发展", 50],
      ],
      (term) => term !== "发展",
      [
        ["高唐", 7],
        ["贾寨", 2],
      ],
    );
    expect(index.isName("高唐")).toBe(true);
    expect(index.isName("贾寨")).toBe(true);
    expect(index.isName("聊城")).toBe(false);
    expect(index.lookup("Fazhan")).toEqual([]); // not kept
    expect(index.lookup("Gaotang")).toEqual(["高唐"]);
  });

  it("is the same index when built in a worker thread (dist's, from npm run build)", () => {
    const vocabulary: Array<[string, number]> = [
      ["聊城", 5],
      ["疗程", 9],
      ["辽城", 5],
      ["高唐", 4],
      ["发展", 50],
      ["东阿", 1],
      ["abc", 3],
    ];
    const keep = (term: string, df: number) => df >= 2 || term === "东阿";
    const names: Array<[string, number]> = [
      ["高唐", 7],
      ["贾寨", 2],
      ["十八里铺", 0],
      ["固安县", 0],
    ];
    expect(existsSync("dist/search/text/pinyin-worker.js"), "dist's worker (npm run build)").toBe(true);
    const warnings: string[] = [];
    const offThread = buildPinyinIndexOffThread(vocabulary, keep, names, (w) => warnings.push(w));
    const here = new PinyinIndex(vocabulary, keep, names);
    expect(warnings).toEqual([]);
    expect(offThread.toParts()).toEqual(here.toParts());
    for (const word of ["Liaocheng", "Gaotang", "Jiazhai", "Donge", "shibalipu", "Guanxian"])
      expect(offThread.lookup(word)).toEqual(here.lookup(word));
    expect(offThread.isName("贾寨")).toBe(true);
    expect(offThread.isName("聊城")).toBe(false);
  });
});
