/**
 * Numbers written in different ways: 一千头 = 1000头, 两万 = 2万 = 20000, 1.5万 = 15000,
 * 三成 = 30%, 百分之三十 = 30%, 三十多家 = 30多家 = 30余家. A question written one way should find
 * a body written another. The index is left as it is: a question's number gets the other spellings
 * as query-time alternatives (numberForms), which the index already holds as terms (jieba keeps
 * 一千 and 2万, the segmenter keeps 20000).
 */
import { COUNTING_UNITS } from "./measures.js";

/** Units a number may carry in a question word (一千头, 两万人, 三十多家). */
const UNIT_SET = new Set(COUNTING_UNITS);

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SMALL_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNIT: Record<string, number> = { 万: 1e4, 亿: 1e8 };
const CHINESE_NUMERAL = /^[零〇一二两三四五六七八九十百千万亿]+/;
/** Arabic digits, with 万 or 亿 (1.5万); 12千米 is 12 and 千米. */
const ARABIC = /^(\d+(?:\.\d+)?)([万亿]?)/;

/** A number read from the front of a word, and what follows it. */
export interface Quantity {
  value: number;
  /** The unit after it (头, 万元, % …), or "". */
  unit: string;
  /** 多 / 余 after the number: "more than". */
  approx: "" | "多" | "余";
}

/**
 * Parse a Chinese numeral (一千零五十, 两万, 一万五, 十八, 二〇二四). Returns undefined for text that
 * is not wholly a numeral. The colloquial 一万五 (= 15000) and 三千五 (= 3500) are read too.
 */
export function parseChineseNumeral(text: string): number | undefined {
  if (!text || !CHINESE_NUMERAL.test(text) || CHINESE_NUMERAL.exec(text)![0] !== text) return undefined;
  // Digit by digit, as years and codes are written: 二〇二四 (not 六四 or 二三, which are names).
  if (text.length >= 2 && [...text].every((ch) => ch in DIGIT)) {
    if (!/[〇零]/.test(text)) return undefined;
    return Number([...text].map((ch) => DIGIT[ch]).join(""));
  }
  let total = 0; // what the closed 万/亿 sections are worth
  let section = 0; // below the current 万/亿
  let digit: number | undefined;
  let lastUnit = 0;
  let afterZero = false;
  for (const ch of text) {
    if (ch in DIGIT) {
      if (digit !== undefined && digit !== 0) return undefined; // 三五: not a numeral
      afterZero = DIGIT[ch] === 0 || digit === 0;
      digit = DIGIT[ch];
    } else if (ch in SMALL_UNIT) {
      section += (digit ?? 1) * SMALL_UNIT[ch];
      digit = undefined;
      lastUnit = SMALL_UNIT[ch];
    } else {
      const unit = BIG_UNIT[ch];
      if (section === 0 && !digit && total === 0) return undefined; // 万 alone
      section += digit ?? 0;
      total = unit === 1e8 ? (total + section) * unit : total + section * unit;
      section = 0;
      digit = undefined;
      lastUnit = unit;
    }
  }
  if (digit !== undefined) {
    // A last digit right after a unit counts in the next unit down: 一万五 = 15000, 三千五 = 3500.
    if (afterZero || lastUnit <= 10) section += digit;
    else if (lastUnit >= 1e4) total += (digit * lastUnit) / 10;
    else section += (digit * lastUnit) / 10;
  }
  return total + section;
}

/**
 * Read a question word as a quantity: a number (Arabic, Chinese or mixed: 1.5万) with at most a
 * known counting unit after it. Words that merely start with a numeral character (一些, 一直,
 * 统一, 千万) are not quantities.
 */
export function parseQuantity(word: string): Quantity | undefined {
  let value: number | undefined;
  let rest: string;
  const percent = /^百分之([零〇一二两三四五六七八九十百点.\d]+)$/.exec(word);
  if (percent) {
    const inner = percent[1].replace("点", ".");
    value = /^[\d.]+$/.test(inner) ? Number(inner) : parseDecimalNumeral(inner);
    return value === undefined || !Number.isFinite(value) ? undefined : { value, unit: "%", approx: "" };
  }
  const arabic = ARABIC.exec(word);
  if (arabic) {
    value = Number(arabic[1]) * (arabic[2] ? (arabic[2] === "亿" ? 1e8 : 1e4) : 1);
    rest = word.slice(arabic[0].length);
  } else {
    const numeral = CHINESE_NUMERAL.exec(word)?.[0];
    // A numeral must start with a digit or 十 (万一, 千万 and 百万 alone are words, not counts).
    if (!numeral || !/^[零〇一二两三四五六七八九十]/.test(numeral)) return undefined;
    value = parseChineseNumeral(numeral);
    rest = word.slice(numeral.length);
    // A bare small numeral is as often part of a name (六片, 十三翼) as a count: it needs a unit,
    // or a 百/千/万/亿 that makes it an amount (两万, 三百).
    if (rest === "" && !/[百千万亿]/.test(numeral)) return undefined;
  }
  if (value === undefined || !Number.isFinite(value)) return undefined;
  let approx: Quantity["approx"] = "";
  if (rest.startsWith("多") || rest.startsWith("余")) {
    approx = rest[0] as "多" | "余";
    rest = rest.slice(1);
  }
  if (rest === "成" && value <= 10 && !arabic) return { value: value * 10, unit: "%", approx };
  if (rest === "%") return { value, unit: "%", approx };
  if (rest !== "" && !UNIT_SET.has(rest)) return undefined;
  return { value, unit: rest, approx };
}

