/**
 * The built bot as a process, watched through events (its output, its exit), never fixed sleeps:
 * what the runtime tests share. Needs `npm run build` (npm test does it).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { request } from "node:http";
import { MAIN, freePort, removeDir, tempDir } from "../reliability/helpers.js";

export { MAIN, freePort, removeDir, tempDir };

/** Generous: a loaded 2-core machine (load average 10+) is slow to start node and jieba. */
export const SLOW = 120_000;

export interface Running {
  child: ChildProcess;
  port: number;
  output(): string;
  /** Resolves when the output matches (now or later); rejects on exit or after timeoutMs. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** SIGTERM once; resolves with the exit code and how long the exit took. */
  terminate(): Promise<{ code: number | null; ms: number }>;
}

export async function startMain(env: Record<string, string>, { input }: { input?: string } = {}): Promise<Running> {
  const cwd = tempDir("cwd");
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? "", PORT: String(port), CORPUS_POLL_MS: "0", ...env },
    stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (input !== undefined) child.stdin!.end(input);
  let output = "";
  const onData = (chunk: Buffer) => (output += String(chunk));
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  void exited.then(() => removeDir(cwd));
  const waitForLog = (pattern: RegExp, timeoutMs = SLOW) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(output)) return false;
        done();
        resolve();
        return true;
      };
      const onExit = () => {
        if (check()) return;
        done();
        reject(new Error(`bot exited before logging ${pattern}; output:\n${output}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`bot did not log ${pattern} within ${timeoutMs} ms; output:\n${output}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        child.stdout!.off("data", check);
        child.stderr!.off("data", check);
        child.off("exit", onExit);
      };
      if (check()) return;
      child.stdout!.on("data", check);
      child.stderr!.on("data", check);
      child.once("exit", onExit);
    });
  return {
    child,
    port,
    output: () => output,
    waitForLog,
    exited,
    async terminate() {
      const started = Date.now();
      if (child.exitCode !== null) return { code: child.exitCode, ms: 0 };
      child.kill("SIGTERM");
      const code = await exited;
      return { code, ms: Date.now() - started };
    },
  };
}

/** GET /healthz: status code and body (null when nothing answers). */
export function health(port: number): Promise<{ code: number; body: Record<string, unknown> } | null> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/healthz", timeout: 10_000 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => {
        try {
          resolve({ code: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
        } catch {
          resolve(null);
        }
      });
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(null));
    req.end();
  });
}

/** Kill a child that a failed test left running (so the suite never hangs on it). */
export async function killIfRunning(running: Running | undefined): Promise<void> {
  if (!running || running.child.exitCode !== null) return;
  running.child.kill("SIGKILL");
  await once(running.child, "exit");
}
