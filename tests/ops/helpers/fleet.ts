/**
 * Running the built bot as several processes: a fake Bot API on 127.0.0.1 that records every call,
 * instances of `node dist/main.js` on free ports, updates posted to their webhooks, /healthz
 * probes. Shared by the multi-instance suites (file generations, Redis fleet).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer as createHttp, type Server, type ServerResponse } from "node:http";
import type { HealthReport } from "../../../src/server/http.js";
import type { SentPayload } from "../../bot/helpers/sent-payload.js";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../helpers/redis-server.js";

export { freePort };
export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
export const MAIN = join(ROOT, "dist", "main.js");
export const TOKEN = "424242:OPS-test_token";
export const SECRET = "ops-webhook-secret_1234567890";
export const ADMIN_ID = 9001;
export const USER_ID = 9002;
export const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

/** A temp copy of the project's sample corpus (dot folders left out). */
export function copyCorpus(): string {
  const corpus = mkdtempSync(join(tmpdir(), "newsbot-ops-corpus-"));
  for (const name of readdirSync(join(ROOT, "corpus"))) {
    if (!name.startsWith(".")) cpSync(join(ROOT, "corpus", name), join(corpus, name), { recursive: true });
  }
  return corpus;
}

/** The fields of a Bot API call the tests read (one shape for every method). */
export type ApiPayload = SentPayload;

export interface ApiCall {
  method: string;
  payload: ApiPayload;
  /** What the fake answered: a sent message (with its message_id), or true. */
  result: unknown;
}

/** The message_id the fake gave a sendMessage call. */
export function sentMessageId(call: ApiCall): number {
  return (call.result as { message_id: number }).message_id;
}

/** A fake Bot API: answers every method ok, records the calls. */
export class FakeBotApi {
  calls: ApiCall[] = [];
  private server: Server;
  private messageId = 100;
  url = "";

  constructor() {
    this.server = createHttp((req, res) => {
      let raw = "";
      req.setEncoding("utf8");
      req.on("data", (c) => (raw += c));
      req.on("end", () => void this.answer(req.url ?? "", raw, res));
    });
  }

  private async answer(url: string, raw: string, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)/.exec(url);
    if (!match || match[1] !== TOKEN) {
      res
        .writeHead(401, { "content-type": "application/json" })
        .end(JSON.stringify({ ok: false, error_code: 401, description: "Unauthorized" }));
      return;
    }
    const method = match[2];
    let payload: ApiPayload = {};
    try {
      payload = raw ? (JSON.parse(raw) as ApiPayload) : {};
    } catch {
      payload = {};
    }
    const result = this.result(method, payload);
    this.calls.push({ method, payload, result });
    if (method === "getUpdates") await new Promise((r) => setTimeout(r, 100));
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result }));
  }

  private result(method: string, payload: ApiPayload): unknown {
    const date = Math.floor(Date.now() / 1000);
    switch (method) {
      case "getMe":
        return {
          id: 4242,
          is_bot: true,
          first_name: "News",
          username: "ops_news_bot",
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: true,
        };
      case "getUpdates":
        return [];
      case "sendMessage":
        return { message_id: ++this.messageId, date, chat: { id: payload.chat_id, type: "private" }, text: payload.text };
      case "editMessageText":
        return { message_id: payload.message_id, date, chat: { id: payload.chat_id, type: "private" }, text: payload.text };
      default:
        return true;
    }
  }

  sent(chatId: number): string[] {
    // Messages and their edits (a reload's report edits its status message).
    return this.calls
      .filter((c) => (c.method === "sendMessage" || c.method === "editMessageText") && c.payload.chat_id === chatId)
      .map((c) => String(c.payload.text));
  }

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Generous: a loaded 2-core machine (load average 10-20) starts node, jieba and workers slowly. */
export const SLOW_MS = 120_000;
/** The 4 s shutdown budget plus a loaded machine's process exit. */
export const STOP_WALL_MS = 12_000;

export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = SLOW_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export interface Instance {
  name: string;
  port: number;
  child: ChildProcess;
  output: string;
  /** /healthz statuses seen while it started. */
  statuses: number[];
}

export function startInstance(
  name: string,
  port: number,
  env: Record<string, string>,
  where: { api: FakeBotApi; corpus: string },
): Instance {
  const { api, corpus } = where;
  const child = spawn(process.execPath, [MAIN], {
    cwd: corpus, // no developer's .env leaks in
    env: {
      PATH: process.env.PATH,
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.url,
      CORPUS_DIR: corpus,
      ADMIN_IDS: String(ADMIN_ID),
      PORT: String(port),
      INSTANCE_ID: name,
      CORPUS_POLL_MS: "200",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const instance: Instance = { name, port, child, output: "", statuses: [] };
  child.stdout.on("data", (c) => (instance.output += String(c)));
  child.stderr.on("data", (c) => (instance.output += String(c)));
  return instance;
}

export async function health(instance: Pick<Instance, "port">): Promise<{ status: number; body: HealthReport } | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${instance.port}/healthz`);
    return { status: res.status, body: (await res.json()) as HealthReport };
  } catch {
    return undefined; // not listening yet
  }
}

export async function waitHealthy(instance: Instance, logLine: RegExp): Promise<HealthReport> {
  return until(
    `${instance.name} to be ready`,
    async () => {
      if (instance.child.exitCode !== null) throw new Error(`${instance.name} exited (${instance.child.exitCode}):\n${instance.output}`);
      const h = await health(instance);
      if (h && instance.statuses.at(-1) !== h.status) instance.statuses.push(h.status);
      return h?.status === 200 && logLine.test(instance.output) ? h.body : undefined;
    },
    SLOW_MS,
  );
}

let updateId = 1;
export function textUpdate(text: string, from: number) {
  const command = /^\/\w+/.exec(text);
  return {
    update_id: updateId++,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: from, type: "private", first_name: "T" },
      from: { id: from, is_bot: false, first_name: "T", language_code: "zh" },
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
    },
  };
}

/** A press of the button with callback_data `data` under the bot's message `messageId` in `from`'s chat. */
export function callbackUpdate(data: string, from: number, messageId: number) {
  const id = updateId++;
  return {
    update_id: id,
    callback_query: {
      id: `cb-${id}`,
      chat_instance: `ci-${from}`,
      data,
      from: { id: from, is_bot: false, first_name: "T", language_code: "zh" },
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: from, type: "private", first_name: "T" },
        text: "…",
      },
    },
  };
}

export function postUpdate(instance: Instance, update: unknown, secret: string | null = SECRET): Promise<Response> {
  return fetch(`http://127.0.0.1:${instance.port}/telegram/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret === null ? {} : { "x-telegram-bot-api-secret-token": secret }) },
    body: JSON.stringify(update),
  });
}

export async function stopInstance(instance: Instance): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  if (instance.child.exitCode !== null) return { code: instance.child.exitCode, ms: 0 };
  const exited = new Promise<number | null>((resolve) => instance.child.once("exit", (code) => resolve(code)));
  instance.child.kill("SIGTERM");
  return { code: await exited, ms: Date.now() - started };
}
