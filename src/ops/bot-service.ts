/**
 * The parts both Telegram modes share, in start-up order: the logger, the shutdown, the HTTP
 * server (it listens before the corpus loads: /healthz says 503 until it is ready), the library
 * (debris removed, every start-up problem named at warn), the corpus sync, the bot, and the first
 * contact with Telegram. main.ts strings them together per mode.
 */
import { hostname } from "node:os";
import type { Server } from "node:http";
import { BotError, type Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Config, TelegramMode } from "../config.js";
import { createLogger, type Logger } from "../log.js";
import { createBot, type BotContext } from "../bot/create-bot.js";
import { TaskTracker } from "../bot/tasks.js";
import { openLibrary } from "../library/open-library.js";
import type { NewsLibrary } from "../library/news-library.js";
import { createHttpServer, closeHttp, listenHttp, type UpdateHandler } from "../server/http.js";
import { packageVersion } from "../version.js";
import { announcingReloads, FileGenerations, startCorpusSync, type CorpusSync, type ReloadAnnouncer } from "./corpus-sync.js";
import { removeDebris } from "./debris.js";
import { Shutdown, untilAborted } from "./shutdown.js";
import { grammySignal } from "../telegram/telegram-link.js";
import { TelegramStatus } from "../telegram/telegram-status.js";
import { MemoryRecentUpdates, type RecentUpdates } from "../telegram/update-dedupe.js";
import { openFleetState, type FleetState } from "./fleet-state.js";

/** The update types the bot asks Telegram for: the bot's own list. */
export { ALLOWED_UPDATES } from "../bot/create-bot.js";
/** Requests in flight when the webhook server closes get this long. */
const HTTP_CLOSE_GRACE_MS = 2000;

/** A default instance id: unique per process, readable in logs (the container's hostname is its id). */
export function defaultInstanceId(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9_.-]/g, "-")
      .replace(/^[^A-Za-z0-9]+/, "")
      .slice(0, 48) || "newsbot";
  return `${host}-${process.pid}`;
}

export interface Service {
  config: Config;
  mode: TelegramMode;
  logger: Logger;
  instanceId: string;
  shutdown: Shutdown;
  tasks: TaskTracker;
  status: TelegramStatus;
  server: Server;
  announcer: ReloadAnnouncer;
  recentUpdates: RecentUpdates;
  /** REDIS_URL set: the state the fleet shares. Null: everything in this process. */
  fleet: FleetState | null;
  /** What is live so far; filled in as start-up goes on. */
  live: { library: NewsLibrary | null; sync: CorpusSync | null; handler: UpdateHandler | null; stopUpdates: (() => Promise<void>) | null };
}

/** The password in REDIS_URL, scrubbed from every log line like the token (null when none). */
export function redisPassword(url: string | null): string | null {
  if (!url) return null;
  const password = decodeURIComponent(new URL(url).password);
  // A very short one would blank out ordinary words in the log: those are only ever redacted in the URL.
  return password.length >= 6 ? password : null;
}

/** Everything before the first I/O. `webhookSecret` is set in webhook mode only. */
export function prepareService(config: Config, mode: TelegramMode, webhookSecret: string | null): Service {
  const instanceId = config.instanceId ?? defaultInstanceId();
  const base = createLogger({ level: config.logLevel, secrets: [mode.botToken, webhookSecret, redisPassword(config.redisUrl)] });
  // Every line of a bot process names its instance: several share one log stream when scaled out.
  const logger = base.child({ instance: instanceId });
  const shutdown = new Shutdown(logger, config.shutdownTimeoutMs);
  const tasks = new TaskTracker((error) => logger.error({ err: error }, "bot: background task failed"));
  const status = new TelegramStatus(config.telegramGraceMs);
  const live: Service["live"] = { library: null, sync: null, handler: null, stopUpdates: null };
  const fleet = config.redisUrl ? openFleetState(config, { token: mode.botToken, instanceId, logger }) : null;
  const server = createHttpServer({
    library: () => live.library,
    mode: mode.kind,
    version: packageVersion(),
    logger,
    instanceId,
    telegram: () => status.health(),
    generation: () => live.sync?.generation ?? 0,
    redis: fleet ? () => fleet.state() : undefined,
    webhook: webhookSecret === null ? undefined : { secretToken: webhookSecret, handler: () => live.handler },
  });
  const service: Service = {
    config,
    mode,
    logger,
    instanceId,
    shutdown,
    tasks,
    status,
    server,
    announcer: fleet?.generations ?? new FileGenerations(config.corpusDir),
    recentUpdates: fleet?.recentUpdates ?? new MemoryRecentUpdates(),
    fleet,
    live,
  };
  registerShutdown(service);
  return service;
}

