/**
 * The runtime's small parts on their own: the Telegram link (backoff, warn lines, abort), the
 * coalescing queue, background tasks, debris removal, update dedupe, the logger's secrets, the
 * shutdown.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { HttpError } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { CoalescingQueue } from "../../src/library/reload-queue.js";
import { TaskTracker } from "../../src/bot/tasks.js";
import { removeDebris, DEBRIS_MIN_AGE_MS } from "../../src/ops/debris.js";
import { MemoryRecentUpdates } from "../../src/telegram/update-dedupe.js";
import { telegramLink } from "../../src/telegram/telegram-link.js";
import { TelegramStatus } from "../../src/telegram/telegram-status.js";
import { Shutdown } from "../../src/ops/shutdown.js";

/** A logger whose lines are kept, parsed. */
function capture(level = "trace") {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: createLogger({ level, pretty: false, destination }), lines, raw };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("telegramLink", () => {
  const ok = { ok: true as const, result: true as never };
  const networkError = () =>
    new HttpError(
      "Network request for 'getMe' failed!",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }),
    );

  it("retries network errors with growing delays, warns once per step, and reports reachability", async () => {
    const { logger, lines } = capture();
    const status = new TelegramStatus(60_000);
    const link = telegramLink({ status, logger, initialDelayMs: 5, maxDelayMs: 40 });
    let calls = 0;
    const response = await link(
      () => {
        calls++;
        return calls <= 5 ? Promise.reject(networkError()) : Promise.resolve(ok);
      },
      "getMe",
      {},
      undefined,
    );
    expect(response).toEqual(ok);
    expect(calls).toBe(6);
    const warns = lines.filter((l) => l.level === 40);
    expect(warns.length).toBeGreaterThan(0);
    expect(warns.length).toBeLessThanOrEqual(5);
    expect(warns[0].msg).toMatch(
      /^telegram: cannot reach Telegram \(ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:1\), retrying in 1 s$/,
    );
    expect(warns.map((w) => w.retryInSeconds)).toEqual([...(warns.map((w) => w.retryInSeconds) as number[])].sort((a, b) => a - b));
    expect(lines.some((l) => l.msg === "telegram: reachable again")).toBe(true);
    expect(status.health().state).toBe("ok");
  });

  it("a 5xx is an outage too; a 4xx answer is Telegram's and goes back to the caller", async () => {
    const { logger } = capture("silent");
    const status = new TelegramStatus(0);
    const link = telegramLink({ status, logger, initialDelayMs: 1 });
    let calls = 0;
    const bad = { ok: false as const, error_code: 400, description: "Bad Request: chat not found" };
    const result = await link(
      () => Promise.resolve((++calls === 1 ? { ok: false as const, error_code: 502, description: "Bad Gateway" } : bad) as never),
      "sendMessage",
      {} as never,
      undefined,
    );
    expect(result).toEqual(bad);
    expect(calls).toBe(2);
  });

  it("gives up at once when the process stops: the request in flight is aborted", async () => {
    const { logger } = capture("silent");
    const stop = new AbortController();
    const status = new TelegramStatus(60_000);
    const link = telegramLink({ status, logger, shutdown: stop.signal });
    let sawAbort = false;
    const pending = link(
      (_method, _payload, signal) =>
        new Promise((_resolve, reject) => {
          (signal as unknown as AbortSignal).addEventListener("abort", () => {
            sawAbort = true;
            reject(new HttpError("aborted", new Error("The operation was aborted")));
          });
        }),
      "getUpdates",
      {},
      undefined,
    );
    stop.abort();
    await expect(pending).rejects.toBeInstanceOf(HttpError);
    expect(sawAbort).toBe(true);
  });
});

describe("CoalescingQueue", () => {
  it("runs one job at a time; requests meanwhile share exactly one follow-up", async () => {
    const releases: (() => void)[] = [];
    let runs = 0;
    const queue = new CoalescingQueue(async () => {
      const run = ++runs;
      await new Promise<void>((r) => releases.push(r));
      return run;
    });
    const first = queue.request();
    expect(queue.running).toBe(true);
    const second = queue.request();
    const third = queue.request();
    expect(third).toBe(second);
    expect(queue.queued).toBe(true);
    releases.shift()!();
    expect(await first).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(runs).toBe(2);
    releases.shift()!();
    expect(await second).toBe(2);
    expect(queue.running).toBe(false);
    expect(queue.queued).toBe(false);
  });

  it("a failed job does not cancel the follow-up", async () => {
    let runs = 0;
    let fail!: () => void;
    const queue = new CoalescingQueue(async () => {
      runs++;
      if (runs === 1) await new Promise<void>((_r, reject) => (fail = () => reject(new Error("boom"))));
      return runs;
    });
    const first = queue.request();
    const second = queue.request();
    fail();
    await expect(first).rejects.toThrow("boom");
    expect(await second).toBe(2);
  });
});

