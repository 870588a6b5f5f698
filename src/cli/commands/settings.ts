/** `newsbot settings [--corpus DIR]`: the resolved settings as JSON, secrets hidden (what the bot would use). */
import { describeSettings } from "../../config.js";
import type { CommandInput } from "../args.js";

export function run(input: CommandInput): Promise<number> {
  process.stdout.write(`${JSON.stringify(describeSettings(input.settings), null, 2)}\n`);
  return Promise.resolve(0);
}
