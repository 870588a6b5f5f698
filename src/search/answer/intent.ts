/**
 * Question types: what kind of answer a question wants, so the sentence that holds that kind of
 * thing (a number with its measure word, a date, a name) can win over one that merely repeats the
 * question's words.
 */
import { measureOfCounted } from "../text/english-measures.js";
import { MEASURES } from "../text/measures.js";

export type QuestionType =
  | "quantity" // 多少 / 几 / how many
  | "date" // 什么时候 / 哪天 / when
  | "ordinal" // 第几 / 排名 / what rank
  | "person" // 谁 / who
  | "org" // 哪家公司 / which company
  | "place" // 哪里 / where
  | "list" // 哪些 / 哪几个 / which ones
  | "definition" // 是什么意思 / what is meant by
  | "reason" // 为什么 / 为何 / why
  | "what" // 什么 / what
  | "general";

export interface QuestionIntent {
  type: QuestionType;
  /** The measure word the question asks for (多少家 → 家), if any. */
  measure?: string;
}

const MEASURE_ALTERNATION = MEASURES.map((m) => m.replace(/%/g, "%")).join("|");
const ZH_NUMBER = "[0-9０-９]+(?:\\.[0-9]+)?|[一二两三四五六七八九十百千万亿]+";

const ZH_RULES: [RegExp, QuestionType][] = [
  [/什么意思|是什么意思|什么是|指什么|的含义|的定义|是指什么|指的是什么/, "definition"],
  [/第几|排名|名次|排第|排在第|位居第|位列|排位/, "ordinal"],
  [
    /哪天|哪一天|何时|什么时候|什么时间|几月几日|几月几号|几号|哪年|哪一年|几月份|几月|日期|哪个月|哪一个月|什么年代|哪个年代|哪一年代|哪个朝代|什么朝代|哪一朝代|哪个世纪|哪一世纪|什么时期|哪个时期|哪一时期|何年|时间点/,
    "date",
  ],
  [/是谁|谁|哪位|哪一位|什么人|何人|姓名|哪个人|哪一个人/, "person"],
  [
    /哪家|哪一家|哪个公司|什么公司|哪些公司|哪个单位|哪些单位|什么单位|什么企业|哪个企业|哪些企业|哪个部门|什么部门|哪个组织|什么组织|哪个机构|什么机构|哪支|哪一支|哪个队|哪所|哪一所|哪个大学|哪个团体/,
    "org",
  ],
  [
    /哪里|哪儿|什么地方|在哪(?![一个些种])|何地|何处|哪个县|哪个区|哪个镇|哪个村|哪个城市|哪座城市|哪一座城市|哪个国家|哪一个国家|哪国|哪一国|什么国家|哪个地区|哪一地区|哪个省|哪一省|哪个岛|哪座|哪一座|哪条河|位于哪|哪边/,
    "place",
  ],
  [/哪几|哪些|有哪|包括什么|包括哪/, "list"],
  [/为什么|为何|为啥|什么原因|何故|原因是/, "reason"],
  [/多少|几|多大|多高|多长|多远|多重|多久|多深|多宽|百分之几|比例|增幅|增速|涨幅|产量|产值|金额|数量|规模/, "quantity"],
  [/什么|啥|何种|哪种|哪类|哪一|哪个|哪/, "what"],
];

/** What a Chinese question asks for. */
export function detectIntentZh(question: string): QuestionIntent {
  for (const [pattern, type] of ZH_RULES) {
    if (!pattern.test(question)) continue;
    if (type === "quantity") {
      const measure = new RegExp(`(?:多少|几)(${MEASURE_ALTERNATION})`).exec(question)?.[1];
      return measure && measure !== "年" ? { type, measure } : { type };
    }
    if (type === "date") {
      // What the date must hold: a year (哪一年), a month (几月), a day (哪天, 几月几日).
      const unit = /哪天|哪一天|几号|几月几|日期/.test(question)
        ? "日"
        : /哪年|哪一年|何年|几年|年代|世纪/.test(question)
          ? "年"
          : /几月|哪个月|哪一个月/.test(question)
            ? "月"
            : undefined;
      return unit ? { type, measure: unit } : { type };
    }
    return { type };
  }
  return { type: "general" };
}

const EN_RULES: [RegExp, QuestionType][] = [
  [/\bwhat (is|are) (meant by|the definition of)\b|\bwhat does .+ mean\b|\bdefin(e|ition)\b/, "definition"],
  [/\b(what|which) (rank|place|position)\b|\brank(?:ed|s|ing)?\b/, "ordinal"],
  [/\bwhen\b|\bwhat (date|day|time|year|month)\b|\bwhich (date|day|year|month)\b/, "date"],
  [/\bwho\b|\bwhom\b|\bwhose\b/, "person"],
  [/\bwhich (company|companies|enterprise|enterprises|firm|firms|organi[sz]ation|department|unit)\b/, "org"],
  [/\bwhere\b/, "place"],
  [
    /\bwhat (is|was|are|were)\b.*\b(index|rate|number|amount|total|value|output|percentage|share|count|price|cost|level|area|yield)\b|\bhow (many|much|large|big|high|long|far)\b|\bwhat (is|was) the (number|amount|total|rate|share)\b|\bpercent|\bgrowth\b|\bgrow\b/,
    "quantity",
  ],
  [/\b(which|what) (are|were)\b/, "list"],
  [/\bwhat\b|\bwhich\b/, "what"],
];

