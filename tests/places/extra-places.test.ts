import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadGazetteer } from "../../src/places/gazetteer.js";

const dir = mkdtempSync(join(tmpdir(), "newsbot-places-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
function placesFile(text: string): string {
  const file = join(dir, `places-${count++}.tsv`);
  writeFileSync(file, text);
  return file;
}

describe("places files", () => {
  it("merges new places, with parents by name or by path, and extra short forms", () => {
    const file = placesFile(
      [
        "# a comment line",
        "东昌湖旅游区\t聊城市\tcounty\t东昌湖景区",
        "十八里铺村  山东省/聊城市/莘县/十八里铺镇  village  十八里铺",
        "高唐县\t聊城市\tcounty\t高唐城",
        "古楼社区\t聊城市/东昌府区/古楼街道\tvillage",
      ].join("\n"),
    );
    const g = loadGazetteer({ extraFiles: [file] });
    expect(g.warnings).toEqual([]);
    const zone = g.lookup("东昌湖景区");
    expect(zone.map((p) => g.chain(p).map((q) => q.name))).toEqual([["东昌湖旅游区", "聊城市", "山东省"]]);
    expect(zone[0]).toMatchObject({ level: "county", code: "" });
    expect(g.lookup("东昌湖旅游区")).toEqual(zone);

    const village = g.lookup("十八里铺村")[0];
    expect(g.chain(village).map((p) => p.name)).toEqual(["十八里铺村", "十八里铺镇", "莘县", "聊城市", "山东省"]);
    // A village's short form counts only in its city.
    const liaocheng = g.lookup("聊城")[0];
    expect(g.lookup("十八里铺")).toEqual([]);
    expect(g.lookup("十八里铺", { home: liaocheng })).toEqual([village.parent, village]); // the town's too

    // A known place gains a short form instead of a twin.
    const gaotang = g.lookup("高唐县");
    expect(gaotang).toHaveLength(1);
    expect(g.lookup("高唐城")).toEqual(gaotang);
    expect(gaotang[0].shortForms).toEqual(["高唐", "高唐城"]);

    // Found in text, too.
    const text = "东昌湖景区和高唐城";
    expect(g.findIn(text).map((m) => text.slice(m.start, m.end))).toEqual(["东昌湖景区", "高唐城"]);
    // The default gazetteer is untouched, and its places serve as home here too.
    expect(loadGazetteer().lookup("东昌湖景区")).toEqual([]);
    expect(g.lookup("十八里铺", { home: loadGazetteer().lookup("聊城")[0] })).toContain(village);
  });

  it("skips bad lines with a message naming the file and line, and keeps the rest", () => {
    const file = placesFile(
      [
        "新区一\t聊城市\tdistrict", // unknown level
        "新区二\t火星市\tcounty", // unknown parent
        "新区三\t贾寨镇\tvillage", // ambiguous parent
        "新区四\t-\tcounty", // no parent
        "新区五\t高唐县\tcity", // a city inside a county
        "镇\t高唐县\ttown", // one character
        "新区六\t高唐县\ttown\t新,新区六号", // one-character short form left out
      ].join("\n"),
    );
    const g = loadGazetteer({ extraFiles: [file] });
    expect(g.warnings.map((w) => [w.line, w.message.split(" ")[0]])).toEqual([
      [1, "level"],
      [2, "parent"],
      [3, "parent"],
      [4, "a"],
      [5, "a"],
      [6, "name"],
      [7, "short"],
    ]);
    expect(g.warnings.every((w) => w.file === file)).toBe(true);
    expect(g.warnings[2].message).toContain("ambiguous");
    expect(g.warnings[2].message).toContain("山东省/聊城市/茌平区/贾寨镇");
    expect(g.lookup("新区六").map((p) => [p.parent?.name, p.shortForms])).toEqual([["高唐县", ["新区六号"]]]);
    for (const name of ["新区一", "新区二", "新区三", "新区四", "新区五"]) expect(g.isPlace(name), name).toBe(false);
  });

  it("reads a changed file anew, and the same unchanged file once", () => {
    const file = placesFile("甲乙开发区\t高唐县\ttown\n");
    const first = loadGazetteer({ extraFiles: [file] });
    expect(loadGazetteer({ extraFiles: [file] })).toBe(first);
    writeFileSync(file, "甲乙开发区\t高唐县\ttown\n丙丁园区\t高唐县\ttown\n");
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const second = loadGazetteer({ extraFiles: [file] });
    expect(second).not.toBe(first);
    expect(second.isPlace("丙丁园区")).toBe(true);
    expect(first.isPlace("丙丁园区")).toBe(false);
  });

  it("takes a missing file as empty", () => {
    const g = loadGazetteer({ extraFiles: [join(dir, "none.tsv")] });
    expect(g.warnings).toEqual([]);
    expect(g.isPlace("高唐")).toBe(true);
  });
});
