/**
 * English measure nouns and the Chinese measure words (量词, units) they stand for. "How many
 * days" asks for a number with 天, as 多少天 does: the noun is the question's measure, not a word
 * to find; "2,500 tons" is 2500吨. A dictionary gives 年头 for "days" and 一套 for "sets": a
 * measure noun needs this table instead.
 */

/**
 * Nouns that are only units: after "how many" they are the measure asked for and nothing else
 * (多少天 has no content word 天). Best measure word first.
 */
const UNIT_NOUNS: Record<string, string[]> = {
  day: ["天", "日"],
  hour: ["小时"],
  minute: ["分钟"],
  week: ["周"],
  month: ["个月"],
  year: ["年"],
  ton: ["吨", "万吨"],
  tonne: ["吨", "万吨"],
  kilogram: ["公斤", "千克"],
  kg: ["公斤", "千克"],
  jin: ["斤"],
  mu: ["亩", "万亩"],
  acre: ["亩", "万亩"],
  hectare: ["公顷"],
  kilometre: ["公里", "千米"],
  kilometer: ["公里", "千米"],
  km: ["公里", "千米"],
  metre: ["米"],
  meter: ["米"],
  "square metre": ["平方米"],
  "square meter": ["平方米"],
  "square kilometre": ["平方公里"],
  "square kilometer": ["平方公里"],
  yuan: ["元", "万元", "亿元"],
  rmb: ["元", "万元", "亿元"],
  percent: ["%"],
  "per cent": ["%"],
  "percentage point": ["个百分点"],
  time: ["次"],
  session: ["场次", "场", "次"],
  round: ["轮", "轮次"],
  set: ["套", "台"],
  unit: ["台", "个", "套"],
  piece: ["件", "个"],
  item: ["项", "件"],
  batch: ["批"],
  kilowatt: ["千瓦"],
  "kilowatt hour": ["千瓦时"],
  head: ["头"],
  person: ["名", "人"],
  people: ["名", "人"],
  "person time": ["人次"],
  household: ["户"],
};

/**
 * Nouns that are content and imply a measure word: "how many companies" is 多少家企业, where 企业
 * is still a word to find.
 */
const COUNTED_NOUNS: Record<string, string> = {
  enterprise: "家",
  company: "家",
  firm: "家",
  factory: "家",
  hospital: "家",
  bank: "家",
  shop: "家",
  store: "家",
  worker: "名",
  doctor: "名",
  expert: "名",
  staff: "名",
  student: "名",
  teacher: "名",
  official: "名",
  volunteer: "名",
  village: "个",
  problem: "个",
  project: "个",
  document: "份",
  copy: "份",
  vehicle: "辆",
  car: "辆",
  bus: "辆",
  machine: "台",
  generator: "台",
  patent: "项",
  award: "项",
  school: "所",
  bridge: "座",
  building: "栋",
  tree: "棵",
  road: "条",
  line: "条",
  event: "场",
  match: "场",
  game: "场",
  inspection: "家次",
};

/** The singular of an English noun, as the tables above key it (days → day, people stays). */
function singular(word: string): string[] {
  const forms = [word];
  if (word.endsWith("ies")) forms.push(word.slice(0, -3) + "y");
  if (word.endsWith("es")) forms.push(word.slice(0, -2));
  if (word.endsWith("s") && !word.endsWith("ss")) forms.push(word.slice(0, -1));
  return forms;
}

/** The measure words of a unit noun (days → 天, 日; sets → 套), or undefined. */
export function unitMeasures(phrase: string): string[] | undefined {
  for (const form of phraseSingulars(phrase)) {
    const found = UNIT_NOUNS[form];
    if (found) return found;
  }
  return undefined;
}

/** The measure word a counted noun implies (companies → 家), unit nouns included (days → 天). */
export function countedMeasure(phrase: string): string | undefined {
  for (const form of phraseSingulars(phrase)) {
    const found = UNIT_NOUNS[form]?.[0] ?? COUNTED_NOUNS[form];
    if (found) return found;
  }
  return undefined;
}

/** The forms of a phrase with its last word made singular. */
function phraseSingulars(phrase: string): string[] {
  const words = phrase.toLowerCase().trim().split(/\s+/);
  const head = words.slice(0, -1).join(" ");
  return singular(words[words.length - 1] ?? "").map((w) => (head ? `${head} ${w}` : w));
}

/**
 * The measure word asked for by the noun counted after "how many": the first noun of those
 * words that implies one (how many tons per day → 吨, how many PhDs → none).
 */
export function measureOfCounted(words: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    for (const n of [2, 1]) {
      if (i + n > words.length) continue;
      const found = countedMeasure(words.slice(i, i + n).join(" "));
      if (found) return found;
    }
  }
  return undefined;
}
