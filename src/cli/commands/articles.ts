/**
 * `newsbot articles [--json] [--corpus DIR]`: list the items parsed from the corpus. Items go to
 * stdout (one JSON array with --json); warnings go to stderr, so stdout stays machine-readable.
 */
import { booleanOption, type CommandInput } from "../args.js";
import { loadCorpus } from "../../corpus/load.js";
import type { Article, LoadWarning } from "../../corpus/types.js";

/** The fields printed for an item with --json, in a stable order. */
function toJson(a: Article): Record<string, unknown> {
  return {
    id: a.id,
    kind: a.kind,
    kicker: a.kicker,
    headline: a.headline,
    subtitle: a.subtitle,
    byline: a.byline,
    date: a.date,
    city: a.city ?? null,
    source: a.source,
    ...(a.url ? { url: a.url } : {}),
    ...(a.publication ? { publication: a.publication } : {}),
    body: a.body,
  };
}

/** One readable entry: headline line, then kind/date/source, then the start of the body. */
function toText(a: Article): string {
  const chars = [...a.body.replace(/\n/g, " ")];
  const preview = chars.length > 60 ? `${chars.slice(0, 60).join("")}…` : chars.join("");
  const title = [a.kicker, a.headline].filter(Boolean).join(" | ") + (a.subtitle ? ` —— ${a.subtitle}` : "");
  return `${title}\n  ${a.kind} · ${a.date ?? "no date"} · ${a.source} · ${a.id}\n  ${preview}\n`;
}

const warningLine = (w: LoadWarning) => `newsbot: warning: ${w.file}: ${w.reason}\n`;

export async function run(input: CommandInput): Promise<number> {
  const json = booleanOption(input, "json");
  // `newsbot articles | head` closes the pipe early: that is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
  const dir = input.settings.corpusDir;
  let result;
  try {
    result = await loadCorpus(dir, {
      onWarning: (w) => process.stderr.write(warningLine(w)),
      localCity: input.settings.localCity,
    });
  } catch (error) {
    process.stderr.write(`newsbot: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(result.articles.map(toJson), null, 2)}\n`);
  } else {
    process.stdout.write(result.articles.map(toText).join("\n"));
    process.stdout.write(`\n${result.articles.length} item(s) from ${result.pages} page file(s) in ${dir}\n`);
  }
  return 0;
}
