/**
 * `newsbot articles [--json] [--corpus DIR]`: list the items parsed from the corpus. Items go to
 * stdout (one JSON array with --json); warnings go to stderr, so stdout stays machine-readable.
 */
import { parseArgs } from "node:util";
import { DEFAULT_LOCAL_CITY } from "../../config.js";
import { loadCorpus } from "../../corpus/load.js";
import type { Article, LoadWarning } from "../../corpus/types.js";

export const summary = "list the items parsed from the corpus";

const USAGE = `usage: newsbot articles [--json] [--corpus DIR]

  --json          print one JSON array of the items
  --corpus DIR    the corpus folder (default: $CORPUS_DIR, then ./corpus)`;

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
    dateSource: a.dateSource ?? null,
    city: a.city ?? null,
    source: a.source,
    ...(a.url ? { url: a.url } : {}),
    ...(a.publication ? { publication: a.publication } : {}),
    ...(a.edition ? { edition: a.edition } : {}),
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

export async function run(argv: string[]): Promise<number> {
  let values: { json?: boolean; corpus?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        json: { type: "boolean" },
        corpus: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`newsbot articles: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // `newsbot articles | head` closes the pipe early: that is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
  const dir = values.corpus || process.env.CORPUS_DIR || "corpus";
  let result;
  try {
    result = await loadCorpus(dir, {
      onWarning: (w) => process.stderr.write(warningLine(w)),
      localCity: process.env.LOCAL_CITY?.trim() || DEFAULT_LOCAL_CITY,
    });
  } catch (error) {
    process.stderr.write(`newsbot: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result.articles.map(toJson), null, 2)}\n`);
  } else {
    process.stdout.write(result.articles.map(toText).join("\n"));
    process.stdout.write(`\n${result.articles.length} item(s) from ${result.pages} page file(s) in ${dir}\n`);
  }
  return 0;
}
