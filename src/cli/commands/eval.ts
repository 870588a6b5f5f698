/**
 * `newsbot eval FILE [--corpus DIR] [--json]`: score a JSONL question set; exit 1 on any miss.
 * `newsbot eval --squad FILE [--split train|heldout|all] [--baseline] [--abstain] [--json] [--misses N] [--threshold P]`:
 * score a SQuAD-format set, its paragraphs as the corpus (see src/eval/squad.ts for the split);
 * --threshold overrides the abstention model's (0: answer whenever there is a candidate).
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { booleanOption, stringOption, type CommandInput } from "../args.js";
import { evaluate, parseEvalCases } from "../../search/evaluate.js";
import { readSquad, REPORT_TYPES, HELD_OUT_PERCENT, type Split } from "../../eval/squad.js";
import { evaluateSquad, rates, type SquadReport } from "../../eval/squad-eval.js";
import { openCliLibrary } from "../shared.js";

const SPLITS: readonly Split[] = ["train", "heldout", "all"];

export async function run(input: CommandInput): Promise<number> {
  const squad = stringOption(input, "squad");
  if (squad) {
    return runSquad(squad, {
      split: stringOption(input, "split") ?? "heldout",
      baseline: booleanOption(input, "baseline"),
      abstain: booleanOption(input, "abstain"),
      json: booleanOption(input, "json"),
      misses: stringOption(input, "misses") ?? "0",
      threshold: stringOption(input, "threshold"),
    });
  }
  const file = input.positionals[0];
  if (!file) {
    process.stderr.write("newsbot: eval needs a question file: newsbot eval FILE [--corpus DIR], or newsbot eval --squad FILE\n");
    return 2;
  }
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

async function runSquad(
  file: string,
  values: { split?: string; baseline?: boolean; abstain?: boolean; json?: boolean; misses?: string; threshold?: string },
): Promise<number> {
  const split = values.split as Split;
  if (!SPLITS.includes(split)) {
    process.stderr.write(`newsbot: eval: --split must be one of ${SPLITS.join(", ")}\n`);
    return 2;
  }
  const misses = Number(values.misses ?? 0);
  if (!Number.isInteger(misses) || misses < 0) {
    process.stderr.write("newsbot: eval: --misses takes a whole number\n");
    return 2;
  }
  const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) {
    process.stderr.write("newsbot: eval: --threshold takes a probability between 0 and 1\n");
    return 2;
  }
  const started = performance.now();
  const report = await evaluateSquad(readSquad(file, basename(file)), {
    split,
    baseline: values.baseline,
    abstain: values.abstain,
    misses,
    threshold,
  });
  const totalMs = Math.round(performance.now() - started);
  if (values.json) process.stdout.write(JSON.stringify(jsonReport(report, totalMs)) + "\n");
  else process.stdout.write(table(report, totalMs));
  return 0;
}

function jsonReport(report: SquadReport, totalMs: number) {
  return {
    set: report.set,
    split: report.split,
    held_out_percent: HELD_OUT_PERCENT,
    abstain: report.abstain,
    articles: report.articles,
    build_ms: report.buildMs,
    total_ms: totalMs,
    rankers: report.rankers.map((r) => ({
      name: r.name,
      ...rates(r),
      ...(r.unanswerable
        ? {
            unanswerable: r.unanswerable.questions,
            unanswerable_answered:
              r.unanswerable.questions === 0 ? 0 : Math.round((1000 * r.unanswerable.answered) / r.unanswerable.questions) / 10,
          }
        : {}),
      p50_ms: r.p50Ms,
      p95_ms: r.p95Ms,
      by_type: Object.fromEntries(REPORT_TYPES.map((t) => [t, rates(r.byType[t])])),
    })),
    misses: report.misses,
  };
}

function table(report: SquadReport, totalMs: number): string {
  const json = jsonReport(report, totalMs);
  const lines = [
    `${report.set}: split ${report.split} (${HELD_OUT_PERCENT}% of titles held out), ${report.articles} articles${report.abstain ? " (every other paragraph: --abstain)" : ""}; build ${report.buildMs} ms, total ${totalMs} ms`,
    "",
    `${"ranker".padEnd(20)}${[
      "questions",
      "article@1",
      "answer@1",
      "answer@3",
      "MRR",
      "no answer",
      ...(report.abstain ? ["unans. answered"] : []),
      "p50 ms",
      "p95 ms",
    ]
      .map((h) => h.padStart(h.startsWith("unans") ? 18 : 11))
      .join("")}`,
  ];
  for (const r of json.rankers) {
    const cells = [
      String(r.questions),
      `${r.article_at_1}%`,
      `${r.answer_at_1}%`,
      `${r.answer_at_3}%`,
      r.mrr.toFixed(3),
      `${r.no_answer}%`,
      ...(report.abstain ? [`${r.unanswerable_answered}% of ${r.unanswerable}`] : []),
      String(r.p50_ms),
      String(r.p95_ms),
    ];
    lines.push(`${r.name.padEnd(20)}${cells.map((c) => c.padStart(c.includes(" of ") ? 18 : 11)).join("")}`);
  }
  lines.push("", "by question type (answer@1 / answer@3 / no answer, questions):");
  for (const t of REPORT_TYPES) {
    const cells = json.rankers.map((r) => {
      const f = r.by_type[t];
      return `${r.name} ${f.answer_at_1}/${f.answer_at_3}/${f.no_answer} (${f.questions})`;
    });
    lines.push(`  ${t.padEnd(12)} ${cells.join("   ")}`);
  }
  if (report.misses.length > 0) {
    lines.push("", "misses:");
    for (const m of report.misses) {
      lines.push(`  - [${m.type}] ${m.question}  (gold: ${m.gold.join(" | ")}; in 《${m.want}》)`);
      lines.push(`    ${m.reason}${m.got ? `: 《${m.headline}》 ${m.got}` : ""}`);
    }
  }
  return lines.join("\n") + "\n";
}
