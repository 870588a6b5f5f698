/**
 * The composition root: environment → config → logger → library → the Telegram bot (long
 * polling) when BOT_TOKEN is set, else the console chat on stdin/stdout.
 */
import dotenv from "dotenv";
import { parseConfig, type Config } from "./config.js";
import { createLogger, type Logger } from "./log.js";
import { createBot } from "./bot/create-bot.js";
import { runConsoleChat } from "./bot/console-chat.js";
import { setupCommandMenus } from "./bot/features/commands.js";
import { TaskTracker } from "./bot/tasks.js";
import { openLibrary } from "./search/open-library.js";
import type { NewsLibrary } from "./search/library.js";

/** After SIGTERM, in-flight updates and reloads get this long; then the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 4000;
const ALLOWED_UPDATES = ["message", "callback_query", "inline_query"] as const;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function runBot(config: Config, library: NewsLibrary, logger: Logger): Promise<number> {
  const tasks = new TaskTracker();
  const bot = createBot(config, { library, logger, tasks });

  let stopping: Promise<void> | null = null;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    logger.info({ signal }, "main: stopping");
    const timer = setTimeout(() => {
      logger.error("main: shutdown took too long, exiting anyway");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    stopping = (async () => {
      try {
        await bot.stop();
      } catch (error) {
        logger.warn({ err: error }, "main: stopping the poller failed");
      }
      await tasks.idle();
      clearTimeout(timer);
    })();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  try {
    await bot.init();
  } catch (error) {
    logger.fatal({ err: error }, "main: cannot reach Telegram or the token is wrong");
    return 1;
  }
  if (stopping) return 0; // a signal arrived while connecting
  // Decorative: the menus are nice to have and must never keep the bot from answering.
  void setupCommandMenus(bot.api, config.adminIds, logger);

  try {
    await bot.start({
      drop_pending_updates: false,
      allowed_updates: [...ALLOWED_UPDATES],
      onStart: (me) => logger.info({ username: me.username, corpus: config.corpusDir }, "main: polling"),
    });
  } catch (error) {
    if (!stopping) {
      logger.fatal({ err: error }, "main: polling stopped");
      return 1;
    }
  }
  if (stopping) await stopping;
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
  const logger = createLogger({ level: config.logLevel, secrets: [config.botToken, config.webhookSecret], toStderr: consoleMode });

  let library: NewsLibrary;
  try {
    library = await openLibrary({ corpusDir: config.corpusDir, localCity: config.localCity });
  } catch (error) {
    logger.fatal({ err: error, corpus: config.corpusDir }, "main: cannot open the corpus");
    return 1;
  }
  logger.info({ items: library.engine.size, pages: library.pages, warnings: library.warnings.length }, "main: library open");

  if (consoleMode) {
    logger.info("main: no BOT_TOKEN, starting the console chat");
    await runConsoleChat({
      library,
      input: process.stdin,
      output: process.stdout,
      prompt: process.stdin.isTTY === true,
    });
    return 0;
  }
  return runBot(config, library, logger);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`newsbot: ${message(error)}\n`);
    process.exit(1);
  },
);