describe("TaskTracker", () => {
  it("hands each task the abort signal; after abort() nothing new starts", async () => {
    const errors: unknown[] = [];
    const tasks = new TaskTracker((e) => errors.push(e));
    let aborted = false;
    tasks.run((signal) => new Promise<void>((resolve) => signal.addEventListener("abort", () => ((aborted = true), resolve()))));
    tasks.run(() => Promise.reject(new Error("logged, not thrown")));
    tasks.abort();
    let late = false;
    tasks.run(() => {
      late = true;
      return Promise.resolve();
    });
    await tasks.idle();
    expect(aborted).toBe(true);
    expect(late).toBe(false);
    expect(errors).toHaveLength(1);
  });
});

describe("removeDebris", () => {
  it("removes stale snapshot and upload temp files, keeps young ones and everything else", async () => {
    const dir = mkdtempSync(join(tmpdir(), "newsbot-debris-"));
    dirs.push(dir);
    mkdirSync(join(dir, ".newsbot"));
    const old = new Date(Date.now() - DEBRIS_MIN_AGE_MS - 60_000);
    const files = {
      stale: [".newsbot/index.snap.4242.k3j5.tmp", ".upload-abcd1234.tmp"],
      young: [".newsbot/index.snap.99.zz.tmp", ".upload-young000.tmp"],
      kept: [".newsbot/index.snap", "page.txt", ".upload-notes.txt"],
    };
    for (const name of [...files.stale, ...files.young, ...files.kept]) writeFileSync(join(dir, name), "x");
    for (const name of [...files.stale, ...files.kept]) utimesSync(join(dir, name), old, old);
    const report = await removeDebris(dir);
    expect(report.removed.sort()).toEqual([...files.stale].sort());
    expect(report.failed).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual([".newsbot", ".upload-notes.txt", ".upload-young000.tmp", "page.txt"]);
    expect(readdirSync(join(dir, ".newsbot")).sort()).toEqual(["index.snap", "index.snap.99.zz.tmp"]);
  });
});

describe("MemoryRecentUpdates", () => {
  it("claims an id once, and stays bounded", () => {
    const recent = new MemoryRecentUpdates(100);
    expect(recent.claim(1)).toBe(true);
    expect(recent.claim(1)).toBe(false);
    for (let id = 2; id < 1000; id++) recent.claim(id);
    expect(recent.size).toBe(100);
    expect(recent.claim(999)).toBe(false);
    expect(recent.claim(1)).toBe(true); // long forgotten
  });
});

describe("the logger's secrets", () => {
  it("scrubs a webhook secret of any length from every level, every field and every error", () => {
    const secret = "Sixteen_chars-ok";
    const raw: string[] = [];
    const destination = new Writable({ write: (chunk, _enc, done) => (raw.push(String(chunk)), done()) });
    const log = createLogger({ level: "trace", pretty: false, secrets: [secret], destination });
    const error = Object.assign(new Error(`Call to 'setWebhook' failed! (400: Bad Request: bad webhook: secret ${secret} rejected)`), {
      description: `bad webhook: secret ${secret}`,
    });
    for (const level of ["trace", "debug", "info", "warn", "error", "fatal"] as const)
      log[level]({ err: error, note: `x${secret}y` }, `message ${secret}`);
    const all = raw.join("\n");
    expect(all).toContain("[redacted]");
    expect(all).not.toContain(secret);
  });
});

describe("Shutdown", () => {
  it("runs its steps in order once; a step that hangs is abandoned at the drain budget, and the exit stays 0", async () => {
    const { logger } = capture("silent");
    const exits: number[] = [];
    const shutdown = new Shutdown(logger, 1500, (code) => exits.push(code));
    const order: string[] = [];
    shutdown.add(
      "hangs until aborted",
      (signal) => new Promise<void>((r) => signal.addEventListener("abort", () => (order.push("aborted"), r()))),
    );
    shutdown.add("after", () => void order.push("after"));
    const first = shutdown.stop("test");
    expect(shutdown.stop("again")).toBe(first);
    await first;
    expect(order).toEqual(["aborted", "after"]);
    expect(shutdown.signal.aborted).toBe(true);
    expect(exits).toEqual([]); // finished within the budget: no forced exit
  });
});

describe("RateLimiter", () => {
  it("tracks at most MAX_TRACKED_KEYS users, however many new ids arrive within a window", async () => {
    const { RateLimiter, MAX_TRACKED_KEYS } = await import("../../src/bot/rate-limit.js");
    const limiter = new RateLimiter(20, 60_000, () => 0);
    for (let i = 0; i < MAX_TRACKED_KEYS + 5000; i++) await limiter.hit(`user${i}`);
    expect((limiter as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(MAX_TRACKED_KEYS + 1);
  });
});
