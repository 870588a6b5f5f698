/**
 * Place names as the corpus writes them: 2–4 characters before an administrative suffix
 * (贾寨后村, 十八里铺镇, 茌平区). jieba often splits such names (十八里 | 铺镇), so they are not
 * index terms, yet a reader spells them in pinyin (shibalipu). These names, with and without their
 * suffix, get pinyin keys beside the vocabulary's, and so do the gazetteer's (src/places/).
 */
import type { Gazetteer } from "../../places/gazetteer.js";

/** Characters that end a place name (and their traditional forms); 铺 and 庄 end village names (十八里铺, 李庄). */
const SUFFIX = new Uint8Array(0x10000);
for (const ch of "省市县区镇乡村铺庄縣區鎮鄉鋪") SUFFIX[ch.charCodeAt(0)] = 1;
/** Texts longer than this are read only up to it: places are named early, and the scan stays cheap. */
export const MAX_MENTION_CHARS = 600;
const MAX_STEM = 4;

/** Is the UTF-16 unit a CJK ideograph (the basic block, where place names are written)? */
function isHan(code: number): boolean {
  return code >= 0x4e00 && code <= 0x9fff;
}

/**
 * Names mentioned in the texts, each with how often. A mention's start is unsure (位于高唐县 is
 * found, not 高唐县), so every tail of it of two or more characters counts, with its suffix and
 * without. A plain scan that counts each distinct stretch once and expands it at the end: 40,000
 * articles take a few hundred milliseconds, on the first English question only.
 */
export function placeMentions(texts: Iterable<string>): Map<string, number> {
  // Stretches by a numeric key of their characters (no string per mention: a page names the
  // same places again and again).
  const windows = new Map<number, { window: string; n: number }>();
  const clashes = new Map<string, number>();
  for (const text of texts) {
    const end = Math.min(text.length, MAX_MENTION_CHARS);
    for (let i = 2; i < end; i++) {
      if (SUFFIX[text.charCodeAt(i)] === 0) continue;
      // The stem: up to four ideographs right before the suffix.
      let from = i;
      while (from > 0 && i - from < MAX_STEM && isHan(text.charCodeAt(from - 1))) from--;
      if (i - from < 2) continue;
      // CJK ideographs are 0x4e00–0x9fff: 15 bits each above 0x4000, three of them and the length
      // fit in 53 bits; the first stem character is checked against the stored stretch.
      let key = i - from;
      for (let k = i - 2; k <= i; k++) key = key * 32768 + (text.charCodeAt(k) - 0x4000);
      const found = windows.get(key);
      if (!found) windows.set(key, { window: text.slice(from, i + 1), n: 1 });
      else if (found.window.charCodeAt(0) === text.charCodeAt(from) && found.window.charCodeAt(1) === text.charCodeAt(from + 1)) found.n++;
      else {
        // Same last three characters and length, another start: counted by its text.
        const window = text.slice(from, i + 1);
        clashes.set(window, (clashes.get(window) ?? 0) + 1);
      }
    }
  }
  const counts = new Map<string, number>();
  for (const { window, n } of [...windows.values(), ...[...clashes].map(([window, n]) => ({ window, n }))]) {
    const suffix = window[window.length - 1];
    for (let start = 0; window.length - 1 - start >= 2; start++) {
      const stem = window.slice(start, -1);
      counts.set(stem, (counts.get(stem) ?? 0) + n);
      counts.set(stem + suffix, (counts.get(stem + suffix) ?? 0) + n);
    }
  }
  return counts;
}

/**
 * The gazetteer's names a reader may spell in pinyin: every province, city and county (full name
 * and short forms: 临清市, 临清), and the towns of the paper's own province (贾寨镇, 贾寨). Towns
 * elsewhere (tens of thousands, many sharing a spelling) are left out.
 */
export function gazetteerNames(gazetteer: Gazetteer, homeCity?: string): string[] {
  // The same at every reload: kept per gazetteer and home city.
  let byHome = namesCache.get(gazetteer);
  if (!byHome) namesCache.set(gazetteer, (byHome = new Map<string, string[]>()));
  let names = byHome.get(homeCity ?? "");
  if (!names) byHome.set(homeCity ?? "", (names = collectNames(gazetteer, homeCity)));
  return names;
}

const namesCache = new WeakMap<Gazetteer, Map<string, string[]>>();

function collectNames(gazetteer: Gazetteer, homeCity?: string): string[] {
  const home = homeCity ? gazetteer.lookup(homeCity)[0] : undefined;
  const province = home ? gazetteer.chain(home).at(-1) : undefined;
  const names: string[] = [];
  for (const place of gazetteer.places) {
    if (place.level === "village") continue;
    if (place.level === "town" && !(province && gazetteer.contains(province, place))) continue;
    names.push(place.name, ...place.shortForms);
  }
  return names;
}
