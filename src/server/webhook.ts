/**
 * Webhook mode's update endpoint: a POST carrying one Telegram update. The
 * X-Telegram-Bot-Api-Secret-Token header is checked first (401 when it is missing or wrong,
 * compared in constant time, before the body is read), then the body (JSON, bounded) goes to the
 * update handler; 503 while the bot is not ready (Telegram keeps the update and retries). Each
 * request is answered once the update is handled, or after timeoutMs (it then goes on in the
 * background): the http server handles requests concurrently, and the bot keeps one chat's
 * updates in order (sequentialize), as the runner does for long polling.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Update } from "grammy/types";
import type { Logger } from "../log.js";
import { sendJson } from "./respond.js";

/** Handles one update; resolves when it is handled. Errors are logged and the update acknowledged. */
export type UpdateHandler = (update: Update) => Promise<void>;

export const SECRET_HEADER = "x-telegram-bot-api-secret-token";
/** Telegram's updates are a few KB; a document is a file id, not its bytes. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Telegram waits for the answer to a webhook request; slow updates are acknowledged after this and go on. */
export const DEFAULT_UPDATE_TIMEOUT_MS = 10_000;

export interface WebhookOptions {
  /** What Telegram must send in X-Telegram-Bot-Api-Secret-Token. */
  secretToken: string;
  /** The update handler, or null while the bot is not ready (→ 503). */
  handler: () => UpdateHandler | null;
  /** Default DEFAULT_UPDATE_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Default DEFAULT_MAX_BODY_BYTES. */
  maxBodyBytes?: number;
}

/** Constant-time comparison of the header with the secret (length leaks, as it does everywhere). */
export function secretMatches(header: string | string[] | undefined, secret: string): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== "string") return false;
  const a = Buffer.from(value, "utf8");
  const b = Buffer.from(secret, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

function isUpdate(value: unknown): value is Update {
  return typeof value === "object" && value !== null && Number.isSafeInteger((value as { update_id?: unknown }).update_id);
}

/** The update in the request, or null once an error response has been sent. */
async function readUpdate(req: IncomingMessage, res: ServerResponse, maxBody: number): Promise<Update | null> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBody) {
    req.resume();
    sendJson(res, 413, { error: "body too large" }, { connection: "close" });
    return null;
  }
  let body: Buffer;
  try {
    body = await readBody(req, maxBody);
  } catch (error) {
    if (error instanceof BodyTooLarge) sendJson(res, 413, { error: "body too large" }, { connection: "close" });
    else sendJson(res, 400, { error: "unreadable body" });
    return null;
  }
  let update: unknown;
  try {
    update = JSON.parse(body.toString("utf8"));
  } catch {
    sendJson(res, 400, { error: "body is not JSON" });
    return null;
  }
  if (!isUpdate(update)) {
    sendJson(res, 400, { error: "not a Telegram update" });
    return null;
  }
  return update;
}

/** Handle the update, but answer Telegram after timeoutMs at the latest. */
async function handleWithin(handler: UpdateHandler, update: Update, timeoutMs: number, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<"slow">((resolve) => {
    timer = setTimeout(() => resolve("slow"), timeoutMs);
  });
  const handled = handler(update).then(
    () => "done" as const,
    (error: unknown) => {
      // Like long polling: a failed update is logged and not redelivered (a retry loop helps nobody).
      logger.error({ err: error, update_id: update.update_id }, "http: update failed");
      return "failed" as const;
    },
  );
  const outcome = await Promise.race([handled, slow]);
  clearTimeout(timer);
  if (outcome === "slow") logger.warn({ update_id: update.update_id, timeoutMs }, "http: slow update acknowledged, still running");
}

/** The request handler for Telegram's POSTs; `ready` says whether the library is loaded. */
export function webhookEndpoint(webhook: WebhookOptions, ready: () => boolean, logger: Logger) {
  const maxBody = webhook.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!secretMatches(req.headers[SECRET_HEADER], webhook.secretToken)) {
      // Not Telegram (or a stale secret): say nothing more, read nothing.
      logger.warn(
        { remote: req.socket.remoteAddress, header: req.headers[SECRET_HEADER] === undefined ? "missing" : "wrong" },
        "http: webhook request without the right secret",
      );
      req.resume();
      sendJson(res, 401, { error: "unauthorized" }, { connection: "close" });
      return;
    }
    const update = await readUpdate(req, res, maxBody);
    if (!update) return;
    const handler = ready() ? webhook.handler() : null;
    if (!handler) {
      // Telegram keeps the update and retries: nothing is lost while the index loads.
      sendJson(res, 503, { error: "starting" }, { "retry-after": "5" });
      return;
    }
    await handleWithin(handler, update, webhook.timeoutMs ?? DEFAULT_UPDATE_TIMEOUT_MS, logger);
    sendJson(res, 200, { ok: true });
  };
}
