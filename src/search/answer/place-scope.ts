/**
 * Places in questions, and whether an article answers for them. Only real place names count:
 * the gazetteer (administrative divisions, corpus/places.tsv), the corpus's own cities and the
 * world's countries, never a common noun that merely ends in 区 or 市 (生产区, 示范园). For each
 * place a question names:
 *  - a city (德州): an article of another city (its city from the article's own dateline and
 *    names, see corpus/city.ts) never answers unless its answer sentence names the place; one
 *    that does not name it at all is dropped before its sentences are read;
 *  - a county (高唐): the article must name it (or a town in it); articles that are about it
 *    (name it most) fit best;
 *  - a province or the country: no rule (an article of a city in it answers for it).
 * The fit (0–1) is a feature for the ranker; the veto is a hard rule.
 */
import { parsePlaceTally, placeKey } from "../../corpus/city.js";
import type { Article } from "../../corpus/types.js";
import { countryNames } from "../../places/countries.js";
import type { Gazetteer, Place } from "../../places/gazetteer.js";
import { normalizeText } from "../../text/normalize.js";
import type { ParsedQuery } from "./question.js";

/** Words that stand for the whole country or province: places, but broad ones. */
const BROAD_WORDS = new Set(["中国", "全国", "我国", "国内", "全省", "我省", "本省"]);
/** Fit of an article of another city whose answer sentence names the asked city. */
const OTHER_CITY_FIT = 0.6;
/** Fit of an article whose city is unknown but which names the asked city. */
const UNKNOWN_CITY_FIT = 0.8;
/** A county question: fit of an article naming the county least (up to 1 for one about it). */
const COUNTY_MIN_FIT = 0.6;

/** A place a question names, resolved. */
export interface QuestionPlace {
  /** The question's word for it. */
  term: string;
  place: Place;
  /** NBS code key (see corpus/city.ts placeKey); null when the place has none of its own. */
  key: string | null;
  /** The key of its city (itself for a city). */
  cityKey: string | null;
  /** Names it goes by: full name and short forms (simplified). */
  forms: string[];
  /** A province-level place or wider: no rule applies. */
  broad: boolean;
}

/** How an article fits the places a question names. */
export interface PlaceFit {
  /** 0–1: 1 when it is about every place asked. */
  fit: number;
  /** Never answers (another city's story, a county it never names). */
  veto: boolean;
  /** Places the answer sentence itself must name (the article is another city's). */
  sentenceMustName: QuestionPlace[];
}

const NO_PLACES: PlaceFit = { fit: 1, veto: false, sentenceMustName: [] };

export class PlaceScope {
  private readonly known = new Map<string, boolean>();
  private readonly cityKeys = new Map<string, string | null>();
  private readonly tallies = new WeakMap<Article, Map<string, number>>();

  constructor(
    readonly gazetteer: Gazetteer,
    /** The paper's city: its towns' short names count, its places come first among namesakes. */
    private readonly home?: Place,
    /** Names of places besides the gazetteer's (the corpus's own cities). */
    private readonly extra: ReadonlySet<string> = new Set(),
  ) {}

  /** Whether a question word names a place (cached: questions repeat words). */
  isPlace = (term: string): boolean => {
    let known = this.known.get(term);
    if (known === undefined) {
      known = BROAD_WORDS.has(term) || this.extra.has(term) || this.gazetteer.isPlace(term, this.options());
      if (this.known.size > 50_000) this.known.clear();
      this.known.set(term, known);
    }
    return known;
  };

  /**
   * Other spellings of a place word worth searching for: the short forms a full name starts
   * with (高唐县 → 高唐, 聊城市 → 聊城). [] for a word that names no place.
   */
  formsOf = (term: string): string[] => {
    const place = this.resolve(term);
    if (!place || normalizeText(term) !== place.name) return [];
    return place.shortForms.filter((form) => place.name.startsWith(form));
  };

  private options() {
    return this.home ? { home: this.home } : {};
  }

  /** The place a word names (inside the paper's city first, then the higher level). */
  private resolve(term: string): Place | undefined {
    return this.gazetteer.lookup(term, this.options())[0];
  }

  /**
   * Names of cities, counties and provinces (all their forms) and the corpus's own places: a set
   * for bulk checks over a vocabulary, where a gazetteer lookup per word would cost seconds.
   */
  get names(): ReadonlySet<string> {
    if (!this.nameSet) {
      const set = new Set<string>(this.extra);
      for (const place of this.gazetteer.places) {
        if (place.level === "town" || place.level === "village") continue;
        set.add(place.name);
        for (const form of place.shortForms) set.add(form);
      }
      this.nameSet = set;
    }
    return this.nameSet;
  }
  private nameSet?: Set<string>;

