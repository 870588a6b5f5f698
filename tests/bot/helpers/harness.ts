/**
 * Test harness: a bot from createBot whose API calls are recorded and answered with plausible
 * results (no network, no getMe), update factories, and corpora in temp folders for the real
 * library.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Bot } from "grammy";
import { afterAll, beforeAll } from "vitest";
import type { Update, UserFromGetMe } from "grammy/types";
import { parseConfig, type Config } from "../../../src/config.js";
import { createBot, type BotContext, type BotDeps } from "../../../src/bot/create-bot.js";
import { TaskTracker } from "../../../src/bot/tasks.js";
import { createLogger, type Logger } from "../../../src/log.js";
import type { NewsLibrary } from "../../../src/library/news-library.js";
import { openLibrary } from "../../../src/library/open-library.js";

export const SEED_PAGE = fileURLToPath(new URL("../../../corpus/000_777c845344387f30.txt", import.meta.url));
export const TOKEN = "123456:TEST-token_secret";
export const BOT_ID = 4242;
export const BOT_USERNAME = "news_test_bot";
export const ADMIN_ID = 1001;
export const USER_ID = 2002;
export const GROUP_ID = -100500;

export const BOT_INFO: UserFromGetMe = {
  id: BOT_ID,
  is_bot: true,
  first_name: "News",
  username: BOT_USERNAME,
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

export interface ApiCall {
  method: string;
  payload: Record<string, any>;
  /** What the harness answered (e.g. the sent message, with its message_id). Not enumerable, so payload assertions ignore it. */
  readonly result?: any;
}

/** A corpus folder in tmp holding the seed page (and any extra files given). */
export function tempCorpus(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "newsbot-test-corpus-"));
  cpSync(SEED_PAGE, join(dir, "000_777c845344387f30.txt"));
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function corpusFiles(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** The real library on a folder. */
export async function realLibrary(dir: string): Promise<NewsLibrary> {
  return openLibrary({ corpusDir: dir, localCity: "聊城" });
}

/** One real library per test file, on a temp copy of the seed page (plus extra files). */
export function useTempLibrary(extra: Record<string, string> = {}): { readonly dir: string; readonly library: NewsLibrary } {
  const state = { dir: "", library: undefined as unknown as NewsLibrary };
  beforeAll(async () => {
    state.dir = tempCorpus(extra);
    state.library = await realLibrary(state.dir);
  });
  afterAll(() => removeDir(state.dir));
  return state;
}

export function silentLogger(): Logger {
  return createLogger({ level: "silent", pretty: false });
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...parseConfig({ BOT_TOKEN: TOKEN, ADMIN_IDS: String(ADMIN_ID), TELEGRAM_API_ROOT: "http://127.0.0.1:1" }),
    ...overrides,
  };
}

let messageCounter = 1000;

/** A plausible Bot API result per method, so grammY and our handlers see what Telegram sends. */
function plausibleResult(method: string, payload: Record<string, any>): unknown {
  const date = Math.floor(Date.now() / 1000);
  switch (method) {
    case "sendMessage":
      return {
        message_id: ++messageCounter,
        date,
        chat: { id: payload.chat_id, type: payload.chat_id < 0 ? "supergroup" : "private" },
        from: { id: BOT_ID, is_bot: true, first_name: "News", username: BOT_USERNAME },
        text: payload.text,
      };
    case "editMessageText":
      return {
        message_id: payload.message_id,
        date,
        chat: { id: payload.chat_id, type: "private" },
        text: payload.text,
      };
    case "getFile":
      return { file_id: payload.file_id, file_unique_id: "u1", file_size: 100, file_path: `documents/${payload.file_id}.txt` };
    case "getMe":
      return BOT_INFO;
    default:
      return true;
  }
}

export interface Harness {
  bot: Bot<BotContext>;
  calls: ApiCall[];
  tasks: TaskTracker;
  library: NewsLibrary;
  config: Config;
  /** Feed one update and (unless wait is false) wait for background work (reloads) too. */
  send(update: Omit<Update, "update_id">, options?: { wait?: boolean }): Promise<void>;
  /** Calls of one method since the last reset. */
  sent(method: string): ApiCall[];
  reset(): void;
}

export function makeHarness(library: NewsLibrary, options: { config?: Partial<Config>; deps?: Partial<BotDeps> } = {}): Harness {
  const config = testConfig(options.config);
  const tasks = new TaskTracker();
  const bot = createBot(config, { library, logger: silentLogger(), tasks, ...options.deps });
  bot.botInfo = BOT_INFO;
  const calls: ApiCall[] = [];
  bot.api.config.use(async (_prev, method, payload) => {
    const result = plausibleResult(method, payload as Record<string, any>);
    const call: ApiCall = { method, payload: payload as Record<string, any> };
    Object.defineProperty(call, "result", { value: result, enumerable: false });
    calls.push(call);
    return { ok: true, result } as any;
  });
  let updateId = 1;
  return {
    bot,
    calls,
    tasks,
    library,
    config,
    async send(update, { wait = true } = {}) {
      await bot.handleUpdate({ update_id: updateId++, ...update } as Update);
      if (wait) await tasks.idle();
    },
    sent: (method) => calls.filter((c) => c.method === method),
    reset: () => {
      calls.length = 0;
    },
  };
}

