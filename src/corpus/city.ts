/**
 * The city of each article (what its 我市/本市 mean, and which city it is about), judged per
 * article, not per page, with the gazetteer (src/places/):
 *  1. where it came from: a wire or correspondent's dateline (新华社济南12月1日电, 本报北京电), or a
 *     byline of another paper (大众日报记者, 德州日报记者): then 我市 is not the paper's city;
 *  2. the places it names, each voting for its city (高唐县 → 聊城市), headline names twice;
 *  3. the page's city (metadata, the publication's name, or the places the whole page names,
 *     with the paper's own city kept when it is named about as often as any other).
 * A scan also records the counties and cities an article names (by NBS code), which the engine
 * reads for the "article must name the place" rule without scanning again.
 */
import type { Gazetteer, Place } from "../places/gazetteer.js";
import type { Article } from "./types.js";
import { normalizeText } from "../text/normalize.js";

/** How a page says "this city". */
const SELF_CITY_RE = /我市|本市|全市/gu;
/** A dateline of an item filed elsewhere: 新华社济南12月1日电, 本报北京电, 大众日报济南讯. */
const FILED_FROM_RE =
  /^(新华社|中新社|本报|人民网|央视网|大众网|\p{Script=Han}{2,6}?(?:日报|晚报|新闻网|电视台|融媒体中心))\s*(\p{Script=Han}{2,8}?)\s*(?:\d{1,2}\s*月\s*\d{1,2}\s*日)?\s*(?:电|讯)/u;
/** A byline or source line of another outlet: 大众日报记者 张三, 据新华社, 来源：德州日报. */
const OTHER_OUTLET_RE = /(新华社|中新社|人民日报|人民网|央视|\p{Script=Han}{2,6}?(?:日报|晚报|新闻网|电视台|融媒体中心))/u;
/** An outlet name ending: the place it names is its home (德州日报 → 德州). */
const OUTLET_SUFFIX_RE = /(?:日报|晚报|新闻网|电视台|融媒体中心|报)$/u;

/** Votes a mention in the headline counts (the body's count 1). */
const HEADLINE_VOTE = 2;
/** Extra votes for the place an item was filed from. */
const FILED_FROM_VOTES = 3;
/** The page's city as a prior: a city named once elsewhere does not take over an article. */
const PAGE_PRIOR = 1.5;

/** The name a city goes by in the corpus (聊城 for 聊城市, 北京 for 北京市). */
export function cityName(place: Place): string {
  return place.shortForms[0] ?? place.name.replace(/市$/u, "");
}

/**
 * The key an article's place tally uses for a place: its NBS code, cut to the county (a town
 * counts for its county), or the nearest ancestor's code for places a places file added.
 */
export function placeKey(place: Place): string | null {
  for (let p: Place | undefined = place; p; p = p.parent) {
    if (p.code) return p.code.length > 6 ? p.code.slice(0, 6) : p.code;
  }
  return null;
}

/** What one article says about places. */
export interface ArticlePlaces {
  /** Votes per city (a county's mentions count for its city). */
  cityVotes: Map<Place, number>;
  /** Mentions per place key (county, city or province code): the article record's `places`. */
  tally: Map<string, number>;
  /** How often it says 我市/本市/全市. */
  selfMentions: number;
  /** Filed from elsewhere: the place of the dateline or outlet, or null when only the outlet says so. */
  elsewhere?: { place: Place | null };
}

/** The text parts of an item the scan reads. */
export interface PlaceText {
  headline: string;
  kicker?: string | null;
  subtitle?: string | null;
  body: string;
  byline?: string | null;
  /** Text before the body that may hold a dateline (新华社济南12月1日电). */
  dateHint?: string;
}

/** The gazetteer place a name stands for (a city's name given in metadata: 聊城市, 濟南). */
export function placeNamed(gazetteer: Gazetteer, name: string | null | undefined): Place | undefined {
  const term = name?.trim();
  if (!term) return undefined;
  const places = gazetteer.lookup(term);
  const city = places.map((p) => gazetteer.cityOf(p)).find((c) => c !== undefined);
  return city;
}

