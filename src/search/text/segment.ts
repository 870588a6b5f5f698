/**
 * Word segmentation: nodejieba for Chinese, with Latin and number runs cut out first so that
 * PM2.5, E-mark, 38.4% or 2024年 stay whole (jieba would split them at every dot and dash).
 * Input is expected to be normalized already (see normalize.ts).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jieba from "nodejieba";

/** Latin words and numbers, with inner dots, dashes and a trailing percent sign. */
const LATIN_RUN = /[a-z0-9]+(?:[.\-+_/'&][a-z0-9]+)*%?/g;
/** A unit right after a number: "79家", "108.5万千瓦", "2024年", "34.6万吨". */
const UNIT_AFTER_NUMBER =
  /^(?:[万亿千百]?(?:余)?(?:平方米|立方米|平方公里|千瓦时|千瓦|公里|千米|微克|毫克|公斤|小时|分钟|元|家|个|项|亩|天|名|份|人|次|吨|台|套|座|所|户|辆|件|条|场|批|位|年|月|日|号|岁|倍|米|期|轮|届|批次|家次|场次|人次|万|亿)|%)/;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const HAS_DIGIT = /\d/;

let loadedDicts: string[] | undefined;

/**
 * A one-word IDF table for jieba's keyword extractor, which newsbot never calls: the stock one
 * (6 MB) costs about 20 MB of memory and a tenth of a second per load, and segmentation does not
 * read it. Written once to the temporary folder; without it, jieba loads its own.
 */
function idfStub(): { idfDict?: string } {
  const path = join(tmpdir(), "newsbot-jieba-idf-stub.utf8");
  try {
    if (readFileSync(path, "utf8") === IDF_STUB) return { idfDict: path };
  } catch {
    // not there yet
  }
  try {
    writeFileSync(path, IDF_STUB);
    return { idfDict: path };
  } catch {
    return {};
  }
}
const IDF_STUB = "的 1\n";

/**
 * Load jieba's dictionaries once per process, with the given user dictionaries (jieba format:
 * `word [freq] [tag]` per line). Later calls add the words of any new dictionary with insertWord,
 * so an editor's additions take effect on reload without restarting.
 */
export function initSegmenter(userDicts: string[] = []): void {
  if (!loadedDicts) {
    jieba.load(loadOptions(userDicts));
    loadedDicts = [...userDicts];
    return;
  }
  for (const path of userDicts) {
    for (const line of readFileSync(path, "utf8").split(/\r?\n/)) {
      // jieba's format: `word [freq] [tag]`; insertWord takes the tag only.
      const [word, ...rest] = line.trim().split(/\s+/);
      const tag = rest.find((field) => !/^\d+$/.test(field));
      if (word && !word.startsWith("#")) jieba.insertWord(word, tag);
    }
    if (!loadedDicts.includes(path)) loadedDicts.push(path);
  }
}

const loadOptions = (userDicts: string[]) => ({ ...idfStub(), ...(userDicts.length > 0 ? { userDict: userDicts.join("|") } : {}) });

/** The dictionaries of a load in progress (initSegmenterAsync), and its promise. */
let pending: { dicts: string[]; done: Promise<void> } | undefined;

/**
 * initSegmenter, with the first load on a libuv thread (about a second of work): start-up decodes
 * the snapshot meanwhile. Later calls (dictionaries already loaded) are initSegmenter's. A segment()
 * call before it settles loads the same dictionaries synchronously, and that load is kept.
 */
export function initSegmenterAsync(userDicts: string[] = []): Promise<void> {
  if (loadedDicts) {
    initSegmenter(userDicts);
    return Promise.resolve();
  }
  if (pending) return pending.done.then(() => initSegmenter(userDicts));
  const dicts = [...userDicts];
  const done = new Promise<void>((resolve, reject) => {
    jieba.loadAsync(loadOptions(dicts), (error) => {
      pending = undefined;
      if (error) return reject(error);
      // A synchronous load meanwhile (ensureLoaded) already set loadedDicts, with these dictionaries.
      loadedDicts ??= dicts;
      resolve();
    });
  });
  pending = { dicts, done };
  return done;
}

function ensureLoaded(): void {
  if (!loadedDicts) initSegmenter(pending?.dicts);
}

export type SegmentMode = "search" | "exact";

/**
 * Split normalized text into terms. "exact" gives one segmentation (for queries and display);
 * "search" adds the shorter words inside long ones (高唐县 → 高唐, 高唐县), for recall.
 * Punctuation and spaces are dropped. Numbers with a unit give both "79" and "79家".
 */
export function segment(text: string, mode: SegmentMode = "search"): string[] {
  ensureLoaded();
  const out: string[] = [];
  let last = 0;
  for (const match of text.matchAll(LATIN_RUN)) {
    const start = match.index ?? 0;
    if (start > last) cutChinese(text.slice(last, start), mode, out);
    const run = match[0];
    out.push(run);
    if (HAS_DIGIT.test(run) && /^[\d.]+%?$/.test(run)) {
      const unit = UNIT_AFTER_NUMBER.exec(text.slice(start + run.length, start + run.length + 6));
      if (unit && !run.endsWith("%")) out.push(run + unit[0]);
    }
    last = start + run.length;
  }
  if (last < text.length) cutChinese(text.slice(last), mode, out);
  return out;
}

function cutChinese(text: string, mode: SegmentMode, out: string[]): void {
  if (!WORD_CHAR.test(text)) return;
  const words = mode === "search" ? jieba.cutForSearch(text, true) : jieba.cut(text, true);
  for (const word of words) {
    // Most words begin and end with a CJK ideograph (a letter, not a space): kept as they are.
    if (isIdeograph(word.charCodeAt(0)) && isIdeograph(word.charCodeAt(word.length - 1))) {
      out.push(word);
      continue;
    }
    const trimmed = word.trim();
    if (trimmed && WORD_CHAR.test(trimmed)) out.push(trimmed);
  }
}

/** CJK Unified Ideographs (U+4E00–U+9FFF): every one is a letter (\p{L}), none is white space. */
const isIdeograph = (unit: number) => unit >= 0x4e00 && unit <= 0x9fff;

/** Part-of-speech tags for normalized text (jieba's tagger), Latin runs tagged "eng"/"m". */
export function tagWords(text: string): { word: string; tag: string }[] {
  ensureLoaded();
  return jieba
    .tag(text)
    .filter((t) => WORD_CHAR.test(t.word))
    .map((t) => ({ word: t.word.trim(), tag: t.tag }));
}

/** CJK character bigrams of the Han runs in a text: recall for words jieba cuts differently. */
export function hanBigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(/\p{Script=Han}+/gu) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

/** Is this word, on its own, a place name in jieba's dictionary (tag ns: 北京, 德州, 茌平)? */
export function isPlaceName(word: string): boolean {
  ensureLoaded();
  const tags = jieba.tag(word);
  return tags.length === 1 && tags[0].tag === "ns";
}
