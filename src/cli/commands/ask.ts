/**
 * `newsbot ask [--json] [--corpus DIR] [QUESTION]`: answer a question, or with no question, one
 * per line of standard input. With --json, exactly one JSON object per input line (empty lines
 * included), in order: {"question", "answers": [...]}, best first, at most 5.
 */
import { booleanOption, stringOption, type CommandInput } from "../args.js";
import type { SearchEngine } from "../../search/types.js";
import { openCliLibrary } from "../shared.js";

/** Most answers printed per question. */
const MAX_ANSWERS = 5;

export async function run(input: CommandInput): Promise<number> {
  const { positionals } = input;
  const json = booleanOption(input, "json");
  const limit = Math.min(MAX_ANSWERS, Math.max(1, Number(stringOption(input, "limit") ?? MAX_ANSWERS) || MAX_ANSWERS));
  const library = await openCliLibrary(input.settings);
  // `newsbot ask < questions | head` closes the pipe early: not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(0);
  });
  const print = (question: string) => {
    const output = json ? jsonLine(library.engine, question, limit) : readable(library.engine, question, limit);
    process.stdout.write(output + "\n");
  };
  if (positionals.length > 0) {
    print(positionals.join(" "));
    return 0;
  }
  for await (const line of stdinLines(process.stdin)) print(line);
  return 0;
}

/**
 * The lines of a byte stream, split on "\n" only (a trailing "\r" is dropped): readline would
 * also split on a lone "\r", turning one question with a carriage return in it into two answers.
 * Invalid UTF-8 becomes U+FFFD; a last line without a newline still counts.
 */
export async function* stdinLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  let pending = "";
  for await (const chunk of input) {
    pending += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    let at: number;
    while ((at = pending.indexOf("\n")) >= 0) {
      yield pending.slice(0, at).replace(/\r$/, "");
      pending = pending.slice(at + 1);
    }
  }
  pending += decoder.decode();
  if (pending.length > 0) yield pending.replace(/\r$/, "");
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
