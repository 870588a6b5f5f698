/**
 * The HTTP side of a running bot (both Telegram modes; the console chat has none):
 *
 *   GET /healthz   200 {status:"ok", items, pages, indexAgeSeconds, loadedAt, version, mode,
 *                  telegram, generation, redis, …} once the index is ready; 503 {status:"starting"}
 *                  before, and
 *                  503 {status:"unreachable", telegram:"unreachable"} once the Bot API has been
 *                  out of reach for longer than the grace (TELEGRAM_GRACE_MS). With REDIS_URL,
 *                  redis is "ready", "connecting" or "down": still 200 while down (the index answers).
 *   POST (any other path), webhook mode only: a Telegram update (./webhook.ts).
 *
 * A pure factory: createHttpServer returns a node:http Server that does not listen; main.ts calls
 * listenHttp and closeHttp. No globals, so tests run several at once.
 */
import { createServer, type Server } from "node:http";
import type { Logger } from "../log.js";
import type { NewsLibrary } from "../library/news-library.js";
import type { TelegramHealth, TelegramState } from "../telegram/telegram-status.js";
import { sendJson } from "./respond.js";
import { webhookEndpoint, type WebhookOptions } from "./webhook.js";

export { SECRET_HEADER, secretMatches, DEFAULT_MAX_BODY_BYTES, DEFAULT_UPDATE_TIMEOUT_MS } from "./webhook.js";
export type { UpdateHandler, WebhookOptions } from "./webhook.js";

export type ServerMode = "polling" | "webhook";
export const HEALTH_PATH = "/healthz";

export interface HttpServerOptions {
  /** The live library, or null while it is still loading (→ /healthz 503). */
  library: () => NewsLibrary | null;
  mode: ServerMode;
  /** newsbot's version, reported by /healthz. */
  version: string;
  logger: Logger;
  /** This instance's id, reported by /healthz (which instance a load balancer reached). */
  instanceId?: string;
  /** Whether the Bot API can be reached (from the bot's own calls). */
  telegram?: () => TelegramHealth;
  /** The reload generation this instance's index includes (corpus-sync). */
  generation?: () => number;
  /** REDIS_URL set: the connection's state (a fleet instance answers while it is down). */
  redis?: () => RedisState;
  /** Webhook mode: accept Telegram updates. */
  webhook?: WebhookOptions;
  now?: () => Date;
}

/** A Redis connection's state as /healthz shows it (ops/redis-link.ts reports it). */
export type RedisState = "connecting" | "ready" | "down";

export interface HealthReport {
  status: "ok" | "starting" | "unreachable";
  version: string;
  mode: ServerMode;
  instance?: string;
  telegram?: TelegramState;
  telegramFailingSince?: string;
  items?: number;
  pages?: number;
  indexAgeSeconds?: number;
  loadedAt?: string;
  reloading?: boolean;
  generation?: number;
  redis?: RedisState;
}

type HealthOptions = Pick<HttpServerOptions, "library" | "mode" | "version" | "instanceId" | "now" | "telegram" | "generation" | "redis">;

/** The /healthz body and status code. */
export function healthReport(options: HealthOptions): { code: number; body: HealthReport } {
  const telegram = options.telegram?.();
  const base = {
    version: options.version,
    mode: options.mode,
    ...(options.instanceId ? { instance: options.instanceId } : {}),
    ...(telegram ? { telegram: telegram.state } : {}),
    ...(telegram?.failingSince ? { telegramFailingSince: telegram.failingSince } : {}),
    ...(options.redis ? { redis: options.redis() } : {}),
  };
  const library = options.library();
  if (!library) return { code: 503, body: { status: "starting", ...base } };
  const now = (options.now ?? (() => new Date()))();
  const loadedAt = library.loadedAt;
  const unreachable = telegram?.state === "unreachable";
  return {
    // A bot that cannot reach Telegram answers nobody: let the orchestrator see it.
    code: unreachable ? 503 : 200,
    body: {
      status: unreachable ? "unreachable" : "ok",
      items: library.engine.size,
      pages: library.pages,
      indexAgeSeconds: Math.max(0, Math.round((now.getTime() - loadedAt.getTime()) / 1000)),
      loadedAt: loadedAt.toISOString(),
      reloading: library.reloading,
      ...(options.generation ? { generation: options.generation() } : {}),
      ...base,
    },
  };
}

export function createHttpServer(options: HttpServerOptions): Server {
  const { logger } = options;
  const onWebhook = options.webhook ? webhookEndpoint(options.webhook, () => options.library() !== null, logger) : null;

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
    if (onWebhook && req.method === "POST") {
      onWebhook(req, res).catch((error: unknown) => {
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
