/**
 * `newsbot ask [--json] [--corpus DIR] [QUESTION]`: answer a question, or with no question, one
 * per line of standard input. With --json, exactly one JSON object per input line (empty lines
 * included), in order: {"question", "answers": [...]}, best first, at most 5.
 */
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import type { SearchEngine } from "../../search/types.js";
import { openCliLibrary } from "../shared.js";

export const summary = "answer a question (or one per stdin line)";

/** Most answers printed per question. */
const MAX_ANSWERS = 5;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: "boolean", default: false }, corpus: { type: "string" }, limit: { type: "string" } },
    allowPositionals: true,
  });
  const limit = Math.min(MAX_ANSWERS, Math.max(1, Number(values.limit ?? MAX_ANSWERS) || MAX_ANSWERS));
  const library = await openCliLibrary(values.corpus);
  const print = (question: string) => {
    const output = values.json ? jsonLine(library.engine, question, limit) : readable(library.engine, question, limit);
    process.stdout.write(output + "\n");
  };
  if (positionals.length > 0) {
    print(positionals.join(" "));
    return 0;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) print(line);
  return 0;
}

/** One question as one JSON line: the contract of `ask --json`. */
export function jsonLine(engine: SearchEngine, question: string, limit = MAX_ANSWERS): string {
  let answers: unknown[] = [];
  try {
    answers = engine.ask(question, { limit }).answers.map((a) => ({
      id: a.id,
      headline: a.headline,
      kicker: a.kicker,
      subtitle: a.subtitle,
      date: a.date,
      answer: a.answer,
      excerpt: a.excerpt,
      highlights: a.highlights,
      score: a.score,
      source: a.source,
    }));
  } catch (error) {
    // One bad question must not cost the lines after it.
    process.stderr.write(`newsbot: ask: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  return JSON.stringify({ question, answers });
}

function readable(engine: SearchEngine, question: string, limit: number): string {
  const { answers } = engine.ask(question, { limit });
  if (answers.length === 0) return `Q: ${question}\n  (no answer in the corpus)\n`;
  const lines = [`Q: ${question}`];
  answers.forEach((a, i) => {
    const title = [a.kicker, a.headline, a.subtitle && `——${a.subtitle}`].filter(Boolean).join(" ");
    lines.push(`${i + 1}. ${a.answer}`, `   《${title}》 ${a.date ?? ""}  [${a.source}, score ${a.score}]`);
  });
  return lines.join("\n") + "\n";
}
