/** `newsbot chat [--corpus DIR]`: the bot's answers in the terminal, no Telegram needed. */
import type { CommandInput } from "../args.js";
import { runStdioChat } from "../../console/console-chat.js";
import { openCliLibrary } from "../shared.js";

export async function run({ settings }: CommandInput): Promise<number> {
  const library = await openCliLibrary(settings);
  await runStdioChat(library);
  return 0;
}
