/**
 * A small Bot API server on 127.0.0.1 (node:http, no dependencies) for fault-injection tests and
 * the load script: it queues updates for getUpdates (long-poll style: held up to `holdMs`), records
 * what the bot sends, and can answer any call with a fault chosen per call:
 *
 *   { type: "429", retryAfter }   Too Many Requests with parameters.retry_after (not processed)
 *   { type: "500" }               Internal Server Error (not processed)
 *   { type: "drop" }              the connection is destroyed before anything is processed
 *   { type: "slow", ms }          processed and answered after ms
 *   { type: "error", code, description }   any other Bot API error (not processed)
 *
 * A call that is faulted before processing is never recorded in `calls` (only in `attempts`), so a
 * retry that then succeeds is the one and only delivery: a duplicate reply is the bot's fault.
 *
 * Files: GET /file/bot<token>/<file_path> serves what `file(path)` says: { type: "body", body }
 * (the bytes), or { type: "hang" } (headers sent, then nothing: a stalled download; the socket is
 * freed by close()). Default: 404.
 *
 * Used by tests/reliability/*.test.ts, tests/runtime/*.test.ts, scripts/load-test.mjs and scripts/soak.mjs.
 */
import { EventEmitter } from "node:events";
import { createServer } from "node:http";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {{ method: string, payload: Record<string, any>, at: number, attempt: number }} Call
 * @typedef {{ type: "429", retryAfter?: number } | { type: "500" } | { type: "drop" } | { type: "slow", ms: number }
 *   | { type: "error", code: number, description: string }} Fault
 * @typedef {{ method: string, attempt: number, payload: Record<string, any>, url: string }} FaultContext
 */

/**
 * @param {{ token: string, port?: number, holdMs?: number, fault?: (ctx: FaultContext) => Fault | null | undefined,
 *   file?: (path: string) => ({ type: "body", body: string | Uint8Array } | { type: "hang" } | null),
 *   bot?: { id: number, username: string, first_name?: string } }} options
 */
