/** `newsbot chat [--corpus DIR]`: the bot's answers in the terminal, no Telegram needed. */
import { parseConfig } from "../../config.js";
import { runStdioChat } from "../../bot/console-chat.js";
import { openLibrary } from "../../library/open-library.js";

export const summary = "a console chat with the bot's answers";

export async function run(argv: string[]): Promise<number> {
  let corpus: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--corpus" && argv[i + 1] !== undefined) corpus = argv[++i];
    else if (arg.startsWith("--corpus=")) corpus = arg.slice("--corpus=".length);
    else if (arg === "-h" || arg === "--help") {
      process.stdout.write("usage: newsbot chat [--corpus DIR]\n");
      return 0;
    } else {
      process.stderr.write(`newsbot chat: unknown argument "${arg}"\n`);
      return 2;
    }
  }
  const config = parseConfig(process.env);
  const library = await openLibrary({ corpusDir: corpus ?? config.corpusDir, localCity: config.localCity });
  await runStdioChat(library);
  return 0;
}