/** 二点五 → 2.5 (the part before 点 as a numeral, the digits after it one by one). */
function parseDecimalNumeral(text: string): number | undefined {
  const [whole, fraction] = text.split(".");
  const int = parseChineseNumeral(whole);
  if (int === undefined) return undefined;
  if (fraction === undefined) return int;
  if (![...fraction].every((ch) => ch in DIGIT)) return undefined;
  return Number(`${int}.${[...fraction].map((ch) => DIGIT[ch]).join("")}`);
}

/** An integer in Chinese numerals: 20000 → 二万 (and 两万 via numberForms), 1050 → 一千零五十. */
export function toChineseNumeral(value: number): string | undefined {
  if (!Number.isInteger(value) || value < 0 || value >= 1e12) return undefined;
  if (value === 0) return "零";
  const digits = "零一二三四五六七八九";
  const below10k = (n: number): string => {
    let out = "";
    let zero = false;
    for (const [unit, name] of [
      [1000, "千"],
      [100, "百"],
      [10, "十"],
      [1, ""],
    ] as const) {
      const d = Math.floor(n / unit) % 10;
      if (d === 0) {
        if (out) zero = true;
        continue;
      }
      if (zero) out += "零";
      zero = false;
      out += digits[d] + name;
    }
    return out;
  };
  const parts: string[] = [];
  const yi = Math.floor(value / 1e8);
  const wan = Math.floor((value % 1e8) / 1e4);
  const rest = value % 1e4;
  if (yi) parts.push(below10k(yi) + "亿");
  if (wan) parts.push((yi && wan < 1000 ? "零" : "") + below10k(wan) + "万");
  if (rest) parts.push(((yi || wan) && rest < 1000 ? "零" : "") + below10k(rest));
  let out = parts.join("");
  // 一十五 is written 十五.
  if (out.startsWith("一十")) out = out.slice(1);
  return out;
}

const round = (n: number) => Number(n.toFixed(6));

/** The ways a value is written in Chinese news text, without a unit. */
export function valueSpellings(value: number): string[] {
  const forms = new Set<string>([String(round(value))]);
  for (const [size, name] of [
    [1e8, "亿"],
    [1e4, "万"],
  ] as const) {
    if (value < size) continue;
    const scaled = round(value / size);
    // 1.5万, 2万, 3.25亿 — not 1.23456万.
    if (Number.isInteger(scaled * 100)) {
      forms.add(`${scaled}${name}`);
      const chinese = Number.isInteger(scaled) ? toChineseNumeral(scaled) : undefined;
      if (chinese) forms.add(chinese + name);
    }
    break;
  }
  const chinese = toChineseNumeral(value);
  if (chinese) forms.add(chinese);
  // 两 before a unit: 两万, 两千, 两百, 两亿.
  for (const form of [...forms]) if (/^二[百千万亿]/.test(form)) forms.add("两" + form.slice(1));
  // The colloquial short form: 一万五 (千), 三千五 (百).
  for (const form of [...forms]) {
    const short = /^(.+[万千])([一二三四五六七八九])([千百])$/.exec(form);
    if (short && !short[1].includes("零")) forms.add(short[1] + short[2]);
  }
  return [...forms];
}

/** Every spelling of a quantity, with its unit (and 多/余 both when it was approximate). */
export function quantitySpellings(q: Quantity): string[] {
  if (q.unit === "%") {
    const forms = [`${round(q.value)}%`];
    if (Number.isInteger(q.value / 10) && q.value <= 100 && q.value > 0) {
      const tenths = q.value / 10;
      forms.push(`${toChineseNumeral(tenths)}成`, `${tenths}成`);
    }
    const chinese = toChineseNumeral(q.value);
    if (chinese) forms.push(`百分之${chinese}`);
    return forms;
  }
  const approx = q.approx ? ["多", "余"] : [""];
  return valueSpellings(q.value).flatMap((v) => approx.map((a) => v + a + q.unit));
}

/**
 * The other spellings of a question word that is a quantity, best first: with its unit, then the
 * bare number (which the index holds as a term). Empty when the word is no quantity.
 */
export function numberAlternatives(word: string): string[] {
  const q = parseQuantity(word);
  if (!q) return [];
  const out = new Set<string>(quantitySpellings(q));
  if (q.unit !== "%" && (q.unit || q.approx)) for (const v of valueSpellings(q.value)) out.add(v);
  out.delete(word);
  // A bare single digit (3, 三) would match everywhere.
  return [...out].filter((form) => form.length >= 2);
}
