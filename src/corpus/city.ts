/**
 * The city a page speaks for (what its 我市/本市 mean): the most frequent "XX市" name in the text.
 */

/** Function words and pronouns: never part of a city name (从聊城市 → 聊城, 我市 → nothing). */
const FUNCTION_CHARS = "我本全该各此每的在和与及对为从到至向由将把是了等或即";
/** Characters that never stand right before 市 in a city name (省市, 县市区, 上市, 超市…). */
const LAST_STOP = new Set([...FUNCTION_CHARS, ..."省县区上下超"]);
const FIRST_STOP = new Set([...FUNCTION_CHARS]);

/** A 2–3 character name must be all ideographs, and not a function word. */
function plausible(name: string): boolean {
  const chars = [...name];
  if (!chars.every((ch) => /\p{Script=Han}/u.test(ch))) return false;
  // The character before 市 decides words like 全市/城市/上市; the first one catches 从聊城市.
  return !LAST_STOP.has(chars[chars.length - 1]) && !FIRST_STOP.has(chars[0]);
}

/** The page's city without 市 (e.g. 聊城), or null when no name occurs at least twice. */
export function inferCity(text: string): string | null {
  const counts = new Map<string, number>();
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] !== "市") continue;
    for (const len of [2, 3]) {
      if (i - len < 0) continue;
      const name = chars.slice(i - len, i).join("");
      if (plausible(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  let best: string | null = null;
  let bestCount = 1; // a single mention is not enough to call it the page's city
  for (const [name, count] of counts) {
    const longer = best !== null && [...name].length > [...best].length && name.endsWith(best);
    // A 3-character name ties with its own 2-character tail (石家庄/家庄): prefer the whole name.
    if (count > bestCount || (count === bestCount && longer)) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}

/** How often a name occurs in a text. */
function occurrences(text: string, name: string): number {
  let count = 0;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) count++;
  return count;
}

/**
 * Give a page's items the paper's own city when the page names that city at least half as often
 * as the city inferred for it: a 聊城 page that mentions 临清市 twice and 聊城市 once is still a
 * 聊城 page, while a 济南 page that mentions 聊城 once stays 济南's.
 */
export function preferLocalCity(articles: { city?: string | null }[], text: string, localCity: string): void {
  const local = localCity.replace(/市$/u, "");
  const mentions = occurrences(text, local);
  if (mentions === 0) return;
  for (const article of articles) {
    const city = article.city;
    if (!city || city === local) {
      article.city = local;
      continue;
    }
    if (mentions * 2 >= occurrences(text, city)) article.city = local;
  }
}
