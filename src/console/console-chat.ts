/**
 * The console chat: the bot's answers without Telegram, one question per input line, rendered as
 * plain text. Runs when there is no BOT_TOKEN, and as `newsbot chat`. End of input ends it.
 */
import { createInterface } from "node:readline";
import type { NewsLibrary } from "../library/news-library.js";
import { EXAMPLE_QUESTIONS, inScript, labels, type Lang } from "../bot/i18n.js";
import { renderAnswerPlain, renderLatestPlain, renderNotFoundPlain, formatTime } from "../bot/render.js";
import { PAGE_SIZE } from "../bot/answer-reply.js";

export interface ConsoleChatOptions {
  library: NewsLibrary;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  lang?: Lang;
  /** Show a "> " prompt (when a person types). */
  prompt?: boolean;
}

/** What the chat remembers between lines: the last question, for /more. */
export interface ConsoleState {
  question: string | null;
  offset: number;
}

const ZH_HELP = "直接输入问题。/more 下一页，/latest 最新报道，/stats 概况，/quit 退出。";
const CONSOLE_HELP: Record<Lang, string> = {
  zh: ZH_HELP,
  "zh-hant": inScript("zh-hant", ZH_HELP),
  en: "Type a question. /more next page, /latest newest articles, /stats statistics, /quit to leave.",
};

/** The reply to one input line, or null to end the chat. Pure apart from reading the library. */
export function consoleReply(line: string, state: ConsoleState, library: NewsLibrary, lang: Lang): string | null {
  const text = line.trim();
  const L = labels(lang);
  if (!text) return "";
  if (text === "/quit" || text === "/exit") return null;
  if (text === "/help" || text === "/start") return `${CONSOLE_HELP[lang]}\n${EXAMPLE_QUESTIONS.map((q) => `  ${q}`).join("\n")}`;
  if (text === "/latest") return renderLatestPlain(library.engine.latest(5), lang);
  if (text === "/stats") return L.stats(library.engine.size, library.pages, formatTime(library.loadedAt));
  let question = text;
  let offset = 0;
  if (text === "/more") {
    if (state.question === null) return L.noMorePages;
    question = state.question;
    offset = state.offset + PAGE_SIZE;
  } else if (text.startsWith("/")) {
    return CONSOLE_HELP[lang];
  }
  const result = library.engine.ask(question, { limit: PAGE_SIZE, offset });
  if (result.answers.length === 0) return offset === 0 ? renderNotFoundPlain(question, lang) : L.noMorePages;
  state.question = question;
  state.offset = offset;
  return renderAnswerPlain({ answers: result.answers, offset, total: result.total }, lang);
}

export async function runConsoleChat(options: ConsoleChatOptions): Promise<void> {
  const lang = options.lang ?? "zh";
  const { output } = options;
  const rl = createInterface({ input: options.input, terminal: false });
  const state: ConsoleState = { question: null, offset: 0 };
  const prompt = () => {
    if (options.prompt) output.write("> ");
  };
  if (options.prompt) output.write(`${CONSOLE_HELP[lang]}\n`);
  prompt();
  for await (const line of rl) {
    const reply = consoleReply(line, state, options.library, lang);
    if (reply === null) break;
    if (reply) output.write(`${reply}\n\n`);
    prompt();
  }
  rl.close();
}

/** The console chat on this process's stdin/stdout (a prompt only when a person is typing). */
export function runStdioChat(library: NewsLibrary): Promise<void> {
  return runConsoleChat({ library, input: process.stdin, output: process.stdout, prompt: process.stdin.isTTY === true });
}
