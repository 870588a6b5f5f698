/**
 * A deterministic synthetic news archive for the benchmark: articles of about 1,000 Chinese
 * characters on average, built from words drawn by frequency from jieba's own dictionary, mixed
 * with real sentences of the seed pages, numbers with measure words (7家, 34.6万吨, 38.4%), place
 * names, dates spread over three years, and headlines. The same seed always gives the same corpus.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** A small fast seeded PRNG (mulberry32): uniform in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Walker/Vose alias table: O(1) sampling of an index by weight. */
export class AliasSampler {
  private readonly prob: Float64Array;
  private readonly alias: Uint32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new Error("AliasSampler: no weights");
    let sum = 0;
    for (let i = 0; i < n; i++) sum += weights[i];
    this.prob = new Float64Array(n);
    this.alias = new Uint32Array(n);
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / sum;
      (scaled[i] < 1 ? small : large).push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) this.prob[i] = 1;
  }

  sample(random: () => number): number {
    const n = this.prob.length;
    const u = random() * n;
    const i = Math.min(n - 1, Math.floor(u));
    return u - i < this.prob[i] ? i : this.alias[i];
  }
}

/** jieba's main dictionary (`word freq tag` per line), shipped inside the nodejieba package. */
export function jiebaDictPath(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve("nodejieba/package.json");
  return join(dirname(pkg), "submodules", "cppjieba", "dict", "jieba.dict.utf8");
}

export interface Lexicon {
  words: string[];
  freqs: Float64Array;
  sampler: AliasSampler;
  /** Place names (tag ns), for headlines and place mentions. */
  places: string[];
}

const HAN_WORD = /^\p{Script=Han}{1,4}$/u;

/** The Han words (1–4 characters) of jieba's dictionary with their frequencies. */
export function loadLexicon(path = jiebaDictPath()): Lexicon {
  const words: string[] = [];
  const freqs: number[] = [];
  const places: string[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const [word, freq, tag] = line.split(" ");
    if (!word || !HAN_WORD.test(word)) continue;
    const f = Number(freq);
    if (!(f > 0)) continue;
    words.push(word);
    freqs.push(f);
    if (tag === "ns" && word.length >= 2 && f >= 20) places.push(word);
  }
  const weights = Float64Array.from(freqs);
  return { words, freqs: weights, sampler: new AliasSampler(weights), places };
}

/** Local places the archive mentions often (the paper's own city and its counties). */
export const LOCAL_PLACES = [
  "聊城",
  "聊城市",
  "东昌府区",
  "临清市",
  "阳谷县",
  "莘县",
  "茌平区",
  "东阿县",
  "冠县",
  "高唐县",
  "开发区",
  "度假区",
  "高新区",
];

const MEASURES = [
  "家",
  "个",
  "项",
  "万吨",
  "亿元",
  "万元",
  "吨",
  "亩",
  "万亩",
  "名",
  "人次",
  "公里",
  "辆",
  "套",
  "所",
  "户",
  "万千瓦",
  "平方米",
];

/** Real sentences to mix in: those of the seed pages (falls back to a few built-in ones). */
export const FALLBACK_SENTENCES = [
  "今年以来，我市新增国家级专精特新“小巨人”企业7家。",
  "高唐县瓜菜菌产量达到34.6万吨，同比增长5.2%。",
  "前三季度，全县电子信息产业产值同比增长38.4%。",
  "车间严格按照十万级无尘净化标准精心建设。",
  "聊城主城区自11月19日起施行免费乘坐公交车政策。",
];

export interface SyntheticRecord {
  headline: string;
  kicker?: string;
  subtitle?: string;
  date: string;
  byline: string;
  body: string[];
}

export interface GeneratorOptions {
  seed?: number;
  /** Sentences of real pages to mix in (a quarter of the sentences come from here). */
  sentences?: string[];
  /** Mean body length in characters (default 1,000). */
  meanChars?: number;
}

/** The deterministic article generator. */
export class ArchiveGenerator {
  private readonly random: () => number;
  private readonly sentences: string[];
  private readonly meanChars: number;
  private readonly startDay = Date.UTC(2022, 0, 1);

