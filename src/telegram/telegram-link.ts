/**
 * How the bot talks to the Bot API when the network misbehaves: an API transformer that retries
 * calls failing on the network (or with a 5xx) with exponential backoff, says so at warn
 * ("cannot reach Telegram (reason), retrying in N s", at most once per backoff step, not once per
 * call), reports reachability to TelegramStatus for /healthz, and gives up at once when the
 * process is stopping: every request is tied to the shutdown signal, so a SIGTERM during a hung
 * init() or getUpdates ends the request instead of waiting for it.
 *
 * Installed before @grammyjs/auto-retry (which is then left to handle 429 retry_after only), so
 * it sees each attempt.
 */
import { HttpError, type Api, type Transformer } from "grammy";
import type { Logger } from "../log.js";
import type { TelegramStatus } from "./telegram-status.js";

export const DEFAULT_INITIAL_DELAY_MS = 1000;
export const DEFAULT_MAX_DELAY_MS = 60_000;

export interface TelegramLinkOptions {
  status: TelegramStatus;
  logger: Logger;
  /** Aborted when the process stops: requests in flight end, no more retries. */
  shutdown?: AbortSignal;
  /** First retry delay (default 1 s), doubled per consecutive failure up to maxDelayMs (default 60 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/** The reason of a failed call without any URL (the token is in it). */
function reasonOf(error: unknown): string {
  const inner = error instanceof HttpError ? error.error : error;
  const code = (inner as { code?: unknown } | undefined)?.code;
  const message = inner instanceof Error ? inner.message : String(inner);
  const short = message.replace(/https?:\/\/\S+/g, "<url>").slice(0, 200);
  return typeof code === "string" ? `${code}: ${short}` : short;
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}

export function telegramLink(options: TelegramLinkOptions): Transformer {
  const { status, logger } = options;
  const initial = options.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS;
  const max = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const shutdown = options.shutdown ?? new AbortController().signal;
  /** Consecutive failures across all calls: one outage, one backoff. */
  let failures = 0;
  let quietUntil = 0;

  const failed = (method: string, reason: string): number => {
    const delay = Math.min(max, initial * 2 ** Math.min(failures, 20));
    failures += 1;
    const now = Date.now();
    if (now >= quietUntil) {
      quietUntil = now + delay;
      logger.warn(
        { method, reason, retryInSeconds: Math.round(delay / 100) / 10 },
        `telegram: cannot reach Telegram (${reason}), retrying in ${Math.max(1, Math.round(delay / 1000))} s`,
      );
    }
    return delay;
  };
  const answered = () => {
    if (failures > 0 || status.failing) logger.info("telegram: reachable again");
    failures = 0;
    quietUntil = 0;
  };

  return async (prev, method, payload, callerSignal) => {
    // grammY types its signals with its own AbortSignal shim; at run time they are Node's.
    const signal = callerSignal as unknown as AbortSignal | undefined;
    // A signal of its own per call: grammY and node-fetch add (and remove) listeners to it, so
    // hundreds of calls at once never pile listeners onto the shared shutdown signal.
    const combined = AbortSignal.any(signal ? [signal, shutdown] : [shutdown]);
    for (;;) {
      const ticket = status.started(method);
      let reason: string;
      try {
        const response = await prev(method, payload, combined as unknown as typeof callerSignal);
        // Only a 5xx says Telegram (or the proxy before it) is not there; any other answer is Telegram's.
        if (response.ok || !(typeof response.error_code === "number" && response.error_code >= 500)) {
          status.answered(ticket);
          answered();
          return response;
        }
        reason = `HTTP ${response.error_code}: ${response.description}`.slice(0, 200);
      } catch (error) {
        if (combined.aborted || !(error instanceof HttpError)) {
          status.abandoned(ticket);
          throw error;
        }
        reason = reasonOf(error);
      }
      status.failed(ticket, reason);
      const delay = failed(method, reason);
      await wait(delay, combined);
      if (combined.aborted) throw new HttpError(`Telegram call ${method} given up (stopping)`, new Error("aborted"));
    }
  };
}

/** grammY types its signals with its own AbortSignal shim; at run time they are Node's. */
export type GrammySignal = Parameters<Api["getMe"]>[0];
export function grammySignal(signal: AbortSignal): GrammySignal {
  return signal as unknown as GrammySignal;
}
