/**
 * The composition root: environment → config → logger → library → the Telegram bot when BOT_TOKEN
 * is set, else the console chat on stdin/stdout.
 *
 * With a token the bot runs in one of two modes, and both serve HTTP on PORT (src/server/http.ts):
 *   - long polling (no WEBHOOK_URL): GET /healthz;
 *   - webhook (WEBHOOK_URL): setWebhook, then Telegram POSTs updates, checked against the secret.
 * The HTTP server starts before the corpus loads (/healthz answers 503 until it is ready), and
 * the corpus sync (src/ops/corpus-sync.ts) lets several instances share one corpus folder.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import dotenv from "dotenv";
import { BotError, type Bot } from "grammy";
import { parseConfig, type Config } from "./config.js";
import { createLogger, type Logger } from "./log.js";
import { ALLOWED_UPDATES, createBot, type BotContext } from "./bot/create-bot.js";
import { runStdioChat } from "./bot/console-chat.js";
import { setupBotProfile } from "./bot/menus.js";
import { TaskTracker } from "./bot/tasks.js";
import { announcingReloads, startCorpusSync, type CorpusSync } from "./ops/corpus-sync.js";
import { closeHttp, createHttpServer, listenHttp, type ServerMode, type UpdateHandler } from "./server/http.js";
import { openLibrary } from "./library/open-library.js";
import type { NewsLibrary } from "./library/news-library.js";
import { packageVersion } from "./version.js";

/** After SIGTERM, in-flight updates and reloads get this long; then the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 4000;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A default instance id: unique per process, readable in logs (the container's hostname is its id). */
function defaultInstanceId(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9_.-]/g, "-")
      .replace(/^[^A-Za-z0-9]+/, "")
      .slice(0, 48) || "newsbot";
  return `${host}-${process.pid}`;
}

interface ServiceSettings {
  config: Config;
  logger: Logger;
  mode: ServerMode;
  /** Webhook mode only: the secret Telegram sends back (configured or generated). */
  webhookSecret: string | null;
  instanceId: string;
  version: string;
}

