import { copyFile, mkdir, stat, symlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import iconv from "iconv-lite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localIsoDate } from "../../src/corpus/dates.js";
import { loadCorpus, loaderFor } from "../../src/corpus/load.js";
import { loadGazetteer } from "../../src/places/gazetteer.js";
import type { LoadWarning } from "../../src/corpus/types.js";
import { FIXTURES, SEED_PATH, SEED_TEXT, makeTempDir, removeDir } from "./helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

const put = async (rel: string, data: string | Uint8Array) => {
  const full = path.join(dir, rel);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, data);
};
const reasonsFor = (warnings: LoadWarning[], file: string) => warnings.filter((w) => w.file === file).map((w) => w.reason);
/** The upload date the loader gives a file's undated items: the day it was written. */
const uploadDay = async (rel: string) => localIsoDate((await stat(path.join(dir, rel))).mtime);

describe("loadCorpus", () => {
  it("throws a clear error for a missing folder or a file instead of a folder", async () => {
    await expect(loadCorpus(path.join(dir, "nope"))).rejects.toThrow(/^corpus: folder not found: .*nope$/);
    await put("page.txt", SEED_TEXT);
    await expect(loadCorpus(path.join(dir, "page.txt"))).rejects.toThrow(/^corpus: not a folder/);
  });

  it("loads the seed page: 9 items, 1 page, no warnings", async () => {
    await copyFile(SEED_PATH, path.join(dir, "000.txt"));
    const result = await loadCorpus(dir);
    expect(result.articles).toHaveLength(9);
    expect(result.pages).toBe(1);
    expect(result.warnings).toEqual([]);
    expect(result.articles.every((a) => a.source === "000.txt")).toBe(true);
  });

  it("reads the same page in every supported encoding", async () => {
    const encodings: Record<string, Uint8Array> = {
      "utf8.txt": Buffer.from(SEED_TEXT, "utf8"),
      "utf8-bom.txt": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SEED_TEXT, "utf8")]),
      "utf16le.txt": iconv.encode(SEED_TEXT, "utf-16le", { addBOM: true }),
      "utf16be.txt": iconv.encode(SEED_TEXT, "utf-16be", { addBOM: true }),
      "gb18030.txt": iconv.encode(SEED_TEXT, "gb18030"),
      "gbk.txt": iconv.encode(SEED_TEXT, "gbk"),
    };
    for (const [name, bytes] of Object.entries(encodings)) {
      const sub = await makeTempDir();
      try {
        await writeFile(path.join(sub, name), bytes);
        const { articles, warnings } = await loadCorpus(sub);
        expect(warnings, name).toEqual([]);
        expect(articles.map((a) => a.headline), name).toContain("我市14家企业拟认定为省制造业单项冠军");
        expect(articles, name).toHaveLength(9);
        expect(articles[3].body, name).toContain("高位谋划部署 举好“指挥棒”");
      } finally {
        await removeDir(sub);
      }
    }
  });

  it("skips empty, binary and undecodable files with a warning naming each, and loads the rest", async () => {
    await copyFile(SEED_PATH, path.join(dir, "good.txt"));
    await put("empty.txt", "");
    await put("blank.md", "\n  \n");
    await put("image.txt", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    await put("sub/broken.txt", Buffer.concat([Buffer.from("本报讯测试", "utf8"), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe4, 0xb8])]));
    const seen: LoadWarning[] = [];
    const result = await loadCorpus(dir, { onWarning: (w) => seen.push(w) });
    expect(result.articles).toHaveLength(9);
    expect(result.pages).toBe(1);
    expect(reasonsFor(result.warnings, "empty.txt")).toEqual(["empty file; skipped"]);
    expect(reasonsFor(result.warnings, "blank.md")).toEqual(["empty file; skipped"]);
    expect(reasonsFor(result.warnings, "image.txt")[0]).toMatch(/^binary file .*; skipped$/);
    expect(reasonsFor(result.warnings, "sub/broken.txt")[0]).toMatch(/^undecodable.*; skipped$/);
    expect(seen).toEqual(result.warnings);
  });

  it("skips a broken link and a file over the size limit, with warnings", async () => {
    await copyFile(SEED_PATH, path.join(dir, "a.txt"));
    await symlink(path.join(dir, "gone.txt"), path.join(dir, "link.txt"));
    await put("big.txt", "很".repeat(2000));
    const result = await loadCorpus(dir, { maxFileBytes: 4000 });
    expect(reasonsFor(result.warnings, "link.txt")[0]).toMatch(/vanished|broken link/);
    expect(reasonsFor(result.warnings, "big.txt")[0]).toMatch(/^too large/);
    // The seed page (about 14 KB) is over 4000 bytes too.
    expect(reasonsFor(result.warnings, "a.txt")[0]).toMatch(/^too large/);
    expect(result.articles).toEqual([]);
  });

  it("walks subfolders in path order, skipping dot entries, sidecars, README-like and unknown files", async () => {
    await put("b/page.txt", SEED_TEXT);
    await put("a.md", "# 甲标题\n\n甲正文。\n");
    await put(".newsbot/cache.txt", SEED_TEXT);
    await put(".hidden.txt", SEED_TEXT);
    await put("README.md", "# Corpus\n\nThese are pages.\n");
    await put("LICENSE.txt", "MIT License. Permission is hereby granted.\n");
    await put("glossary.tsv", "a\tb\n");
    await put("scan.pdf", "%PDF-1.4");
    await put("b/page.meta.json", '{"city": "聊城"}');
    const result = await loadCorpus(dir);
    expect(result.warnings).toEqual([]);
    expect([...new Set(result.articles.map((a) => a.source))]).toEqual(["a.md", "b/page.txt"]);
    expect(result.articles).toHaveLength(10);
    expect(result.pages).toBe(2);
    expect(loaderFor("x.meta.json")).toBeNull();
    expect(loaderFor("x.JSONL")?.name).toBe("jsonl");
  });

  it("applies a page's sidecar metadata, and reports a broken sidecar without losing the page", async () => {
    const text = SEED_TEXT.replace(/2024/g, "二〇二四"); // no year in the text
    await put("p1.txt", text);
    await put(
      "p1.meta.json",
      JSON.stringify({ date: "2024-12-03", city: "聊城市", publication: "聊城日报", url: "https://example.org/p1", page: "A2" }),
    );
    await put("p2.txt", "本报讯（记者 林晨）市图书馆新增一批图书，读者可以免费借阅，借阅时间为每天8时至20时，节假日不休息。\n\n市图书馆新增图书\n");
    await put("p2.meta.json", "{not json");
    await put("p3.txt", "本报讯（记者 王明）记者12月3日从市工业和信息化局获悉，全市新增专精特新企业30家，累计达到186家。\n\n全市新增专精特新企业30家\n");
    await put("p3.meta.json", JSON.stringify({ date: "yesterday", year: 2023 }));
    const result = await loadCorpus(dir);
    const p1 = result.articles.filter((a) => a.source === "p1.txt");
    expect(p1.map((a) => a.date)).toEqual(["2024-12-01", "2024-11-30", "2024-11-29", "2024-11-19", "2024-11-29", "2024-11-28", "2024-12-01", "2024-12-02", "2024-12-02"]);
    expect(p1.every((a) => a.dateSource === "dateline")).toBe(true);
    expect(p1[0]).toMatchObject({ city: "聊城", publication: "聊城日报", url: "https://example.org/p1", edition: "A2" });
    // No date anywhere but the file's own: the upload date, marked as such.
    expect(result.articles.find((a) => a.source === "p2.txt")).toMatchObject({
      byline: "记者 林晨",
      date: await uploadDay("p2.txt"),
      dateSource: "upload",
    });
    expect(reasonsFor(result.warnings, "p2.meta.json")[0]).toMatch(/^invalid JSON/);
    expect(reasonsFor(result.warnings, "p3.meta.json")).toEqual(['"date" "yesterday" is not YYYY-MM-DD; ignored']);
    expect(result.articles.find((a) => a.source === "p3.txt")?.date).toBe("2023-12-03");
    expect(result.articles.some((a) => a.source.endsWith(".meta.json"))).toBe(false);
  });

  it("does not double items of a duplicated page, and says which file it duplicates", async () => {
    await copyFile(SEED_PATH, path.join(dir, "a.txt"));
    await writeFile(path.join(dir, "b.txt"), SEED_TEXT.replace(/\n/g, "\r\n"));
    const result = await loadCorpus(dir);
    expect(result.articles).toHaveLength(9);
    expect(result.pages).toBe(1);
    expect(result.warnings.filter((w) => w.file === "b.txt")).toEqual([
      { file: "b.txt", reason: "9 item(s) duplicate items of a.txt; skipped", duplicateOf: "a.txt" },
    ]);
    expect(new Set(result.articles.map((a) => a.id)).size).toBe(9);
  });

  it("keeps an exact copy's first upload, and a corrected copy over the original", async () => {
    await copyFile(SEED_PATH, path.join(dir, "b-original.txt"));
    // Uploaded earlier under a name that sorts later: the earlier upload keeps answering.
    await put("a-copy.txt", SEED_TEXT);
    const old = new Date(Date.now() - 86_400_000);
    await utimes(path.join(dir, "b-original.txt"), old, old);
    let result = await loadCorpus(dir);
    expect(new Set(result.articles.map((a) => a.source))).toEqual(new Set(["b-original.txt"]));
    // A corrected version of one item (a figure fixed, a sentence added) replaces that item only.
    await put("c-corrected.txt", SEED_TEXT.replace("14家企业入选。", "14家企业入选，数量居全省第三位。"));
    result = await loadCorpus(dir);
    const champions = result.articles.filter((a) => a.headline.includes("单项冠军"));
    expect(champions.map((a) => a.source)).toEqual(["c-corrected.txt"]);
    expect(champions[0].body).toContain("数量居全省第三位");
    expect(result.articles).toHaveLength(9);
  });

  it("reads the corpus folder's places file: its places count, its bad lines are named", async () => {
    await put("places.tsv", "# zones\n德州天衢新区\t德州市\tcounty\t天衢新区\n坏的一行\n");
    await put("p.txt", "本报讯（记者 王磊）12月9日，天衢新区新增企业12家，天衢新区累计培育专精特新企业40家。\n\n天衢新区新增企业12家\n");
    const gazetteer = loadGazetteer({ extraFiles: [path.join(dir, "places.tsv")] });
    const result = await loadCorpus(dir, { localCity: "聊城", gazetteer });
    expect(result.warnings.filter((w) => w.file === "places.tsv").map((w) => w.reason)).toEqual([expect.stringMatching(/^line 3: /)]);
    // The zone lies in 德州: its article is 德州's, not the paper's city.
    expect(result.articles[0]).toMatchObject({ city: "德州", cityCode: "3714" });
  });

  it("gives the same ids on every load", async () => {
    await copyFile(SEED_PATH, path.join(dir, "000.txt"));
    const first = await loadCorpus(dir);
    const second = await loadCorpus(dir);
    expect(second.articles.map((a) => a.id)).toEqual(first.articles.map((a) => a.id));
  });
});

