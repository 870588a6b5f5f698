/** Sentence splitting for Chinese news text, with offsets into the body. */

export interface Sentence {
  text: string;
  /** Offsets in the article body. */
  start: number;
  end: number;
  /** Index of the paragraph (body line) it belongs to. */
  paragraph: number;
}

/** A sentence ends at 。！？；(and ! ? ;), together with any closing quotes or brackets after it. */
const SENTENCE = /[^。！？!?；;\n]+(?:[。！？!?；;…]+[”’」』）)"]*)?|[。！？!?；;…]+[”’」』）)"]*/g;

/** A short fragment naming who spoke: 高唐县农业农村局副局长张巧说。 */
const ATTRIBUTION = /^.{0,40}(说|表示|介绍|指出|认为|强调|称)[。！]?$/u;

export function splitSentences(body: string): Sentence[] {
  const sentences: Sentence[] = [];
  let offset = 0;
  body.split("\n").forEach((line, paragraph) => {
    for (const m of line.matchAll(SENTENCE)) {
      const raw = m[0];
      const lead = raw.length - raw.trimStart().length;
      const text = raw.trim();
      if (!/[\p{L}\p{N}]/u.test(text)) continue;
      const start = offset + (m.index ?? 0) + lead;
      const previous = sentences[sentences.length - 1];
      if (previous && previous.paragraph === paragraph && ATTRIBUTION.test(text) && /[”’」』]$/.test(previous.text)) {
        // “……。”张巧说。 — the speaker belongs to the quote.
        previous.text += text;
        previous.end = start + text.length;
        continue;
      }
      sentences.push({ text, start, end: start + text.length, paragraph });
    }
    offset += line.length + 1;
  });
  return sentences;
}

/** Clauses of a sentence (split after ，、：, keeping the punctuation), with offsets in it. */
export function splitClauses(sentence: string): { text: string; start: number }[] {
  const clauses: { text: string; start: number }[] = [];
  for (const m of sentence.matchAll(/[^，,：:；;]+[，,：:；;]?/g)) clauses.push({ text: m[0], start: m.index ?? 0 });
  return clauses;
}
