/**
 * The bot factory: a configured grammY Bot with every feature installed. It never starts itself
 * (main.ts polls; tests feed updates through bot.handleUpdate), and holds no global state: all it
 * uses arrives in deps and reaches handlers as ctx.deps.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, Composer, type BotError, type Context } from "grammy";
import { botTokenOf, type Config } from "../config.js";
import { loadCorpus } from "../corpus/load.js";
import type { BotContext, BotDeps, BotServices, SharedStores } from "./context.js";
import { admin } from "./features/admin.js";
import { commands } from "./features/commands.js";
import { groups } from "./features/groups.js";
import { inline } from "./features/inline.js";
import { questions } from "./features/questions.js";
import { results } from "./features/results.js";
import { answerExpired } from "./guards.js";
import { labels, pickLang } from "./i18n.js";
import { logUpdates } from "./logging.js";
import { ShortKeyStore } from "./short-key-store.js";
import { RateLimiter } from "./rate-limit.js";
import { TaskTracker } from "./tasks.js";
import { MemoryRecentUpdates, skipRepeatedUpdates } from "../telegram/update-dedupe.js";
import { telegramLink } from "../telegram/telegram-link.js";
import { proxyAgent } from "../telegram/telegram-proxy.js";
import { TelegramStatus } from "../telegram/telegram-status.js";
import { agentFetch } from "./upload.js";

export type { BotContext, BotDeps } from "./context.js";

/** The updates the features handle: give bot.start / setWebhook exactly these (edited questions need edited_message). */
export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "inline_query"] as const;

const RESULTS_CAPACITY = 5000;
export const RESULTS_TTL_MS = 24 * 60 * 60 * 1000;
const REPLIES_CAPACITY = 5000;
/** Telegram lets users edit messages for 48 hours. */
export const REPLIES_TTL_MS = 48 * 60 * 60 * 1000;
const UPLOADS_CAPACITY = 50;
export const UPLOADS_TTL_MS = 30 * 60 * 1000;
/** Inline queries arrive per keystroke, so they get a larger budget than questions. */
export const INLINE_BUDGET_FACTOR = 5;
/** The question budget's window. */
export const RATE_WINDOW_MS = 60_000;
/** Longest wait for one Bot API call (getUpdates long-polls for 30 s). */
const API_TIMEOUT_SECONDS = 60;

/** This process's own stores, bounded: a single instance's, and a fleet's fallback while Redis is away. */
export function memoryStores(rateLimit: number, clock: () => number = Date.now): SharedStores {
  return {
    results: new ShortKeyStore(RESULTS_CAPACITY, RESULTS_TTL_MS, clock),
    replies: new ShortKeyStore(REPLIES_CAPACITY, REPLIES_TTL_MS, clock),
    uploads: new ShortKeyStore(UPLOADS_CAPACITY, UPLOADS_TTL_MS, clock),
    limiter: new RateLimiter(rateLimit, RATE_WINDOW_MS, clock),
    inlineLimiter: new RateLimiter(rateLimit * INLINE_BUDGET_FACTOR, RATE_WINDOW_MS, clock),
  };
}

/** Updates of one chat are handled in order; different chats (and inline queries) concurrently. */
function chatKey(ctx: Context): string | undefined {
  return ctx.chat?.id.toString();
}

export function createBot(config: Config, deps: BotDeps): Bot<BotContext> {
  const token = botTokenOf(config);
  if (!token) throw new Error("bot: createBot needs a BOT_TOKEN");
  const agent = proxyAgent(config.telegramApiRoot, config.telegramProxy);
  const now = deps.now ?? (() => new Date());
  const clock = () => now().getTime();
  const services: BotServices = {
    config,
    library: deps.library,
    logger: deps.logger,
    now,
    fetch: deps.fetch ?? agentFetch(agent),
    tasks: deps.tasks ?? new TaskTracker((error) => deps.logger.error({ err: error }, "bot: background task failed")),
    progressEveryMs: deps.progressEveryMs,
    loadCorpus: deps.loadCorpus ?? ((dir) => loadCorpus(dir)),
    ...memoryStores(config.rateLimit, clock),
    ...deps.shared,
  };

  // A request that never returns must not hold its chat for grammY's default 500 s. 60 s stays
  // above the 30 s long-poll of getUpdates. TELEGRAM_PROXY: every call goes through the agent.
  const bot = new Bot<BotContext>(token, {
    client: {
      apiRoot: config.telegramApiRoot,
      timeoutSeconds: API_TIMEOUT_SECONDS,
      ...(agent ? { baseFetchConfig: { agent, compress: true } } : {}),
    },
  });
  // Network errors and 5xx: retried with backoff and logged at warn by telegramLink (which also
  // ends every request on shutdown); 429 retry_after: by auto-retry, installed after it (outside).
  const status = deps.telegramStatus ?? new TelegramStatus(config.telegramGraceMs);
  bot.api.config.use(telegramLink({ status, logger: deps.logger, shutdown: deps.shutdown }));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true, rethrowInternalServerErrors: true }));

  // 1. A repeated update_id (webhook redelivery) stops here. 2. One chat's updates in order.
  bot.use(skipRepeatedUpdates(deps.recentUpdates ?? new MemoryRecentUpdates(), deps.logger));
  bot.use(sequentialize(chatKey));
  bot.use(logUpdates(deps.logger));
  bot.use((ctx, next) => {
    ctx.deps = services;
    return next();
  });
  // Our own inline results posted in a chat are answers, not questions.
  bot.use((ctx, next) => (ctx.msg?.via_bot?.id === ctx.me.id ? undefined : next()));

  const fallback = new Composer<BotContext>();
  fallback.on("callback_query", answerExpired);

  // The features, in the order an update tries them; the first that handles it wins:
  //   1. commands  /start (deep links), /help, /ask, /latest, /stats and the help card's buttons:
  //                before everything that treats text as a question.
  //   2. admin     /reload and uploads, for admins only; anyone else falls through as if it did not exist.
  //   3. results   paging and "full article" buttons under answers and lists.
  //   4. inline    inline queries.
  //   5. groups    group messages addressed to the bot (mention, reply), the hello on joining.
  //   6. questions private chat: any text or caption is a question; unknown commands, other media.
  //   7. fallback  any other button (stale, forged, foreign): "expired".
  bot.errorBoundary(onFeatureError, commands, admin, results, inline, groups, questions, fallback);

  // Last line of defence (errors in the boundary handler itself): log, never crash polling.
  bot.catch((error) => {
    deps.logger.error({ err: error.error, update_id: error.ctx.update.update_id }, "bot: unhandled error");
  });
  return bot;
}

/** Log the error, tell the user something short; no stack trace ever reaches a chat. */
async function onFeatureError(error: BotError<BotContext>): Promise<void> {
  const { ctx } = error;
  ctx.deps.logger.error({ err: error.error, update_id: ctx.update.update_id }, "bot: handler failed");
  const text = labels(pickLang(ctx.from?.language_code)).error;
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text });
    else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 0 });
    // Only addressed messages reach a handler that can fail, so a group hears of it too.
    else if (ctx.chat) await ctx.reply(text);
  } catch (inner) {
    ctx.deps.logger.warn({ err: inner }, "bot: could not report the error to the user");
  }
}
