#!/usr/bin/env node
/**
 * The `newsbot` command: finds the command's definition (./definitions.ts), parses its arguments
 * by it, resolves the settings as every entry point does, and only then loads the command's
 * module, so `newsbot articles` never pays for loading the bot or the benchmark.
 */
import { commandUsage, parseCommandArgs, programUsage, stringOption } from "./args.js";
import { COMMANDS } from "./definitions.js";
import { settingsFromProcess } from "../ops/settings.js";

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "-h" || name === "--help" || name === "help") {
    process.stdout.write(`${programUsage(COMMANDS)}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`newsbot: unknown command "${name}"\n\n${programUsage(COMMANDS)}\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseCommandArgs(command, rest);
  } catch (error) {
    process.stderr.write(`newsbot ${name}: ${message(error)}\n\n${commandUsage(command)}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${commandUsage(command)}\n`);
    return 0;
  }
  let settings;
  try {
    settings = settingsFromProcess({ corpus: stringOption(parsed, "corpus") });
  } catch (error) {
    process.stderr.write(`newsbot: ${message(error)}\n`);
    return 1;
  }
  const module = await command.load();
  return module.run({ values: parsed.values, positionals: parsed.positionals, settings });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`newsbot: ${message(error)}\n`);
    process.exitCode = 1;
  },
);
