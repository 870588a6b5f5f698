/**
 * The bot's context type: grammY's Context plus the injected dependencies (a context flavor), so
 * every feature reads the library, logger and stores from ctx.deps and none holds globals.
 */
import type { Context } from "grammy";
import type { Config } from "../config.js";
import type { LoadResult } from "../corpus/types.js";
import type { Logger } from "../log.js";
import type { NewsLibrary } from "../library/news-library.js";
import type { Lang } from "./i18n.js";
import type { KeyStore } from "./short-key-store.js";
import type { QuestionBudget } from "./rate-limit.js";
import type { TaskTracker } from "./tasks.js";
import type { RecentUpdates } from "../telegram/update-dedupe.js";
import type { TelegramStatus } from "../telegram/telegram-status.js";

/** What the caller of createBot provides. */
export interface BotDeps {
  library: NewsLibrary;
  logger: Logger;
  now?: () => Date;
  /** Downloads uploaded documents; injectable for tests. Default: global fetch. */
  fetch?: typeof fetch;
  /** Background work (reloads, downloads, saves); pass one to abort and await it on shutdown. */
  tasks?: TaskTracker;
  /** Parses an uploaded file for its preview. Default: the corpus loader. */
  loadCorpus?: (dir: string) => Promise<LoadResult>;
  /** Recently handled update ids (default: in memory, bounded); a fleet shares one. */
  recentUpdates?: RecentUpdates;
  /** Where Bot API reachability is reported (for /healthz). Default: a private one. */
  telegramStatus?: TelegramStatus;
  /** Aborted on shutdown: Bot API requests in flight end, retries stop. */
  shutdown?: AbortSignal;
  /** How often a reload's status message is edited with its progress (default 3 s). */
  progressEveryMs?: number;
  /**
   * Button state and question budgets shared by a fleet (Redis, src/ops/fleet-state.ts); each one
   * left out is kept in this process's memory, bounded.
   */
  shared?: Partial<SharedStores>;
}

/** The state a button press or a question needs, wherever it lands. */
export interface SharedStores {
  results: KeyStore<ResultsEntry>;
  /** Replies by "chatId:questionMessageId". */
  replies: KeyStore<ReplyRecord>;
  uploads: KeyStore<PendingUpload>;
  limiter: QuestionBudget;
  inlineLimiter: QuestionBudget;
}

/** A question behind result buttons, or a list of articles behind "full article" buttons. */
export interface ResultsEntry {
  /** The question the pages answer; null for a fixed list (latest, related). */
  question: string | null;
  lang: Lang;
  /** Article ids by answer rank, filled in as pages are shown. */
  articleIds: string[];
}

/** The bot's reply to a question message, so an edit of the question edits the reply. */
export interface ReplyRecord {
  messageId: number;
}

/** An admin's uploaded document waiting for Confirm or Cancel. */
export interface PendingUpload {
  adminId: number;
  /** The safe file name it will be saved under (before collision suffixes). */
  name: string;
  bytes: Uint8Array;
  lang: Lang;
  /** The library file it repeats (findDuplicate): Confirm replaces that file instead of adding one. */
  replace?: string;
}

/** Everything a handler may use. */
export interface BotServices extends SharedStores {
  config: Config;
  library: NewsLibrary;
  logger: Logger;
  now: () => Date;
  fetch: typeof fetch;
  tasks: TaskTracker;
  progressEveryMs?: number;
  loadCorpus: (dir: string) => Promise<LoadResult>;
}

export interface DepsFlavor {
  deps: BotServices;
}

export type BotContext = Context & DepsFlavor;
