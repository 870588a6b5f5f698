#!/usr/bin/env node
/**
 * The `newsbot` command. Each subcommand lives in its own module under ./commands and is loaded
 * only when asked for, so `newsbot articles` never pays for loading the bot or the benchmark.
 */
import "dotenv/config";

type Command = { run(argv: string[]): Promise<number>; summary: string };

const COMMANDS: Record<string, () => Promise<Command>> = {
  articles: () => import("./commands/articles.js"),
  ask: () => import("./commands/ask.js"),
  eval: () => import("./commands/eval.js"),
  bench: () => import("./commands/bench.js"),
  chat: () => import("./commands/chat.js"),
};

const USAGE = `usage: newsbot <command> [options]

commands:
  articles [--json] [--corpus DIR]          list the items parsed from the corpus
  ask [--json] [--corpus DIR] [QUESTION]    answer a question (or one per stdin line)
  eval FILE [--corpus DIR]                  score a JSONL question set
  bench [--articles N] [--json]             measure build, query, memory and start-up
  chat [--corpus DIR]                       a console chat with the bot's answers

The corpus folder defaults to $CORPUS_DIR, then ./corpus.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "-h" || name === "--help" || name === "help") {
    process.stdout.write(USAGE + "\n");
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`newsbot: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  const command = await load();
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`newsbot: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
