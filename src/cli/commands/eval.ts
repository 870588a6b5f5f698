/** `newsbot eval FILE [--corpus DIR] [--json]`: score a JSONL question set; exit 1 on any miss. */
import { readFileSync } from "node:fs";
import { booleanOption, type CommandInput } from "../args.js";
import { evaluate, parseEvalCases } from "../../search/evaluate.js";
import { openCliLibrary } from "../shared.js";

export async function run(input: CommandInput): Promise<number> {
  const file = input.positionals[0];
  const values = { json: booleanOption(input, "json") };
  const cases = parseEvalCases(readFileSync(file, "utf8"));
  const library = await openCliLibrary(input.settings);
  const report = evaluate(library.engine, cases);
  if (values.json) {
    process.stdout.write(JSON.stringify(report) + "\n");
  } else {
    const pct = (a: number, b: number) => (b === 0 ? "-" : `${((100 * a) / b).toFixed(1)}%`);
    process.stdout.write(
      [
        `questions  ${cases.length}`,
        `article@1  ${report.articleAt1}/${report.positives}  ${pct(report.articleAt1, report.positives)}`,
        `answer@1   ${report.answerAt1}/${report.positives}  ${pct(report.answerAt1, report.positives)}`,
        `negatives  ${report.negativesEmpty}/${report.negatives}  ${pct(report.negativesEmpty, report.negatives)}`,
        ...(report.misses.length > 0 ? ["", "misses:"] : []),
        ...report.misses.map((m) => `  - ${m.q}\n    ${m.reason}${m.got ? `\n    got: ${m.got}` : ""}`),
      ].join("\n") + "\n",
    );
  }
  return report.misses.length === 0 ? 0 : 1;
}
