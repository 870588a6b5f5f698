/**
 * Place names as the corpus writes them: 2–4 characters before an administrative suffix
 * (贾寨后村, 十八里铺镇, 茌平区). jieba often splits such names (十八里 | 铺镇), so they are not
 * index terms, yet a reader spells them in pinyin (shibalipu). These names, with and without their
 * suffix, get pinyin keys beside the vocabulary's.
 */

/** Suffixes that end a place name; 铺 and 庄 are village names' own endings (十八里铺, 李庄). */
const PLACE = /(\p{Script=Han}{2,4}?)(街道|省|市|县|区|镇|乡|村|铺|庄)/gu;
/** Texts longer than this are read only up to it: names come early, and the scan stays cheap. */
const MAX_CHARS_PER_TEXT = 2000;

/**
 * Names mentioned in the texts, each with the number of texts that mention it. A mention's start
 * is unsure (位于高唐县 is found, not 高唐县), so every tail of it of two or more characters counts.
 */
export function placeMentions(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const seen = new Set<string>();
    for (const match of text.slice(0, MAX_CHARS_PER_TEXT).matchAll(PLACE)) {
      const [, stem, suffix] = match;
      for (let from = 0; from + 2 <= stem.length; from++) {
        const name = stem.slice(from);
        seen.add(name);
        seen.add(name + suffix);
      }
    }
    for (const name of seen) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}
