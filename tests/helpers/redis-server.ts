/**
 * A real redis-server for tests: started on a free port on 127.0.0.1 with no persistence (no
 * RDB, no AOF, a temp working folder), ready once it answers PING, stopped (or killed and
 * restarted on the same port, for outage tests) by the test. No redis-server installed: a clear
 * error, never a skip (`apt-get install redis-server`, `brew install redis`).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";

/** A cold start on a loaded 2-core machine. */
const START_TIMEOUT_MS = 30_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function requireRedisServer(): void {
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      "tests need a real redis-server on PATH and none was found: install it (Debian/Ubuntu: `sudo apt-get install redis-server`, macOS: `brew install redis`); .ci/run installs it on CI",
    );
  }
}

export class RedisServer {
  private child: ChildProcess | null = null;
  private dir = mkdtempSync(join(tmpdir(), "newsbot-redis-"));
  output = "";

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** A started server on a free port (a port taken between the probe and the bind: another one). */
  static async start(): Promise<RedisServer> {
    requireRedisServer();
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const server = new RedisServer(await freePort());
      try {
        await server.launch();
        return server;
      } catch (error) {
        lastError = error;
        server.cleanUp();
      }
    }
    throw lastError;
  }

  /** Start (again) on this server's port; resolves once it answers PING. */
  async launch(): Promise<void> {
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.dir];
    const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    child.stdout!.on("data", (c) => (this.output += String(c)));
    child.stderr!.on("data", (c) => (this.output += String(c)));
    const exited = new Promise<never>((_, reject) =>
      child.once("exit", (code) => reject(new Error(`redis-server exited (${code}) on port ${this.port}:\n${this.output}`))),
    );
    exited.catch(() => {});
    await Promise.race([this.waitForPing(), exited]);
  }

  private async waitForPing(): Promise<void> {
    const client = new Redis({ port: this.port, host: "127.0.0.1", lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: null });
    client.on("error", () => {});
    try {
      // ioredis retries the connection until the server listens; "ready" is its PING answered.
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`redis-server on ${this.port} not ready after ${START_TIMEOUT_MS} ms:\n${this.output}`)), START_TIMEOUT_MS);
        client.once("ready", () => {
          clearTimeout(timer);
          resolve();
        });
        client.connect().catch(() => {});
      });
      if ((await client.ping()) !== "PONG") throw new Error("redis-server: no PONG");
    } finally {
      client.disconnect();
    }
  }

  /** A client for the test's own checks. */
  client(): Redis {
    const client = new Redis({ port: this.port, host: "127.0.0.1", maxRetriesPerRequest: 1 });
    client.on("error", () => {}); // the outage tests kill the server on purpose
    return client;
  }

  /** Kill it hard (an outage); resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await gone;
    this.child = null;
  }

  async stop(): Promise<void> {
    await this.kill();
    this.cleanUp();
  }

  private cleanUp(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
