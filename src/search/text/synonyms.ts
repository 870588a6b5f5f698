/**
 * Synonyms for local-news vocabulary (大巴 ~ 客车, 卖到 → 远销, 工厂 → 企业): a question written with
 * one word finds a body written with another. They are weaker alternatives than the word itself
 * (SYNONYM_WEIGHT, and never worth more than the word: see question.ts), so they help recall and
 * ranking without making an unrelated article relevant.
 *
 * No maintained thesaurus could be shipped: HIT's 同义词词林扩展版 is shared for research under
 * its lab's agreement, the npm and Debian word lists hold literary pairs or a few dozen entries.
 * So the table is an editable file, `corpus/synonyms.tsv` (format below), read when the engine is built.
 *
 * Format, one group per line, `#` starts a comment:
 *   大巴 客车 大客车          words that can stand for each other (any order)
 *   卖到 > 远销 销往          one way: 卖到 in a question also finds 远销 and 销往, not the reverse
 * Words are separated by spaces, tabs, | or commas; traditional characters are folded to simplified.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { normalizeText } from "../../text/normalize.js";

/** How much a synonym counts against the word itself (before the IDF cap). */
export const SYNONYM_WEIGHT = 0.6;

/** The shipped table: corpus/synonyms.tsv of the project (the same path from src/ and dist/). */
export const DEFAULT_SYNONYMS_FILE = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "corpus", "synonyms.tsv");

/** Word → the words that may stand for it in the corpus. */
export class SynonymTable {
  private readonly table = new Map<string, Set<string>>();

  /** Parse synonym files (see the format above); later files add to earlier ones. */
  static load(paths: string[]): SynonymTable {
    const table = new SynonymTable();
    for (const path of paths) if (existsSync(path)) table.addText(readFileSync(path, "utf8"));
    return table;
  }

  /** Add groups in the file format. */
  addText(text: string): this {
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/#.*$/, "").trim();
      if (!line) continue;
      const [left, right] = line.includes(">") ? line.split(">", 2) : [line, undefined];
      const from = words(left);
      if (right === undefined) this.group(from, from);
      else this.group(from, words(right));
    }
    return this;
  }

  /** Each word of `from` may be written as any word of `to`. */
  private group(from: string[], to: string[]): void {
    for (const word of from) {
      let set = this.table.get(word);
      for (const other of to) {
        if (other === word) continue;
        if (!set) this.table.set(word, (set = new Set()));
        set.add(other);
      }
    }
  }

  /** The synonyms of a (normalized) word, in file order; empty when it has none. */
  get(word: string): string[] {
    const set = this.table.get(word);
    return set ? [...set] : [];
  }

  get size(): number {
    return this.table.size;
  }
}

function words(text: string): string[] {
  return normalizeText(text)
    .split(/[\s|,，、]+/)
    .map((w) => w.trim())
    .filter(Boolean);
}

let shipped: SynonymTable | undefined;

/** The project's own table, read once per process. */
export function defaultSynonyms(): SynonymTable {
  return (shipped ??= SynonymTable.load([DEFAULT_SYNONYMS_FILE]));
}