  constructor(
    readonly lexicon: Lexicon,
    options: GeneratorOptions = {},
  ) {
    this.random = prng(options.seed ?? 20240601);
    this.sentences = options.sentences && options.sentences.length > 0 ? options.sentences : FALLBACK_SENTENCES;
    this.meanChars = options.meanChars ?? 1000;
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  word(): string {
    return this.lexicon.words[this.lexicon.sampler.sample(this.random)];
  }

  place(): string {
    return this.random() < 0.7 || this.lexicon.places.length === 0 ? this.pick(LOCAL_PLACES) : this.pick(this.lexicon.places);
  }

  number(): string {
    const r = this.random();
    if (r < 0.35) return `${1 + Math.floor(this.random() * 200)}${this.pick(MEASURES)}`;
    if (r < 0.6) return `${(this.random() * 100).toFixed(1)}${this.pick(MEASURES)}`;
    if (r < 0.85) return `${(this.random() * 60).toFixed(1)}%`;
    return `${1 + Math.floor(this.random() * 12)}月${1 + Math.floor(this.random() * 28)}日`;
  }

  /** One synthetic sentence: words with commas, a number, a place now and then. */
  syntheticSentence(): string {
    const words = 8 + Math.floor(this.random() * 22);
    let out = "";
    let sinceComma = 0;
    for (let i = 0; i < words; i++) {
      const r = this.random();
      if (r < 0.04) out += this.number();
      else if (r < 0.07) out += this.place();
      else out += this.word();
      if (++sinceComma >= 4 && this.random() < 0.2 && i < words - 1) {
        out += this.random() < 0.8 ? "，" : "、";
        sinceComma = 0;
      }
    }
    return out + (this.random() < 0.95 ? "。" : "！");
  }

  sentence(): string {
    return this.random() < 0.25 ? this.pick(this.sentences) : this.syntheticSentence();
  }

  headline(): string {
    let out = this.random() < 0.5 ? this.place() : "";
    const n = 2 + Math.floor(this.random() * 4);
    for (let i = 0; i < n; i++) out += this.word();
    if (this.random() < 0.2) out += this.number();
    return out.slice(0, 24);
  }

  date(): string {
    const day = Math.floor(this.random() * 3 * 365);
    return new Date(this.startDay + day * 86_400_000).toISOString().slice(0, 10);
  }

  /** Body length in characters: mostly 300–2,000, mean about `meanChars`. */
  private bodyLength(): number {
    const r = -Math.log(1 - this.random() * 0.999);
    return Math.round(this.meanChars * (0.3 + 0.7 * r));
  }

  article(): SyntheticRecord {
    const target = this.bodyLength();
    const body: string[] = [];
    let chars = 0;
    while (chars < target) {
      let paragraph = "";
      const n = 2 + Math.floor(this.random() * 5);
      for (let i = 0; i < n && chars + paragraph.length < target; i++) paragraph += this.sentence();
      body.push(paragraph);
      chars += paragraph.length;
    }
    const record: SyntheticRecord = {
      headline: this.headline(),
      date: this.date(),
      byline: `记者 ${this.pick(["林晨", "王静", "张伟", "李娜", "刘洋", "陈磊"])}`,
      body,
    };
    if (this.random() < 0.2) record.kicker = this.headline();
    if (this.random() < 0.2) record.subtitle = this.headline();
    return record;
  }

  /** A question of 2–5 corpus words, sometimes with a place or a question word. */
  question(): string {
    let out = this.random() < 0.3 ? this.place() : "";
    const n = 2 + Math.floor(this.random() * 4);
    for (let i = 0; i < n; i++) out += this.word();
    const r = this.random();
    if (r < 0.15) out += "有多少";
    else if (r < 0.3) out += "是什么";
    else if (r < 0.4) out += "有哪些";
    return out;
  }
}

/**
 * Write `count` articles as a JSONL corpus under `dir`: one file per issue (day), in a folder per
 * month, as a paper's archive would be kept. Returns the number of bytes written.
 */
export function writeArchive(dir: string, generator: ArchiveGenerator, count: number, onProgress?: (done: number) => void): number {
  const byDay = new Map<string, string[]>();
  for (let i = 0; i < count; i++) {
    const record = generator.article();
    let lines = byDay.get(record.date);
    if (!lines) byDay.set(record.date, (lines = []));
    lines.push(JSON.stringify(record));
    if (onProgress && (i + 1) % 1000 === 0) onProgress(i + 1);
  }
  let bytes = 0;
  for (const [day, lines] of [...byDay].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const folder = join(dir, day.slice(0, 7));
    if (!existsSync(folder)) mkdirSync(folder, { recursive: true });
    const text = lines.join("\n") + "\n";
    writeFileSync(join(folder, `${day}.jsonl`), text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}
