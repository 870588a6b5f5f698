/**
 * The HTTP side of a running bot (both Telegram modes; the console chat has none):
 *
 *   GET /healthz   200 {status:"ok", items, pages, indexAgeSeconds, loadedAt, version, mode, …}
 *                  once the index is ready, 503 {status:"starting", …} before.
 *   POST (any other path), webhook mode only: a Telegram update. The
 *                  X-Telegram-Bot-Api-Secret-Token header is checked on every request (401 when it
 *                  is missing or wrong, compared in constant time), then the body (JSON, bounded)
 *                  goes to the update handler; 503 while the bot is not ready (Telegram retries).
 *
 * A pure factory: createHttpServer returns a node:http Server that does not listen; main.ts calls
 * listenHttp and closeHttp. No globals, so tests run several at once.
 */
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Update } from "grammy/types";
import type { Logger } from "../log.js";
import type { NewsLibrary } from "../library/news-library.js";

export type ServerMode = "polling" | "webhook";
/** Handles one update; resolves when it is handled. Errors are logged and the update acknowledged. */
export type UpdateHandler = (update: Update) => Promise<void>;

export const SECRET_HEADER = "x-telegram-bot-api-secret-token";
export const HEALTH_PATH = "/healthz";
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
}

export interface HttpServerOptions {
  /** The live library, or null while it is still loading (→ /healthz 503). */
  library: () => NewsLibrary | null;
  mode: ServerMode;
  /** newsbot's version, reported by /healthz. */
  version: string;
  logger: Logger;
  /** This instance's id, reported by /healthz (which instance a load balancer reached). */
  instanceId?: string;
  /** Webhook mode: accept Telegram updates. */
  webhook?: WebhookOptions;
  maxBodyBytes?: number;
  now?: () => Date;
}

export interface HealthReport {
  status: "ok" | "starting";
  version: string;
  mode: ServerMode;
  instance?: string;
  items?: number;
  pages?: number;
  indexAgeSeconds?: number;
  loadedAt?: string;
  reloading?: boolean;
}

/** The /healthz body and status code. */
export function healthReport(options: Pick<HttpServerOptions, "library" | "mode" | "version" | "instanceId" | "now">): {
  code: number;
  body: HealthReport;
} {
  const base = { version: options.version, mode: options.mode, ...(options.instanceId ? { instance: options.instanceId } : {}) };
  const library = options.library();
  if (!library) return { code: 503, body: { status: "starting", ...base } };
  const now = (options.now ?? (() => new Date()))();
  const loadedAt = library.loadedAt;
  return {
    code: 200,
    body: {
      status: "ok",
      items: library.engine.size,
      pages: library.pages,
      indexAgeSeconds: Math.max(0, Math.round((now.getTime() - loadedAt.getTime()) / 1000)),
      loadedAt: loadedAt.toISOString(),
      reloading: library.reloading,
      ...base,
    },
  };
}

function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(code, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
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

export function createHttpServer(options: HttpServerOptions): Server {
  const { logger } = options;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  async function onWebhook(req: IncomingMessage, res: ServerResponse, webhook: WebhookOptions): Promise<void> {
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
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBody) {
      req.resume();
      sendJson(res, 413, { error: "body too large" }, { connection: "close" });
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, maxBody);
    } catch (error) {
      if (error instanceof BodyTooLarge) sendJson(res, 413, { error: "body too large" }, { connection: "close" });
      else sendJson(res, 400, { error: "unreadable body" });
      return;
    }
    let update: unknown;
    try {
      update = JSON.parse(body.toString("utf8"));
    } catch {
      sendJson(res, 400, { error: "body is not JSON" });
      return;
    }
    if (!isUpdate(update)) {
      sendJson(res, 400, { error: "not a Telegram update" });
      return;
    }
    const handler = options.library() ? webhook.handler() : null;
    if (!handler) {
      // Telegram keeps the update and retries: nothing is lost while the index loads.
      sendJson(res, 503, { error: "starting" }, { "retry-after": "5" });
      return;
    }
    const timeoutMs = webhook.timeoutMs ?? DEFAULT_UPDATE_TIMEOUT_MS;
    const updateId = update.update_id;
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<"slow">((resolve) => {
      timer = setTimeout(() => resolve("slow"), timeoutMs);
    });
    const handled = handler(update).then(
      () => "done" as const,
      (error: unknown) => {
        // Like long polling: a failed update is logged and not redelivered (a retry loop helps nobody).
        logger.error({ err: error, update_id: updateId }, "http: update failed");
        return "failed" as const;
      },
    );
    const outcome = await Promise.race([handled, slow]);
    clearTimeout(timer);
    if (outcome === "slow") logger.warn({ update_id: updateId, timeoutMs }, "http: slow update acknowledged, still running");
    sendJson(res, 200, { ok: true });
  }

  return createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === HEALTH_PATH) {
      if (req.method !== "GET" && req.method !== "HEAD") {
        sendJson(res, 405, { error: "method not allowed" }, { allow: "GET, HEAD" });
        return;
      }
      const { code, body } = healthReport(options);
      if (req.method === "HEAD") {
        res.writeHead(code, { "cache-control": "no-store" }).end();
        return;
      }
      sendJson(res, code, body);
      return;
    }
    if (options.webhook && req.method === "POST") {
      onWebhook(req, res, options.webhook).catch((error: unknown) => {
        logger.error({ err: error }, "http: webhook request failed");
        if (!res.headersSent) sendJson(res, 500, { error: "internal error" });
        else res.destroy();
      });
      return;
    }
    req.resume();
    sendJson(res, 404, { error: "not found" });
  });
}

/** Listen on port (all interfaces unless host is given); resolves once listening. */
export function listenHttp(server: Server, port: number, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

/**
 * Stop accepting connections and close idle keep-alive ones now; requests in flight get graceMs,
 * then their connections are cut. Resolves when the server is closed.
 */
export function closeHttp(server: Server, graceMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