export async function startFakeTelegram(options) {
  const token = options.token;
  const holdMs = options.holdMs ?? 1000;
  const fault = options.fault ?? (() => null);
  const bot = { id: 4242, is_bot: true, first_name: "News", username: "fake_news_bot", ...options.bot };
  const me = {
    ...bot,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: true,
  };

  /** @type {Call[]} processed calls, in order */
  const calls = [];
  /** @type {(Call & { fault: string | null })[]} every request that reached us, faulted or not */
  const attempts = [];
  const attemptCounts = new Map();
  /** @type {{ path: string, at: number, type: string | null }[]} */
  const fileRequests = [];
  /** "call" (a processed call), "file" (a file request): for tests that wait on events. */
  const events = new EventEmitter();
  events.setMaxListeners(0);
  /** @type {any[]} */
  let pending = [];
  let nextUpdateId = 1;
  let nextMessageId = 1;
  /** @type {Set<() => void>} */
  const waiters = new Set();
  const sockets = new Set();

  const wake = () => {
    for (const w of [...waiters]) w();
  };

  async function getUpdates(payload, res) {
    const offset = Number(payload.offset ?? 0);
    if (offset > 0) pending = pending.filter((u) => u.update_id >= offset);
    const limit = Math.max(1, Math.min(100, Number(payload.limit ?? 100)));
    const hold = Math.min(holdMs, Math.max(0, Number(payload.timeout ?? 0)) * 1000);
    if (pending.length === 0 && hold > 0) {
      await new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          res.off("close", done);
          resolve(undefined);
        };
        const timer = setTimeout(done, hold);
        waiters.add(done);
        // res, not req: a request's "close" fires once its body is read, not when the client leaves.
        res.once("close", done);
      });
    }
    return pending.slice(0, limit);
  }

  function message(payload) {
    const chatId = Number(payload.chat_id);
    return {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: chatId < 0 ? { id: chatId, type: "supergroup", title: "Group" } : { id: chatId, type: "private", first_name: "User" },
      from: { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username },
      text: payload.text,
      ...(payload.reply_markup ? { reply_markup: payload.reply_markup } : {}),
    };
  }

  async function processCall(method, payload, res) {
    switch (method) {
      case "getMe":
        return me;
      case "getUpdates":
        return getUpdates(payload, res);
      case "sendMessage":
        return message(payload);
      case "editMessageText":
        return payload.inline_message_id ? true : { ...message(payload), message_id: Number(payload.message_id) };
      case "getFile":
        return {
          file_id: payload.file_id,
          file_unique_id: `u-${payload.file_id}`,
          file_size: 10,
          file_path: `documents/${payload.file_id}`,
        };
      case "answerCallbackQuery":
      case "answerInlineQuery":
      case "setMyCommands":
      case "deleteMyCommands":
      case "deleteWebhook":
      case "setWebhook":
      case "sendChatAction":
      case "close":
      case "logOut":
        return true;
      default:
        return undefined;
    }
  }

  async function readBody(req) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const raw = Buffer.concat(chunks).toString("utf8");
    const type = String(req.headers["content-type"] ?? "");
    const url = new URL(req.url ?? "/", "http://localhost");
    const query = Object.fromEntries(url.searchParams);
    if (!raw) return query;
    if (type.includes("application/json")) return { ...query, ...JSON.parse(raw) };
    if (type.includes("application/x-www-form-urlencoded")) return { ...query, ...Object.fromEntries(new URLSearchParams(raw)) };
    return query;
  }

  const send = (res, status, body) => {
    if (res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const server = createServer(async (req, res) => {
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? "");
    if (fileMatch) {
      if (fileMatch[1] !== token) return send(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      const answer = options.file?.(decodeURIComponent(fileMatch[2])) ?? null;
      fileRequests.push({ path: fileMatch[2], at: Date.now(), type: answer?.type ?? null });
      events.emit("file", fileRequests.at(-1));
      if (!answer) return send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      if (answer.type === "hang") {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.write(""); // headers out, then silence
        return;
      }
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(answer.body);
      return;
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)\/?(?:\?.*)?$/.exec(req.url ?? "");
    if (!match) return send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (match[1] !== token) return send(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = match[2];
    let payload;
    try {
      payload = await readBody(req);
    } catch {
      return send(res, 400, { ok: false, error_code: 400, description: "Bad Request: invalid body" });
    }
    const attempt = (attemptCounts.get(method) ?? 0) + 1;
    attemptCounts.set(method, attempt);
    const at = Date.now();
    const f = fault({ method, attempt, payload, url: req.url ?? "" }) ?? null;
    attempts.push({ method, payload, at, attempt, fault: f ? f.type : null });
    if (f) {
      switch (f.type) {
        case "drop":
          req.socket.destroy();
          return;
        case "429": {
          const retryAfter = f.retryAfter ?? 1;
          return send(res, 429, {
            ok: false,
            error_code: 429,
            description: `Too Many Requests: retry after ${retryAfter}`,
            parameters: { retry_after: retryAfter },
          });
        }
        case "500":
          return send(res, 500, { ok: false, error_code: 500, description: "Internal Server Error" });
        case "error":
          return send(res, f.code, { ok: false, error_code: f.code, description: f.description });
        case "slow":
          await sleep(f.ms);
          break;
      }
    }
    const result = await processCall(method, payload, res);
    if (result === undefined) return send(res, 404, { ok: false, error_code: 404, description: "Not Found: method not found" });
    const call = { method, payload, at: Date.now(), attempt };
    calls.push(call);
    events.emit("call", call);
    send(res, 200, { ok: true, result });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve(undefined));
  });
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());

  let nextUserMessageId = 1;
  return {
    port,
    /** The TELEGRAM_API_ROOT to give the bot. */
    apiRoot: `http://127.0.0.1:${port}`,
    me,
    calls,
    attempts,
    fileRequests,
    events,
    /**
     * Resolve with the first processed call (already made, or to come) that passes test; reject
     * after timeoutMs. Event-driven: no polling.
     */
    nextCall(test, timeoutMs = 60_000, what = "a call") {
      const found = calls.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const onCall = (call) => {
          if (!test(call)) return;
          clearTimeout(timer);
          events.off("call", onCall);
          resolve(call);
        };
        const timer = setTimeout(() => {
          events.off("call", onCall);
          reject(new Error(`fake-telegram: timed out waiting for ${what}`));
        }, timeoutMs);
        events.on("call", onCall);
      });
    },
    /** Queue an update (update_id is assigned); returns its id. */
    push(update) {
      const update_id = nextUpdateId++;
      pending.push({ update_id, ...update });
      wake();
      return update_id;
    },
    /** Queue a private text message from userId (a /command gets its bot_command entity). */
    pushText(userId, text, { languageCode = "zh-hans" } = {}) {
      const from = { id: userId, is_bot: false, first_name: `U${userId}`, language_code: languageCode };
      const command = /^\/[A-Za-z0-9_]+(@\w+)?/.exec(text);
      return this.push({
        message: {
          message_id: nextUserMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: userId, type: "private", first_name: from.first_name },
          from,
          text,
          ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
        },
      });
    },
    /** Processed calls of one method. */
    sent(method) {
      return calls.filter((c) => c.method === method);
    },
    /** Updates not yet confirmed by a getUpdates offset. */
    get pendingUpdates() {
      return pending.length;
    },
    /** Resolve when test() holds, polling every 20 ms; reject after timeoutMs. */
    async waitFor(test, timeoutMs = 10_000, what = "condition") {
      const deadline = Date.now() + timeoutMs;
      while (!test()) {
        if (Date.now() > deadline) throw new Error(`fake-telegram: timed out waiting for ${what}`);
        await sleep(20);
      }
    },
    async close() {
      wake();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