describe("Markdown and JSON formats", () => {
  beforeEach(async () => {
    for (const name of ["library.md", "briefs.json", "briefs.jsonl"]) await copyFile(path.join(FIXTURES, name), path.join(dir, name));
  });

  it("reads Markdown with front matter", async () => {
    const { articles } = await loadCorpus(dir);
    const md = articles.filter((a) => a.source === "library.md");
    expect(md).toHaveLength(1);
    expect(md[0]).toMatchObject({
      kind: "article",
      headline: "市图书馆新增三万册图书",
      kicker: "冬日阅读季",
      byline: "记者 王五",
      date: "2024-12-05",
      city: "聊城",
      publication: "聊城日报",
      url: "https://example.org/library",
      body: "这个标题不用，因为前言已经给了标题\n12月5日，记者从市图书馆获悉，该馆新增图书三万册，涵盖文学、历史、科技等门类。\n借阅方式\n读者可凭身份证免费借阅，详情见官网。",
    });
  });

  it("takes a Markdown headline from a leading # line when there is no front matter", async () => {
    await put("note.markdown", "# 新闻标题\n\n第一段，\n续写。\n\n第二段。\n");
    const { articles } = await loadCorpus(dir);
    expect(articles.find((a) => a.source === "note.markdown")).toMatchObject({
      headline: "新闻标题",
      body: "第一段，续写。\n第二段。",
      date: await uploadDay("note.markdown"),
      dateSource: "upload",
    });
  });

  it("reads JSON ({articles: [...]}) and skips bad records with their index", async () => {
    const { articles, warnings } = await loadCorpus(dir);
    const json = articles.filter((a) => a.source === "briefs.json");
    expect(json.map((a) => [a.kind, a.headline, a.date, a.byline])).toEqual([
      ["article", "徒骇河治理工程完工", "2024-12-04", null],
      ["photo", "一名市民在广场上放风筝", await uploadDay("briefs.json"), "本报记者 许金松"],
    ]);
    expect(json.map((a) => a.dateSource)).toEqual(["metadata", "upload"]);
    expect(reasonsFor(warnings, "briefs.json")).toEqual([
      "[1]: no headline; used its first sentence",
      "[2]: no text; skipped",
      "[3]: not an object; skipped",
    ]);
  });

  it("reads JSONL and skips bad lines with their line number", async () => {
    const { articles, warnings } = await loadCorpus(dir);
    const jsonl = articles.filter((a) => a.source === "briefs.jsonl");
    expect(jsonl.map((a) => [a.headline, a.body, a.date])).toEqual([
      ["东昌湖冬季开放时间调整", "即日起，东昌湖景区冬季开放时间调整为8时至17时。\n游客可提前预约。", "2024-12-03"],
      ["高铁站新增停车位", "聊城西站新增停车位500个。\n停车场已投入使用。", await uploadDay("briefs.jsonl")],
    ]);
    expect(jsonl[1].city).toBe("聊城");
    const reasons = reasonsFor(warnings, "briefs.jsonl");
    expect(reasons).toHaveLength(4);
    expect(reasons[0]).toMatch(/^line 3: invalid JSON/);
    expect(reasons.slice(1)).toEqual(["line 4: headline is not a string; skipped", "line 6: not an object; skipped", "line 7: no text; skipped"]);
    expect(new Set(articles.map((a) => a.id)).size).toBe(articles.length);
  });

  it("warns about a JSON file that is not an article list", async () => {
    await put("bad.json", '{"hello": 1}');
    await put("worse.json", "[1, 2");
    const { warnings } = await loadCorpus(dir);
    expect(reasonsFor(warnings, "bad.json")[0]).toMatch(/not an array of articles/);
    expect(reasonsFor(warnings, "worse.json")[0]).toMatch(/^invalid JSON/);
  });
});
