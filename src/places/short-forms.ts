/**
 * Short forms of administrative names, by suffix: 山东省 → 山东, 黔东南苗族侗族自治州 → 黔东南,
 * 高唐县 → 高唐, 贾寨镇 → 贾寨. Pure string rules; whether a short form is also a common word (and so
 * not kept) is decided where the dictionaries are, in derive-table.ts.
 */

export type PlaceLevel = "province" | "city" | "county" | "town" | "village";

/** The 55 minority nationalities, longest first, for 自治州/自治县/民族乡 names. */
const NATIONALITIES = `柯尔克孜 乌孜别克 维吾尔 哈萨克 塔吉克 达斡尔 俄罗斯 鄂温克 鄂伦春 塔塔尔 蒙古 布依 朝鲜 土家 哈尼
  傈僳 高山 拉祜 东乡 纳西 景颇 仫佬 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 德昂 保安 裕固 独龙 赫哲 门巴 珞巴 基诺
  回 藏 苗 彝 壮 满 侗 瑶 白 傣 黎 佤 畲 水 土 羌 怒 京`
  .split(/\s+/)
  .filter(Boolean);

/** A nationality at the end of a name: with 族, or a name of two or more characters without it (蒙古, 哈萨克). */
const TRAILING_NATIONALITY = new RegExp(
  `(?:(?:${NATIONALITIES.join("|")})族|(?:${NATIONALITIES.filter((n) => n.length >= 2).join("|")}))$`,
);

/** Suffixes tried per level, longest first: the first that fits is stripped (if two characters or more remain). */
const SUFFIXES: Record<PlaceLevel, string[]> = {
  province: ["特别行政区", "自治区", "省", "市"],
  city: ["自治州", "地区", "市", "盟"],
  county: ["自治县", "自治旗", "新区", "林区", "特区", "县", "区", "市", "旗"],
  town: ["民族乡", "街道办事处", "地区办事处", "办事处", "街道", "苏木", "地区", "镇", "乡"],
  village: [], // villages come only from places.tsv, with their short forms written out
};

/** Suffixes after which a nationality may stand (黔东南苗族侗族自治州, 大厂回族自治县, 孟家满族乡). */
const AUTONOMOUS = new Set(["特别行政区", "自治区", "自治州", "自治县", "自治旗", "民族乡", "乡", "苏木"]);

/** Development zones: 济南高新技术产业开发区 → 济南高新区, as they are written in the news. */
const ZONE_FORMS: [RegExp, string][] = [
  [/^(\p{Script=Han}{2,})高新技术产业开发区$/u, "$1高新区"],
  [/^(\p{Script=Han}{2,})高新技术开发区$/u, "$1高新区"],
  [/^(\p{Script=Han}{2,})经济技术开发区$/u, "$1经开区"],
];

/** Functional zones: only their ZONE_FORMS, no suffix stripping (济南高新技术产业开发 is no name). */
const ZONE = /(?:开发区|园区|度假区|示范区|管理区|试验区|实验区|合作区|保税区|新城)$/;

/** Strip nationalities from the end while a root of two or more characters is left. */
function stripNationalities(root: string): string {
  let out = root;
  for (;;) {
    const match = TRAILING_NATIONALITY.exec(out);
    if (!match || out.length - match[0].length < 2) break;
    out = out.slice(0, -match[0].length);
  }
  // 东乡族自治县, 鄂温克族自治旗: the nationality is the name; only 族 goes (回族 → 回: too short).
  return out.endsWith("族") ? out.slice(0, -1) : out;
}

/**
 * Candidate short forms of an official name at its level, never shorter than two characters and
 * never the name itself. May be empty (贾镇, 城区).
 */
export function candidateShortForms(name: string, level: PlaceLevel): string[] {
  const forms = new Set<string>();
  for (const [pattern, replacement] of ZONE_FORMS) {
    if (pattern.test(name)) forms.add(name.replace(pattern, replacement));
  }
  for (const suffix of ZONE.test(name) ? [] : SUFFIXES[level]) {
    if (!name.endsWith(suffix)) continue;
    let root = name.slice(0, -suffix.length);
    if (AUTONOMOUS.has(suffix)) root = stripNationalities(root);
    if (root.length >= 2) forms.add(root);
    break; // the first suffix that fits decides, even when too little is left
  }
  forms.delete(name);
  return [...forms];
}