/** The city an outlet's name points to (德州日报 → 德州市), or undefined (大众日报, 新华社). */
export function outletCity(gazetteer: Gazetteer, outlet: string | null | undefined): Place | undefined {
  const stem = outlet?.trim().replace(OUTLET_SUFFIX_RE, "");
  return stem ? placeNamed(gazetteer, stem) : undefined;
}

/** Where an item was filed, when its dateline or byline says it came from elsewhere. */
function filedFrom(item: PlaceText, gazetteer: Gazetteer, ownOutlet: string | null): ArticlePlaces["elsewhere"] {
  const lead = normalizeText(`${item.dateHint ?? ""}${item.body.slice(0, 40)}`).replace(/\s+/g, "");
  const dateline = FILED_FROM_RE.exec(lead);
  if (dateline) {
    const place = placeNamed(gazetteer, dateline[2]);
    // 本报讯 is home; 本报北京电 is the paper's own reporter elsewhere.
    if (place || dateline[1] !== "本报") return { place: place ?? null };
  }
  const byline = normalizeText(item.byline ?? "");
  const outlet = OTHER_OUTLET_RE.exec(byline)?.[1] ?? /^据(新华社|中新社|\p{Script=Han}{2,6}?(?:日报|晚报))/u.exec(lead)?.[1];
  if (outlet && outlet !== ownOutlet) return { place: outletCity(gazetteer, outlet) ?? null };
  return undefined;
}

/**
 * Scan one item for places: one pass of the gazetteer over its headline and body. `home` is the
 * paper's city (its towns' short names count too).
 */
export function scanArticlePlaces(item: PlaceText, gazetteer: Gazetteer, home?: Place, ownOutlet: string | null = null): ArticlePlaces {
  const cityVotes = new Map<Place, number>();
  const tally = new Map<string, number>();
  const title = [item.kicker, item.headline, item.subtitle].filter(Boolean).join(" ");
  const text = `${title}\n${item.body}`;
  for (const mention of gazetteer.findIn(text, home ? { home } : {})) {
    const place = mention.places[0];
    const votes = mention.start < title.length ? HEADLINE_VOTE : 1;
    const key = placeKey(place);
    if (key) tally.set(key, (tally.get(key) ?? 0) + 1);
    const city = gazetteer.cityOf(place);
    if (city) cityVotes.set(city, (cityVotes.get(city) ?? 0) + votes);
  }
  const selfMentions = (text.match(SELF_CITY_RE) ?? []).length;
  const elsewhere = filedFrom(item, gazetteer, ownOutlet);
  return { cityVotes, tally, selfMentions, ...(elsewhere ? { elsewhere } : {}) };
}

/** The place with the most votes (ties: the first given), or undefined. */
function topVoted(votes: Map<Place, number>, prefer?: Place): [Place, number] | undefined {
  let best: [Place, number] | undefined;
  for (const [place, count] of votes) {
    if (!best || count > best[1] || (count === best[1] && place === prefer)) best = [place, count];
  }
  return best;
}

/** What the page as a whole says about its city. */
export interface PageCityInput {
  /** The city metadata gives (any script, with or without 市). */
  metaCity?: string | null;
  /** The publication metadata gives (德州日报 points to 德州). */
  publication?: string | null;
  /** The paper's own city (LOCAL_CITY). */
  localCity?: string | null;
}

/**
 * The page's city: metadata, else the publication's place, else the city its items name most
 * (at least twice), the paper's own city kept when named at least half as often; else the
 * paper's own city. A name no gazetteer knows (metadata) is kept as written.
 */