/** The bot with its HTTP server, in either mode, until SIGINT/SIGTERM. */
async function runService({ config, logger, mode, webhookSecret, instanceId, version }: ServiceSettings): Promise<number> {
  const tasks = new TaskTracker();
  let library: NewsLibrary | null = null;
  let bot: Bot<BotContext> | null = null;
  let handler: UpdateHandler | null = null;
  let sync: CorpusSync | null = null;

  const server = createHttpServer({
    library: () => library,
    mode,
    version,
    logger,
    instanceId,
    webhook: webhookSecret === null ? undefined : { secretToken: webhookSecret, handler: () => handler },
  });

  let stopping: Promise<void> | null = null;
  let stopped!: () => void;
  const whenStopped = new Promise<void>((resolve) => (stopped = resolve));
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    logger.info({ signal }, "main: stopping");
    const timer = setTimeout(() => {
      logger.error("main: shutdown took too long, exiting anyway");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    stopping = (async () => {
      sync?.stop();
      handler = null; // updates arriving now get 503: Telegram redelivers them to another instance
      const stopPolling = async () => {
        try {
          await bot?.stop(); // long polling only; a no-op otherwise
        } catch (error) {
          logger.warn({ err: error }, "main: stopping the poller failed");
        }
      };
      // In parallel: a Bot API that does not answer must not keep the port open.
      await Promise.all([stopPolling(), closeHttp(server, 2000)]);
      await tasks.idle();
      clearTimeout(timer);
      stopped();
    })();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const finish = async (code: number) => {
    if (stopping) await stopping;
    else await closeHttp(server, 0);
    return code;
  };

  try {
    await listenHttp(server, config.port);
    logger.info({ port: config.port, mode }, "main: http server listening (GET /healthz)");
  } catch (error) {
    if (mode === "webhook") {
      logger.fatal({ err: error, port: config.port }, "main: cannot listen for webhook updates");
      return 1;
    }
    // Polling works without it; the health endpoint (and a container health check) will not.
    logger.error({ err: error, port: config.port }, "main: cannot listen on PORT, running without /healthz");
  }

  const loadStarted = new Date();
  let live: NewsLibrary;
  try {
    live = await openLibrary({ corpusDir: config.corpusDir, localCity: config.localCity });
  } catch (error) {
    logger.fatal({ err: error, corpus: config.corpusDir }, "main: cannot open the corpus");
    return finish(1);
  }
  library = live;
  logger.info(
    { items: live.engine.size, pages: live.pages, warnings: live.warnings.length, ms: Date.now() - loadStarted.getTime() },
    "main: library open",
  );
  if (stopping) return finish(0);

  sync = startCorpusSync({
    library: live,
    corpusDir: config.corpusDir,
    instanceId,
    intervalMs: config.corpusPollMs,
    logger,
    loadedSince: loadStarted,
  });
  // The bot's /reload and confirmed uploads reload, then tell the other instances.
  bot = createBot(config, { library: announcingReloads(live, sync), logger, tasks });
  const theBot = bot;

  try {
    await theBot.init();
  } catch (error) {
    logger.fatal({ err: error }, "main: cannot reach Telegram or the token is wrong");
    return finish(1);
  }
  if (stopping) return finish(0); // a signal arrived while connecting
  // Decorative: menus and descriptions are nice to have and must never keep the bot from answering.
  void setupBotProfile(theBot.api, config, logger);

  if (mode === "webhook") {
    handler = async (update) => {
      try {
        await theBot.handleUpdate(update);
      } catch (error) {
        // As long polling's bot.catch would: log the cause (not the whole context), move on.
        if (error instanceof BotError) {
          logger.error({ err: error.error, update_id: update.update_id }, "bot: unhandled error");
          return;
        }
        throw error;
      }
    };
    try {
      // Every instance sets the same webhook (idempotent); none deletes it on the way out.
      await theBot.api.setWebhook(config.webhookUrl!, {
        secret_token: webhookSecret!,
        allowed_updates: [...ALLOWED_UPDATES],
        drop_pending_updates: false,
      });
    } catch (error) {
      logger.fatal({ err: error }, "main: setWebhook failed");
      return finish(1);
    }
    logger.info(
      { username: theBot.botInfo.username, url: config.webhookUrl, corpus: config.corpusDir },
      "main: webhook set, serving updates",
    );
    await whenStopped;
  } else {
    try {
      await theBot.start({
        drop_pending_updates: false,
        allowed_updates: [...ALLOWED_UPDATES],
        onStart: (me) => logger.info({ username: me.username, corpus: config.corpusDir }, "main: polling"),
      });
    } catch (error) {
      if (!stopping) {
        logger.fatal({ err: error }, "main: polling stopped");
        return finish(1);
      }
    }
  }
  await finish(0);
  logger.info("main: stopped");
  return 0;
}

async function main(): Promise<number> {
  dotenv.config({ quiet: true });
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    process.stderr.write(`newsbot: ${message(error)}\n`);
    return 1;
  }
  const consoleMode = config.botToken === null;
  const mode: ServerMode = config.webhookUrl ? "webhook" : "polling";
  const generatedSecret = !consoleMode && mode === "webhook" && config.webhookSecret === null;
  const webhookSecret = consoleMode || mode !== "webhook" ? null : (config.webhookSecret ?? randomBytes(32).toString("base64url"));
  const logger = createLogger({ level: config.logLevel, secrets: [config.botToken, webhookSecret], toStderr: consoleMode });

  if (consoleMode) {
    let library: NewsLibrary;
    try {
      library = await openLibrary({ corpusDir: config.corpusDir, localCity: config.localCity });
    } catch (error) {
      logger.fatal({ err: error, corpus: config.corpusDir }, "main: cannot open the corpus");
      return 1;
    }
    logger.info({ items: library.engine.size, pages: library.pages, warnings: library.warnings.length }, "main: library open");
    logger.info("main: no BOT_TOKEN, starting the console chat");
    await runStdioChat(library);
    return 0;
  }

  const instanceId = config.instanceId ?? defaultInstanceId();
  const version = packageVersion();
  // Every line of a bot process names its instance: several share one log stream when scaled out.
  const log = logger.child({ instance: instanceId });
  log.info({ version, mode }, "main: starting");
  if (generatedSecret) {
    // Never logged. Instances each generating their own would overwrite each other's: set it.
    log.warn(
      "main: WEBHOOK_SECRET is not set; generated a random one for this process (set WEBHOOK_SECRET when running several instances)",
    );
  }
  return runService({ config, logger: log, mode, webhookSecret, instanceId, version });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`newsbot: ${message(error)}\n`);
    process.exit(1);
  },
);