/** The stop, in order: no new updates (and those in flight drained), background work, sync, HTTP. */
function registerShutdown(service: Service): void {
  const { shutdown, live, tasks, server } = service;
  shutdown.add("updates", async (signal) => {
    live.handler = null; // webhook: updates arriving now get 503, Telegram redelivers them
    if (live.stopUpdates) await untilAborted(live.stopUpdates(), signal);
  });
  shutdown.add("background tasks", async (signal) => {
    tasks.abort(); // downloads end now; a reload may finish within the budget
    await untilAborted(tasks.idle(), signal);
  });
  shutdown.add("corpus sync", () => live.sync?.stop());
  shutdown.add("redis", async () => service.fleet?.close());
  shutdown.add("http", () => closeHttp(server, service.mode.kind === "webhook" ? HTTP_CLOSE_GRACE_MS : 0));
}

/** Listen on PORT; false when the port cannot be had (logged: fatal in webhook mode, an error otherwise). */
export async function listen(service: Service): Promise<boolean> {
  const { config, logger, mode } = service;
  try {
    await listenHttp(service.server, config.port);
    logger.info({ port: config.port, mode: mode.kind }, "main: http server listening (GET /healthz)");
    return true;
  } catch (error) {
    if (mode.kind === "webhook") logger.fatal({ err: error, port: config.port }, "main: cannot listen for webhook updates");
    // Polling works without it; the health endpoint (and a container health check) will not.
    else logger.error({ err: error, port: config.port }, "main: cannot listen on PORT, running without /healthz");
    return false;
  }
}

/**
 * Open the library as a served process does: crash debris removed first, each skipped file, a
 * stale or damaged snapshot and an empty library named at warn. Null when the corpus cannot be read.
 */
export async function openServedLibrary(config: Config, logger: Logger) {
  const debris = await removeDebris(config.corpusDir);
  for (const file of debris.removed) logger.warn({ file }, `library: removed ${file}, left behind by an interrupted write`);
  for (const { file, code } of debris.failed) logger.warn({ file, code }, `library: could not remove ${file} (${code})`);
  const started = Date.now();
  try {
    const library = await openLibrary({
      corpusDir: config.corpusDir,
      localCity: config.localCity,
      onWarning: (w) => logger.warn({ file: w.file, reason: w.reason }, `library: ${w.file}: ${w.reason}`),
    });
    const fields = {
      items: library.engine.size,
      pages: library.pages,
      warnings: library.warnings.length,
      source: library.stats.source,
      ms: Date.now() - started,
    };
    logger.info({ ...fields, corpus: config.corpusDir }, "main: library open");
    if (library.engine.size === 0)
      logger.warn(
        { corpus: config.corpusDir },
        "library: the library is empty: no article could be loaded; every question goes unanswered",
      );
    return library;
  } catch (error) {
    logger.fatal({ err: error, corpus: config.corpusDir }, "main: cannot open the corpus");
    return null;
  }
}

/** The library, the corpus sync and the bot; null when the corpus cannot be opened. */
export async function startLibraryAndBot(service: Service): Promise<Bot<BotContext> | null> {
  const { config, logger, announcer, fleet } = service;
  // Redis away at start: go on from memory (logged by the link); the stores use Redis once it is back.
  if (fleet) await fleet.ready();
  // Read before loading: the index about to be built includes at least this generation.
  const loadedGeneration = await announcer.latest().catch(() => 0);
  const library = await openServedLibrary(config, logger);
  if (!library || service.shutdown.stopping) return null;
  service.live.library = library;
  const sync = startCorpusSync({
    library,
    announcer,
    instanceId: service.instanceId,
    intervalMs: config.corpusPollMs,
    logger,
    loadedGeneration,
    lock: fleet?.lock,
  });
  service.live.sync = sync;
  // Another instance's reload arrives on the channel at once; the poll catches up on any missed.
  if (fleet) fleet.onGeneration(() => void sync.check());
  // The bot's /reload and confirmed uploads reload, then tell the other instances.
  return createBot(config, {
    library: announcingReloads(library, sync),
    logger,
    tasks: service.tasks,
    telegramStatus: service.status,
    shutdown: service.shutdown.signal,
    recentUpdates: service.recentUpdates,
    shared: fleet?.shared,
  });
}

/** getMe, retried (and logged) by the telegram link until it answers or the process stops. */
export async function connect(service: Service, bot: Bot<BotContext>): Promise<boolean> {
  try {
    await bot.init(grammySignal(service.shutdown.signal));
    return true;
  } catch (error) {
    if (!service.shutdown.stopping) service.logger.fatal({ err: error }, "main: Telegram refused the bot: is BOT_TOKEN right?");
    return false;
  }
}

/** Webhook mode's update handler: as long polling's bot.catch would, log the cause and move on. */
export function webhookHandler(bot: Bot<BotContext>, logger: Logger): UpdateHandler {
  return async (update: Update) => {
    try {
      await bot.handleUpdate(update);
    } catch (error) {
      if (error instanceof BotError) {
        logger.error({ err: error.error, update_id: update.update_id }, "bot: unhandled error");
        return;
      }
      throw error;
    }
  };
}
