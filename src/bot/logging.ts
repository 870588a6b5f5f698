/**
 * One structured log line per update, at info: update_id, kind, chat type, command, latency and
 * outcome (which Bot API methods it called, or the error). Installed first in createBot, so it
 * times everything. Never the token (the logger scrubs it anyway); message texts, queries and
 * button data only when the level is debug.
 */
import type { Context, MiddlewareFn } from "grammy";
import type { Logger } from "../log.js";

/** The update's kind: the name of its one payload field (message, callback_query, …). */
export function updateKind(update: object): string {
  return Object.keys(update).find((key) => key !== "update_id") ?? "unknown";
}

/** "/ask@NewsBot 聊城…" → "ask"; null when the text is not a command. */
export function commandOf(text: string | undefined): string | null {
  const match = text === undefined ? null : /^\/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s|$)/.exec(text);
  return match ? match[1].toLowerCase() : null;
}

/** The user-written text of an update (debug logs only). */
function textOf(ctx: Context): string | undefined {
  return ctx.msg?.text ?? ctx.msg?.caption ?? ctx.inlineQuery?.query ?? ctx.callbackQuery?.data ?? ctx.chosenInlineResult?.query;
}

export type Outcome = "answered" | "silent" | "error";

/** Bot API calls that are only housekeeping, not an answer. */
const NOT_AN_ANSWER = new Set(["sendChatAction", "getFile", "getMe"]);

export function logUpdates(logger: Logger, clock: () => number = () => performance.now()): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const started = clock();
    const calls: string[] = [];
    // Per-update Api instance: this transformer sees only this update's calls.
    ctx.api.config.use((prev, method, payload, signal) => {
      calls.push(method);
      return prev(method, payload, signal);
    });
    let failure: unknown;
    try {
      await next();
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      const fields: Record<string, unknown> = {
        update_id: ctx.update.update_id,
        kind: updateKind(ctx.update),
        chat_type: ctx.chat?.type ?? null,
        command: commandOf(ctx.msg?.text ?? ctx.msg?.caption),
        latency_ms: Math.round((clock() - started) * 10) / 10,
        outcome: (failure !== undefined ? "error" : calls.some((m) => !NOT_AN_ANSWER.has(m)) ? "answered" : "silent") satisfies Outcome,
        calls,
      };
      if (ctx.msg?.document) fields.document = true;
      if (logger.isLevelEnabled("debug")) {
        const text = textOf(ctx);
        if (text !== undefined) fields.text = text;
      }
      if (failure !== undefined) logger.warn(fields, "update");
      else logger.info(fields, "update");
    }
  };
}
