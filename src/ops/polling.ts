/**
 * Long polling with @grammyjs/runner: getUpdates in a loop, updates handled concurrently (the bot
 * keeps each chat's own in order with sequentialize), so a slow chat or an admin's upload never
 * holds up the others. Assembled from the runner's parts, rather than its run(), to know which
 * updates are still being handled: stop() ends getUpdates at once and then drains them.
 */
import { createConcurrentSink, createRunner, createSource, createUpdateFetcher } from "@grammyjs/runner";
import type { Bot, BotError, Context } from "grammy";
import type { Update } from "grammy/types";
import { TaskTracker } from "../bot/tasks.js";

/** Most updates handled at once (grammY runner's default). */
export const MAX_CONCURRENT_UPDATES = 500;

export interface Poller {
  /** Settles when polling ends: resolves after stop(), rejects when Telegram refuses (401, 409). */
  readonly done: Promise<void>;
  /** Stop fetching now; resolves once the updates being handled are done. */
  stop(): Promise<void>;
  /** Updates being handled now. */
  readonly inFlight: number;
}

export function startPolling<C extends Context>(bot: Bot<C>, allowedUpdates: readonly string[]): Poller {
  const inFlight = new TaskTracker();
  // Network errors are retried (and logged) by the telegram-link transformer, not here.
  const fetchUpdates = createUpdateFetcher(bot, {
    fetch: { allowed_updates: [...allowedUpdates] as Exclude<Parameters<Bot["api"]["getUpdates"]>[0], undefined>["allowed_updates"] },
    silent: true,
  });
  const source = createSource({ supply: fetchUpdates });
  const sink = createConcurrentSink<Update>(
    {
      consume: (update) =>
        new Promise<void>((resolve, reject) => {
          inFlight.run(() => bot.handleUpdate(update).then(resolve, reject));
        }),
    },
    async (error) => {
      await bot.errorHandler(error as BotError<C>);
    },
    { concurrency: MAX_CONCURRENT_UPDATES },
  );
  const runner = createRunner(source, sink);
  runner.start();
  const done = runner.task() ?? Promise.resolve();
  return {
    done,
    get inFlight() {
      return inFlight.size;
    },
    async stop() {
      await runner.stop();
      await inFlight.idle();
    },
  };
}
