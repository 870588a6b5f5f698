/**
 * The `newsbot` commands: what each is called, says and accepts. The usage text is generated
 * from these (src/cli/args.ts); the implementations under ./commands load only when run.
 */
import type { CommandDefinition, OptionDefinition } from "./args.js";

const CORPUS: OptionDefinition = { type: "string", value: "DIR", description: "the corpus folder (default: $CORPUS_DIR, then ./corpus)" };
const JSON_OUTPUT: OptionDefinition = { type: "boolean", description: "machine-readable JSON output" };

export const COMMANDS: readonly CommandDefinition[] = [
  {
    name: "articles",
    summary: "list the items parsed from the corpus",
    options: { json: { type: "boolean", description: "print one JSON array of the items" }, corpus: CORPUS },
    load: () => import("./commands/articles.js"),
  },
  {
    name: "ask",
    summary: "answer a question (or one per stdin line)",
    positionals: {
      usage: "[QUESTION...]",
      description: "the question; without it, one question per line of standard input",
      required: false,
    },
    options: {
      json: { type: "boolean", description: "one JSON object per question: {question, answers}" },
      limit: { type: "string", value: "N", description: "answers per question, 1-5 (default 5)" },
      corpus: CORPUS,
    },
    load: () => import("./commands/ask.js"),
  },
  {
    name: "eval",
    summary: "score a JSONL question set (exit 1 on any miss), or a SQuAD-format set with --squad",
    positionals: { usage: "[FILE]", description: "the question set, one JSON object per line (not with --squad)", required: false },
    options: {
      json: JSON_OUTPUT,
      corpus: CORPUS,
      squad: {
        type: "string",
        value: "FILE",
        description: "a SQuAD-format set: each paragraph an article, each question asked of them all",
      },
      split: {
        type: "string",
        value: "SPLIT",
        description: "with --squad: train, heldout (default) or all (the split of src/eval/squad.ts)",
      },
      baseline: { type: "boolean", description: "with --squad: also a plain BM25 sentence ranker in the same run" },
      abstain: {
        type: "boolean",
        description: "with --squad: keep every other paragraph; report how many of the dropped ones' questions get an answer",
      },
      misses: { type: "string", value: "N", description: "with --squad: show the first N misses (default 0)" },
      threshold: {
        type: "string",
        value: "P",
        description: "with --squad: the no-answer probability threshold (default: the trained model's)",
      },
    },
    load: () => import("./commands/eval.js"),
  },
  {
    name: "bench",
    summary: "measure build, query, memory and start-up on a synthetic archive",
    options: {
      articles: { type: "string", value: "N", description: "articles in the synthetic archive, 10-2000000 (default 10000)" },
      threads: { type: "string", value: "T", description: "build threads, 0 (this thread) to 16 (default: one per core)" },
      seed: { type: "string", value: "S", description: "seed of the synthetic archive" },
      peer: { type: "boolean", description: "also build a plain MiniSearch over the same articles (at most 5000) and report the ratios" },
      keep: { type: "boolean", description: "keep the generated archive" },
      json: { type: "boolean", description: "the figures as one JSON object on the last line" },
    },
    load: () => import("./commands/bench.js"),
  },
  {
    name: "chat",
    summary: "a console chat with the bot's answers",
    options: { corpus: CORPUS },
    load: () => import("./commands/chat.js"),
  },
  {
    name: "settings",
    summary: "print the settings every entry point resolves (secrets hidden)",
    options: { corpus: CORPUS },
    load: () => import("./commands/settings.js"),
  },
];