/** What an English question asks for. */
export function detectIntentEn(question: string): QuestionIntent {
  const q = question.toLowerCase();
  for (const [pattern, type] of EN_RULES) {
    if (!pattern.test(q)) continue;
    if (type === "quantity" && /\bhow many\b/.test(q)) {
      // The counted noun follows "how many" (how many PhDs does the company have → not 家).
      const counted = /\bhow many ((?:[\w'-]+ ){0,2}[\w'-]+)/.exec(q)?.[1] ?? "";
      const measure = measureOfCounted(counted.split(" "));
      return measure ? { type, measure } : { type };
    }
    return { type };
  }
  return { type: "general" };
}

const QUANTITY = new RegExp(
  `(?<!第)(?:${ZH_NUMBER})(?:余|多)?(?:${MEASURE_ALTERNATION})|\\d+\\.\\d+|\\d+(?:\\.\\d+)?%|百分之[零一二两三四五六七八九十百点]+|(?<![\\d.])\\d+(?![\\d.%年月日])`,
  "g",
);
/** A share written as 三成 or 百分之三十 answers a question asked in per cent. */
const PERCENT_WORDS = /成$|^百分之/;
const DATE =
  /(?:公元前?|西元前?|前)?\d{1,4}年(?:代)?(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日|\d{1,2}月(?:份|底|初|中旬|上旬|下旬)?|\d{1,2}世纪(?:\d{1,2}0年代)?|[一二三四五六七八九十〇零]{2,4}年|[一二三四五六七八九十]{1,3}世纪|(?:春|夏|秋|冬)季|今年|去年|近日|日前|昨天|今天|时期|年间|期间|之后|以后|之前|以前|当时/g;
const REASON = /因为|由于|因此|所以|为了|导致|造成|原因|以便|以免|使得|因而/g;
const ORDINAL = /第[0-9一二三四五六七八九十]+(?:名|位|批|届|次)?|前[0-9一二三四五六七八九十]+(?:名|位)/g;
/** A title then a name (局长李福雷), or a name before 说/表示 (张巧说). */
const PERSON =
  /(?:局长|副局长|书记|主任|经理|总经理|董事长|院长|校长|县长|市长|区长|镇长|主席|厂长|所长|站长|队长|部长|处长|科长|研究员|教授|专家|记者)(\p{Script=Han}{2,3})(?=说|表示|介绍|指出|认为|称|[，。、])|(\p{Script=Han}{2,3})(?=说。|表示)/gu;
const ORG =
  /[\p{Script=Han}（）()]{2,20}?(?:有限公司|股份公司|公司|集团|工业园|合作社|研究院|研究所|委员会|协会|大学|学院|医院|银行|局|厅|中心)/gu;
const PLACE = /[\p{Script=Han}]{1,6}?(?:省|市|县|区|镇|乡|村|街道|园区|开发区)/gu;
const LIST = /(?:[^，。；、,;：:“”]{2,14}、)+[^，。；、,;：:“”]{2,14}/gu;

/** Where in a sentence something of the wanted type stands (offsets), and how well it fits. */
export interface TypeHit {
  start: number;
  end: number;
  /** 1 for an exact fit (the asked measure word), less for a looser one. */
  fit: number;
}

/** Find the spans in a (normalized) sentence that could answer a question of this intent. */
export function findTypeHits(sentence: string, intent: QuestionIntent): TypeHit[] {
  const hits: TypeHit[] = [];
  const collect = (pattern: RegExp, fit: (text: string) => number) => {
    for (const m of sentence.matchAll(pattern)) {
      const f = fit(m[0]);
      if (f > 0) hits.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, fit: f });
    }
  };
  switch (intent.type) {
    case "quantity":
      collect(QUANTITY, (text) => {
        if (/[年月日]$/.test(text) && intent.measure !== "年") return 0; // a date, not a quantity
        if (intent.measure) return text.endsWith(intent.measure) || (intent.measure === "%" && PERCENT_WORDS.test(text)) ? 1 : 0.45;
        return /^\d+$/.test(text) ? 0.5 : 0.8;
      });
      break;
    case "date":
      collect(DATE, (text) => {
        const fit = /\d+月\d+日|\d{3,4}年/.test(text) ? 1 : /\d|世纪|[〇零一二三四五六七八九]年/.test(text) ? 0.7 : 0.3;
        // A year asked for is not answered by a day of an unnamed year, nor a day by a bare year.
        if (intent.measure === "年" && !/年|世纪/.test(text)) return fit * 0.4;
        if (intent.measure === "日" && !/日|号/.test(text)) return fit * 0.5;
        if (intent.measure === "月" && !/月/.test(text)) return fit * 0.5;
        return fit;
      });
      break;
    case "reason":
      collect(REASON, () => 1);
      break;
    case "definition":
      collect(/是指|指的是|是一种|即/g, () => 1);
      break;
    case "person":
      collect(PERSON, () => 0.9);
      break;
    case "ordinal":
      collect(ORDINAL, () => 1);
      break;
    case "org":
      collect(ORG, () => 0.8);
      break;
    case "place":
      collect(PLACE, () => 0.7);
      break;
    case "list":
      // A whole enumeration (甲、乙、丙) is the answer; the more items, the surer. (Without a 、 the
      // pattern cannot match, and trying it at every offset is most of a list question's cost.)
      if (sentence.includes("、")) collect(LIST, (text) => (text.split("、").length >= 3 ? 1 : 0.6));
      break;
    default:
      break;
  }
  return hits;
}
