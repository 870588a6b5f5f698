import { describe, expect, it } from "vitest";
import { chooseCopies, DuplicateIndex, similarity, sketchOf, SKETCH_SIZE, type DuplicateCandidate } from "../../src/corpus/duplicates.js";
import { parsePage } from "../../src/corpus/page-parser.js";
import { SEED_TEXT } from "./helpers.js";

const items = parsePage(SEED_TEXT, "000.txt").articles;
const text = (i: number) => `${items[i].headline}\n${items[i].body}`;
const candidate = (headline: string, body: string, extra: Partial<DuplicateCandidate> = {}): DuplicateCandidate => ({
  headline,
  body,
  date: "2024-12-01",
  facts: 0,
  file: "a.txt",
  mtimeMs: 0,
  ...extra,
});

describe("near-duplicate sketches", () => {
  it("rate a text as itself, whatever its spacing, line breaks and punctuation", () => {
    const a = sketchOf(text(0));
    const b = sketchOf(text(0).replace(/，/g, ",").replace(/。/g, ". ").replace(/\n/g, "\r\n"));
    expect(a.values.length).toBe(SKETCH_SIZE);
    expect(similarity(a, b)).toBe(1);
  });

  it("rate a corrected version high and a different story low", () => {
    const original = sketchOf(text(2));
    const corrected = sketchOf(text(2).replace("14家企业入选", "15家企业入选").replace("204场次", "214场次") + "该名单公示期为5天。");
    expect(similarity(original, corrected)).toBeGreaterThanOrEqual(0.8);
    for (const other of [0, 3, 4, 5]) expect(similarity(original, sketchOf(text(other)))).toBeLessThan(0.2);
  });

  it("find an item's copies through the index, not pair by pair", () => {
    const index = new DuplicateIndex();
    items.forEach((_, i) => index.add(sketchOf(text(i))));
    const reprint = sketchOf(`转载：${text(4)}（来源：聊城日报）`);
    expect(index.similar(reprint).map((m) => m.n)).toEqual([4]);
    expect(index.similar(sketchOf("北京房价走势平稳，成交量小幅回升，二手房挂牌量持续增加。"))).toEqual([]);
  });

  it("never call short captions duplicates", () => {
    const index = new DuplicateIndex();
    index.add(sketchOf("12月2日，工人对水表进行激光雕刻。"));
    expect(index.similar(sketchOf("12月2日，工人对水表进行激光雕刻。"))).toEqual([]);
  });
});

describe("which copy answers", () => {
  it("keeps the first upload of an exact copy, and the newer or more complete near copy", () => {
    const body = items[2].body;
    const copies = [
      candidate("A", body, { file: "a.txt", mtimeMs: 5_000 }),
      candidate("A", body, { file: "b.txt", mtimeMs: 9_000 }), // the same page again, later
      candidate("A", body + "该名单公示期为5天。", { file: "c.txt", mtimeMs: 1_000 }), // more complete
      candidate("B", items[0].body, { file: "c.txt" }),
      candidate("A", body, { file: "d.txt", date: "2024-12-05" }), // a later reprint
    ];
    expect(chooseCopies(copies.slice(0, 2))).toEqual([0, 0]);
    expect(chooseCopies(copies.slice(0, 4))).toEqual([2, 2, 2, 3]);
    expect(chooseCopies(copies)).toEqual([4, 4, 4, 3, 4]);
    // A dated copy beats an undated one.
    expect(chooseCopies([candidate("A", body, { date: null }), candidate("A", body.slice(0, -5), { date: "2024-12-01" })])).toEqual([1, 1]);
  });
});
