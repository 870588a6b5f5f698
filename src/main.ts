/**
 * The composition root: environment → settings → one of three modes (config.mode):
 *
 *   console   no BOT_TOKEN: the console chat on stdin/stdout (src/console/);
 *   polling   BOT_TOKEN: @grammyjs/runner long polling, GET /healthz on PORT;
 *   webhook   BOT_TOKEN + WEBHOOK_URL: setWebhook, Telegram POSTs updates to PORT (src/server/).
 *
 * The shared start-up steps live in src/ops/bot-service.ts, the one way to stop in
 * src/ops/shutdown.ts. `node dist/main.js --settings` prints the resolved settings (secrets
 * hidden) and exits.
 */
import { randomBytes } from "node:crypto";
import { describeSettings, type Config, type PollingMode, type WebhookMode } from "./config.js";
import { createLogger } from "./log.js";
import { runStdioChat } from "./console/console-chat.js";
import { setupBotProfile } from "./bot/menus.js";
import {
  ALLOWED_UPDATES,
  connect,
  listen,
  openServedLibrary,
  prepareService,
  startLibraryAndBot,
  webhookHandler,
  type Service,
} from "./ops/bot-service.js";
import { startPolling } from "./ops/polling.js";
import { grammySignal } from "./telegram/telegram-link.js";
import { settingsFromProcess } from "./ops/settings.js";
import { packageVersion } from "./version.js";

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function runConsole(config: Config): Promise<number> {
  const logger = createLogger({ level: config.logLevel, toStderr: true });
  const library = await openServedLibrary(config, logger);
  if (!library) return 1;
  logger.info("main: no BOT_TOKEN, starting the console chat");
  await runStdioChat(library);
  return 0;
}

/** Stop (if not yet stopping) and return the exit code once stopped. */
async function finish(service: Service, code: number, reason: string): Promise<number> {
  await service.shutdown.stop(reason);
  service.logger.info({ code }, "main: stopped");
  return code;
}

/** The start-up both Telegram modes share; the bot once Telegram answered, else null. */
async function startTelegram(service: Service) {
  service.shutdown.listen();
  service.logger.info({ version: packageVersion(), mode: service.mode.kind }, "main: starting");
  const listening = await listen(service);
  if (!listening && service.mode.kind === "webhook") return null;
  const bot = await startLibraryAndBot(service);
  if (!bot || !(await connect(service, bot))) return null;
  // Decorative: menus and descriptions are nice to have and must never keep the bot from answering.
  void setupBotProfile(bot.api, service.config, service.logger);
  return bot;
}

async function runPolling(config: Config, mode: PollingMode): Promise<number> {
  const service = prepareService(config, mode, null);
  const bot = await startTelegram(service);
  if (!bot) return finish(service, service.shutdown.stopping ? 0 : 1, "start-up failed");
  try {
    // Telegram serves updates to a webhook or to getUpdates, never both.
    await bot.api.deleteWebhook({ drop_pending_updates: false }, grammySignal(service.shutdown.signal));
  } catch (error) {
    if (!service.shutdown.stopping) service.logger.warn({ err: error }, "main: deleteWebhook failed; polling anyway");
  }
  if (service.shutdown.stopping) return finish(service, 0, "signal");
  const poller = startPolling(bot, ALLOWED_UPDATES);
  service.live.stopUpdates = () => poller.stop();
  service.logger.info({ username: bot.botInfo.username, corpus: config.corpusDir }, "main: polling");
  try {
    await Promise.race([poller.done, service.shutdown.whenRequested]);
  } catch (error) {
    service.logger.fatal({ err: error }, "main: polling stopped (Telegram refused getUpdates)");
    return finish(service, 1, "polling failed");
  }
  return finish(service, 0, "signal");
}

async function runWebhook(config: Config, mode: WebhookMode): Promise<number> {
  const secret = mode.secret ?? randomBytes(32).toString("base64url");
  const service = prepareService(config, mode, secret);
  if (mode.secret === null) {
    // Never logged. Instances each generating their own would overwrite each other's: set it.
    service.logger.warn(
      "main: WEBHOOK_SECRET is not set; generated a random one for this process (set WEBHOOK_SECRET when running several instances)",
    );
  }
  const bot = await startTelegram(service);
  if (!bot) return finish(service, service.shutdown.stopping ? 0 : 1, "start-up failed");
  try {
    // Every instance sets the same webhook (idempotent); none deletes it on the way out.
    await bot.api.setWebhook(
      mode.url,
      { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES], drop_pending_updates: false },
      grammySignal(service.shutdown.signal),
    );
  } catch (error) {
    if (service.shutdown.stopping) return finish(service, 0, "signal");
    service.logger.fatal({ err: error }, "main: setWebhook failed");
    return finish(service, 1, "setWebhook failed");
  }
  service.live.handler = webhookHandler(bot, service.logger);
  service.logger.info({ username: bot.botInfo.username, url: mode.url, corpus: config.corpusDir }, "main: webhook set, serving updates");
  await service.shutdown.whenRequested;
  return finish(service, 0, "signal");
}

async function main(argv: string[]): Promise<number> {
  let config: Config;
  try {
    config = settingsFromProcess();
  } catch (error) {
    process.stderr.write(`newsbot: ${message(error)}\n`);
    return 1;
  }
  if (argv.includes("--settings")) {
    process.stdout.write(`${JSON.stringify(describeSettings(config), null, 2)}\n`);
    return 0;
  }
  switch (config.mode.kind) {
    case "console":
      return runConsole(config);
    case "polling":
      return runPolling(config, config.mode);
    case "webhook":
      return runWebhook(config, config.mode);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`newsbot: ${message(error)}\n`);
    process.exit(1);
  },
);
