/**
 * The one argument parser of the `newsbot` command: each command is a definition (summary,
 * positionals, options with their help text), parsed by node:util parseArgs in strict mode, and
 * its usage text is generated from the same definition, so `newsbot --help` and
 * `newsbot CMD --help` cannot drift from what is accepted.
 */
import { parseArgs } from "node:util";
import type { Config } from "../config.js";

export interface OptionDefinition {
  type: "string" | "boolean";
  short?: string;
  /** The value's placeholder in the usage text (string options), e.g. DIR. */
  value?: string;
  description: string;
}

export interface CommandInput {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** The settings every entry point resolves (environment, .env, --corpus). */
  settings: Config;
}

export interface CommandModule {
  run(input: CommandInput): Promise<number>;
}

export interface CommandDefinition {
  name: string;
  summary: string;
  /** Positional arguments as the usage shows them ("FILE", "[QUESTION...]"); none when absent. */
  positionals?: { usage: string; description: string; required: boolean };
  options: Record<string, OptionDefinition>;
  /** The implementation, loaded only when the command runs (so --help stays instant). */
  load: () => Promise<CommandModule>;
}

/** Every command takes these. */
export const HELP_OPTION: OptionDefinition = { type: "boolean", short: "h", description: "show this help" };

function optionUsage(name: string, option: OptionDefinition): string {
  return option.type === "string" ? `--${name} ${option.value ?? "VALUE"}` : `--${name}`;
}

/** One line: `newsbot NAME [--opt VALUE]… POSITIONALS`. */
export function usageLine(command: CommandDefinition): string {
  const options = Object.entries(command.options).map(([name, option]) => `[${optionUsage(name, option)}]`);
  return ["newsbot", command.name, ...options, ...(command.positionals ? [command.positionals.usage] : [])].join(" ");
}

/** The full usage of one command. */
export function commandUsage(command: CommandDefinition): string {
  const rows: [string, string][] = [];
  if (command.positionals) rows.push([command.positionals.usage, command.positionals.description]);
  for (const [name, option] of Object.entries({ ...command.options, help: HELP_OPTION })) {
    rows.push([`${option.short ? `-${option.short}, ` : ""}${optionUsage(name, option)}`, option.description]);
  }
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    `usage: ${usageLine(command)}`,
    "",
    command.summary,
    "",
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
  ].join("\n");
}

/** The usage of the whole program: every command's line and summary. */
export function programUsage(commands: readonly CommandDefinition[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "usage: newsbot <command> [options]",
    "",
    "commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "newsbot <command> --help shows a command's options. The corpus folder is --corpus, else",
    "$CORPUS_DIR, else ./corpus (a .env file in the current folder is read too).",
  ].join("\n");
}

export type Parsed = { help: true } | { help: false; values: CommandInput["values"]; positionals: string[] };

/** Parse argv for a command; throws an Error with a readable message on anything not in its definition. */
export function parseCommandArgs(command: CommandDefinition, argv: string[]): Parsed {
  const parsed = parseArgs({
    args: argv,
    options: { ...command.options, help: HELP_OPTION },
    allowPositionals: command.positionals !== undefined,
    strict: true,
  });
  const values = parsed.values as CommandInput["values"];
  const positionals = parsed.positionals;
  if (values.help === true) return { help: true };
  if (command.positionals?.required && positionals.length === 0) throw new Error(`${command.positionals.usage} is missing`);
  for (const [name, option] of Object.entries(command.options)) {
    const value = values[name];
    if (option.type === "string" && typeof value === "string" && value.trim() === "") throw new Error(`--${name} needs a value`);
  }
  return { help: false, values, positionals };
}

/** The value of a string option, if given. */
export function stringOption(input: Pick<CommandInput, "values">, name: string): string | undefined {
  const value = input.values[name];
  return typeof value === "string" ? value : undefined;
}

export function booleanOption(input: Pick<CommandInput, "values">, name: string): boolean {
  return input.values[name] === true;
}
