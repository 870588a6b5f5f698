/**
 * A real redis-server for tests and the fleet load script: started on a free port on 127.0.0.1
 * with no persistence (no RDB, no AOF, a temp working folder), ready once it answers PING, and
 * stopped, or killed and started again on the same port (an outage). No redis-server on PATH: a
 * clear error, never a skip (Debian/Ubuntu `apt-get install redis-server`, macOS `brew install redis`).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "./harness-common.mjs";

export { freePort };

/** A cold start on a loaded 2-core machine. */
const START_TIMEOUT_MS = 30_000;

function requireRedisServer() {
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      "a real redis-server is needed on PATH and none was found: install it (Debian/Ubuntu: `sudo apt-get install redis-server`, macOS: `brew install redis`); .ci/run installs it on CI",
    );
  }
}

export class RedisServer {
  /** @type {import("node:child_process").ChildProcess | null} */
  #child = null;
  #dir = mkdtempSync(join(tmpdir(), "newsbot-redis-"));
  output = "";

  /** @param {number} port */
  constructor(port) {
    this.port = port;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** A started server on a free port (a port taken between the probe and the bind: another one). */
  static async start() {
    requireRedisServer();
    let lastError;
    for (let attempt = 0; attempt < 5; attempt++) {
      const server = new RedisServer(await freePort());
      try {
        await server.launch();
        return server;
      } catch (error) {
        lastError = error;
        server.#cleanUp();
      }
    }
    throw lastError;
  }

  /** Start (again) on this server's port; resolves once it answers PING. */
  async launch() {
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.#dir];
    const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    this.#child = child;
    child.stdout?.on("data", (c) => (this.output += String(c)));
    child.stderr?.on("data", (c) => (this.output += String(c)));
    /** @type {Promise<never>} */
    const exited = new Promise((_, reject) =>
      child.once("exit", (code) => reject(new Error(`redis-server exited (${code}) on port ${this.port}:\n${this.output}`))),
    );
    exited.catch(() => {});
    await Promise.race([this.#waitForPing(), exited]);
  }

  async #waitForPing() {
    const client = new Redis({
      port: this.port,
      host: "127.0.0.1",
      lazyConnect: true,
      retryStrategy: () => 50,
      maxRetriesPerRequest: null,
    });
    client.on("error", () => {});
    try {
      // ioredis retries the connection until the server listens; "ready" follows its first answer.
      await new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`redis-server on ${this.port} not ready after ${START_TIMEOUT_MS} ms:\n${this.output}`)),
          START_TIMEOUT_MS,
        );
        client.once("ready", () => {
          clearTimeout(timer);
          resolve(undefined);
        });
        client.connect().catch(() => {});
      });
      if ((await client.ping()) !== "PONG") throw new Error("redis-server: no PONG");
    } finally {
      client.disconnect();
    }
  }

  /** A client for the caller's own checks (errors ignored: outages are on purpose). */
  client() {
    const client = new Redis({ port: this.port, host: "127.0.0.1", maxRetriesPerRequest: 1 });
    client.on("error", () => {});
    return client;
  }

  /** Kill it hard (an outage); resolves once the process is gone. */
  async kill() {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once("exit", () => resolve(undefined)));
    child.kill("SIGKILL");
    await gone;
    this.#child = null;
  }

  async stop() {
    await this.kill();
    this.#cleanUp();
  }

  #cleanUp() {
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