  /** The places a parsed question names, resolved (words the gazetteer does not place are left out). */
  questionPlaces(query: ParsedQuery): QuestionPlace[] {
    const out: QuestionPlace[] = [];
    for (const concept of query.concepts) {
      if (concept.role !== "place") continue;
      const terms = [concept.text, ...concept.alternatives.map((a) => a.term)];
      const term = terms.find((t) => BROAD_WORDS.has(t)) ?? terms.find((t) => this.resolve(t));
      if (!term) continue;
      if (BROAD_WORDS.has(term)) continue; // the country, the province: no rule
      const place = this.resolve(term)!;
      const city = this.gazetteer.cityOf(place);
      const broad = place.level === "province" && !/市$/u.test(place.name);
      out.push({
        term,
        place,
        key: place.code ? placeKey(place) : null,
        cityKey: city ? placeKey(city) : null,
        forms: [place.name, ...place.shortForms],
        broad,
      });
    }
    return out;
  }

  /** The key of an article's city: its cityCode, else its city's name looked up. */
  private articleCityKey(article: Article): string | null {
    if (article.cityCode) return article.cityCode;
    const city = article.city;
    if (!city) return null;
    let key = this.cityKeys.get(city);
    if (key === undefined) {
      const place = this.gazetteer
        .lookup(city, this.options())
        .map((p) => this.gazetteer.cityOf(p))
        .find(Boolean);
      key = place ? placeKey(place) : null;
      this.cityKeys.set(city, key);
    }
    return key;
  }

  /** Mentions per place key; for an article without a recorded tally, counted in its text. */
  private mentions(article: Article, q: QuestionPlace): { count: number; most: number } {
    if (article.places === undefined) {
      const text = normalizeText(`${article.headline}\n${article.body}`);
      let count = 0;
      for (const form of q.forms) for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + form.length)) count++;
      return { count, most: Math.max(1, count) };
    }
    let tally = this.tallies.get(article);
    if (!tally) {
      tally = parsePlaceTally(article.places);
      this.tallies.set(article, tally);
    }
    let count = 0;
    let most = 0;
    for (const [key, n] of tally) {
      if (q.key && key.startsWith(q.key)) count += n;
      most = Math.max(most, n);
    }
    return { count, most };
  }

  /** How an article fits the question's places. */
  fit(article: Article, places: readonly QuestionPlace[]): PlaceFit {
    if (places.length === 0) return NO_PLACES;
    let fit = 1;
    const sentenceMustName: QuestionPlace[] = [];
    for (const q of places) {
      // Provinces, and places without a code of their own (a zone, a town): the text rule decides.
      if (q.broad || !q.key || q.place.level === "town" || q.place.level === "village") continue;
      const cityKey = this.articleCityKey(article);
      const sameCity = cityKey !== null && q.cityKey !== null && (cityKey.startsWith(q.cityKey) || q.cityKey.startsWith(cityKey));
      const { count, most } = this.mentions(article, q);
      const isCity = q.key === q.cityKey;
      if (isCity) {
        if (sameCity) continue;
        if (count === 0) return { fit: 0, veto: true, sentenceMustName };
        if (cityKey === null) fit *= UNKNOWN_CITY_FIT;
        else {
          fit *= OTHER_CITY_FIT;
          sentenceMustName.push(q);
        }
        continue;
      }
      // A county: named, or the article's city is the county itself (济源市 under its province).
      if (count === 0 && cityKey !== q.key) return { fit: 0, veto: true, sentenceMustName };
      if (!sameCity && cityKey !== null) sentenceMustName.push(q);
      fit *= COUNTY_MIN_FIT + (1 - COUNTY_MIN_FIT) * Math.min(1, count / Math.max(1, most));
    }
    return { fit, veto: false, sentenceMustName };
  }

  /** Whether a sentence names every place it must. */
  sentenceNames(sentence: string, places: readonly QuestionPlace[]): boolean {
    if (places.length === 0) return true;
    const text = normalizeText(sentence);
    return places.every((q) => q.forms.some((form) => text.includes(form)));
  }
}

/**
 * The place scope of a corpus: the gazetteer, with the paper's city as home; besides it, the
 * articles' own cities, the world's countries, and dictionary place words the gazetteer confirms.
 */
export function corpusPlaceScope(
  gazetteer: Gazetteer,
  articles: readonly Pick<Article, "city">[],
  options: { localCity?: string; places?: Iterable<string> } = {},
): PlaceScope {
  const extra = new Set<string>(countryNames());
  for (const a of articles) if (a.city) extra.add(a.city);
  for (const place of options.places ?? []) if (gazetteer.isPlace(place)) extra.add(place);
  const home = options.localCity
    ? gazetteer
        .lookup(options.localCity)
        .map((p) => gazetteer.cityOf(p))
        .find(Boolean)
    : undefined;
  return new PlaceScope(gazetteer, home, extra);
}