// ---- update factories -------------------------------------------------------------------------

let nextMessageId = 1;

export interface UserSpec {
  id?: number;
  language_code?: string;
  first_name?: string;
}

function user(spec: UserSpec = {}) {
  return { id: spec.id ?? USER_ID, is_bot: false, first_name: spec.first_name ?? "Test", language_code: spec.language_code ?? "zh-hans" };
}

/** Entities for a leading /command, as Telegram marks them. */
function commandEntities(text: string) {
  const match = /^\/[A-Za-z0-9_]+(@\w+)?/.exec(text);
  return match ? [{ type: "bot_command" as const, offset: 0, length: match[0].length }] : undefined;
}

export function privateText(text: string, from: UserSpec = {}, extra: Record<string, unknown> = {}): Omit<Update, "update_id"> {
  const u = user(from);
  return {
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: u.id, type: "private", first_name: u.first_name },
      from: u,
      text,
      entities: commandEntities(text),
      ...extra,
    },
  } as Omit<Update, "update_id">;
}

export function groupText(text: string, from: UserSpec = {}, extra: Record<string, unknown> = {}): Omit<Update, "update_id"> {
  const u = user(from);
  const entities = [...(commandEntities(text) ?? [])];
  const mention = `@${BOT_USERNAME}`;
  const at = text.indexOf(mention);
  if (at >= 0) entities.push({ type: "mention", offset: at, length: mention.length } as any);
  return {
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: GROUP_ID, type: "supergroup", title: "Test group" },
      from: u,
      text,
      entities: entities.length ? entities : undefined,
      ...extra,
    },
  } as Omit<Update, "update_id">;
}

/** A callback from a button under a bot message in chatId. */
export function callback(data: string, from: UserSpec = {}, chatId?: number): Omit<Update, "update_id"> {
  const u = user(from);
  const chat = chatId ?? u.id;
  return {
    callback_query: {
      id: String(nextMessageId++),
      from: u,
      chat_instance: "ci",
      data,
      message: {
        message_id: 77,
        date: Math.floor(Date.now() / 1000),
        chat: chat < 0 ? { id: chat, type: "supergroup", title: "Test group" } : { id: chat, type: "private", first_name: u.first_name },
        from: { id: BOT_ID, is_bot: true, first_name: "News", username: BOT_USERNAME },
        text: "an earlier answer",
      },
    },
  } as Omit<Update, "update_id">;
}

export function inlineQuery(query: string, offset = "", from: UserSpec = {}): Omit<Update, "update_id"> {
  return { inline_query: { id: String(nextMessageId++), from: user(from), query, offset } } as Omit<Update, "update_id">;
}

export function privateDocument(fileName: string, fileSize: number, from: UserSpec = { id: ADMIN_ID }): Omit<Update, "update_id"> {
  const u = user(from);
  return {
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: u.id, type: "private", first_name: u.first_name },
      from: u,
      document: { file_id: `doc${nextMessageId}`, file_unique_id: `uniq${nextMessageId}`, file_name: fileName, file_size: fileSize },
    },
  } as Omit<Update, "update_id">;
}

/** Texts of all sendMessage/editMessageText calls. */
export function texts(calls: ApiCall[]): string[] {
  return calls.filter((c) => c.method === "sendMessage" || c.method === "editMessageText").map((c) => c.payload.text as string);
}

/** Every callback_data in a reply_markup. */
export function buttons(payload: Record<string, any>): { text: string; callback_data?: string; [k: string]: unknown }[] {
  return (payload.reply_markup?.inline_keyboard ?? []).flat();
}

/** Well-formed Telegram HTML: only known tags, balanced, entities valid, no stray < > &. */
export function isWellFormedHtml(html: string): boolean {
  const stack: string[] = [];
  const token = /<(\/?)(b|i|u|s|code|pre|a)(?:\s+href="[^"<>]*")?>|&(amp|lt|gt|quot);|[<>&]/g;
  let match: RegExpExecArray | null;
  while ((match = token.exec(html))) {
    if (match[0] === "<" || match[0] === ">" || match[0] === "&") return false;
    if (match[3]) continue;
    const [, closing, tag] = match;
    if (closing) {
      if (stack.pop() !== tag) return false;
    } else {
      stack.push(tag);
    }
  }
  return stack.length === 0;
}