export function pageCity(items: ArticlePlaces[], input: PageCityInput, gazetteer: Gazetteer): Place | string | null {
  const meta = input.metaCity?.trim();
  if (meta) return placeNamed(gazetteer, meta) ?? normalizeText(meta).replace(/市$/u, "");
  const fromOutlet = outletCity(gazetteer, input.publication);
  if (fromOutlet) return fromOutlet;
  const local = placeNamed(gazetteer, input.localCity);
  const votes = new Map<Place, number>();
  for (const item of items) {
    if (item.elsewhere) continue; // a wire story does not say whose page this is
    for (const [city, n] of item.cityVotes) votes.set(city, (votes.get(city) ?? 0) + n);
  }
  const top = topVoted(votes, local);
  if (local && top && (votes.get(local) ?? 0) * 2 >= top[1]) return local;
  if (top && top[1] >= 2) return top[0];
  return local ?? input.localCity?.trim().replace(/市$/u, "") ?? null;
}

/**
 * An article's city: where it was filed from (if elsewhere), the cities it names, its 我市 (the
 * page's city, or the place it was filed from), with the page's city as a prior and fallback.
 */
export function articleCity(item: ArticlePlaces, page: Place | string | null): Place | string | null {
  const votes = new Map(item.cityVotes);
  const add = (place: Place | undefined, n: number) => {
    if (place && n > 0) votes.set(place, (votes.get(place) ?? 0) + n);
  };
  const pagePlace = typeof page === "string" ? undefined : (page ?? undefined);
  if (item.elsewhere) {
    const from = item.elsewhere.place ?? undefined;
    add(from, FILED_FROM_VOTES);
    add(from ?? topVoted(item.cityVotes)?.[0], item.selfMentions);
    return topVoted(votes, from)?.[0] ?? page;
  }
  add(pagePlace, item.selfMentions + PAGE_PRIOR);
  if (typeof page === "string" && votes.size === 0) return page;
  // A city named no more than the page's prior does not outvote a page the gazetteer cannot place.
  const top = topVoted(votes, pagePlace);
  if (!top) return page;
  if (!pagePlace && typeof page === "string" && top[1] <= PAGE_PRIOR) return page;
  return top[0];
}

/** A tally as the article record keeps it: "3715:4 371526:6", most mentioned first. */
export function formatPlaceTally(tally: Map<string, number>): string | null {
  if (tally.size === 0) return null;
  return [...tally]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([key, n]) => `${key}:${n}`)
    .join(" ");
}

/** The tally of an article record's `places` (see formatPlaceTally). */
export function parsePlaceTally(value: string | null | undefined): Map<string, number> {
  const tally = new Map<string, number>();
  for (const entry of value?.split(" ") ?? []) {
    const colon = entry.lastIndexOf(":");
    if (colon > 0) tally.set(entry.slice(0, colon), Number(entry.slice(colon + 1)) || 0);
  }
  return tally;
}

/** An article's city fields: its name (聊城) and its NBS code (3715) when the gazetteer knows it. */
export function cityFields(city: Place | string | null): { city: string | null; cityCode: string | null } {
  if (city === null) return { city: null, cityCode: null };
  if (typeof city === "string") return { city, cityCode: null };
  return { city: cityName(city), cityCode: placeKey(city) };
}

/** An item whose city is to be set, with what the parser saw before its body. */
export interface CityItem {
  article: Article;
  /** Text before the body that may hold a dateline (新华社济南12月1日电). */
  dateHint?: string;
  /** A city the item's own record gives (a JSON field): it wins. */
  explicitCity?: string | null;
}

/**
 * Set city, cityCode and places on the items of one page (or one file of records): one gazetteer
 * scan per item, then the page's city from all of them, then each item's own.
 */
export function assignCities(items: CityItem[], input: PageCityInput, gazetteer: Gazetteer): void {
  const home = placeNamed(gazetteer, input.metaCity) ?? placeNamed(gazetteer, input.localCity);
  const outlet = input.publication?.trim() || null;
  const scans = items.map((item) => scanArticlePlaces({ ...item.article, dateHint: item.dateHint }, gazetteer, home, outlet));
  const page = pageCity(scans, input, gazetteer);
  items.forEach((item, k) => {
    const explicit = item.explicitCity?.trim();
    const city = explicit ? (placeNamed(gazetteer, explicit) ?? normalizeText(explicit).replace(/市$/u, "")) : articleCity(scans[k], page);
    Object.assign(item.article, cityFields(city), { places: formatPlaceTally(scans[k].tally) });
  });
}
