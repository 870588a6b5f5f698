/**
 * Shared pieces of the reliability suite: the odd questions, a strict check of Telegram HTML, a
 * temp copy of the corpus, and the built bot (`node dist/main.js`) as a child process.
 * Process tests need `npm run build` first (npm test does it).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const MAIN = join(ROOT, "dist", "main.js");
export const CLI = join(ROOT, "dist", "cli", "newsbot.js");
export const SEED_PAGE = join(ROOT, "corpus", "000_777c845344387f30.txt");

/** Questions nobody should type, and everybody eventually does. */
export const ODD_QUESTIONS: Record<string, string> = {
  empty: "",
  whitespace: " \t \u3000 ",
  controls: "聊城\u0000企业\u0001\u0007\u001b[31m\u001f\u007f有多少家",
  onlyControls: "\u0000\u0001\u0002\u007f",
  long: "聊城单项冠军企业有多少家".repeat(834).slice(0, 10_000),
  longLatin: "a".repeat(10_000),
  emoji: "😀🎉👍🏽🇨🇳👨‍👩‍👧",
  rtlOverride: "\u202e聊城有多少家单项冠军企业\u202c?",
  html: '<b>bold</b> <script>alert("x")</script> &amp; &lt; 聊城 <a href="javascript:1">x</a>',
  markdown: "*_`[]()~>#+-=|{}.! **聊城** _企业_ [link](http://x) `code`",
  sql: "'; DROP TABLE articles; --",
  mixedScripts: "Liaocheng 聊城 企業 Ляочэн مرحبا שלום 東昌湖 ñ",
  loneSurrogate: "\ud800聊城\udfff企业",
  zeroWidth: "\u200b\u200c\u200d\ufeff",
  normal: "聊城有多少家单项冠军企业？",
};

/** Tags Telegram's HTML parse mode accepts that we use. */
const ALLOWED_TAGS = new Set(["b", "i", "a", "code", "pre"]);

/**
 * Why html is not well-formed Telegram HTML (only b/i/a/code/pre, balanced and properly nested,
 * entities &amp; &lt; &gt; &quot; only, no stray < > &), or null when it is.
 */
export function htmlProblem(html: string): string | null {
  const stack: string[] = [];
  const token = /<(\/?)([a-z]+)((?:\s+href="[^"<>]*")?)>|&(amp|lt|gt|quot);|[<>&]/g;
  let match: RegExpExecArray | null;
  while ((match = token.exec(html))) {
    if (match[0] === "<" || match[0] === ">" || match[0] === "&") return `stray ${match[0]} at ${match.index}`;
    if (match[4]) continue;
    const [, closing, tag, attrs] = match;
    if (!ALLOWED_TAGS.has(tag)) return `tag <${tag}> not allowed`;
    if (attrs && (tag !== "a" || closing)) return `attributes on <${closing}${tag}>`;
    if (closing) {
      const open = stack.pop();
      if (open !== tag) return `</${tag}> closes <${open ?? "nothing"}>`;
    } else {
      stack.push(tag);
    }
  }
  return stack.length === 0 ? null : `unclosed <${stack.at(-1)}>`;
}

/** The text a reader sees: tags removed, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `newsbot-rel-${prefix}-`));
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** A temp copy of the project's corpus/ folder (pages, dictionary, glossary). */
export function copyCorpus(): string {
  const dir = tempDir("corpus");
  for (const name of readdirSync(join(ROOT, "corpus"))) {
    if (!name.startsWith(".")) cpSync(join(ROOT, "corpus", name), join(dir, name), { recursive: true });
  }
  return dir;
}

export function requireBuild(): void {
  if (!existsSync(MAIN) || !existsSync(CLI)) throw new Error("reliability: dist/ is missing: run `npm run build` first");
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Run the newsbot CLI to completion. */
export function runCli(args: string[], input: string | Buffer = "", env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    input,
    encoding: "utf8",
    cwd: tmpdir(), // no developer .env
    env: { PATH: process.env.PATH ?? "", ...env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface BotProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then the exit code (SIGKILL after timeoutMs). */
  stop(timeoutMs?: number): Promise<number | null>;
  /** Resident set size in KB (Linux /proc), or null. */
  rssKb(): number | null;
}

/** The built bot as a process; cwd is a temp folder so no developer .env leaks in. */
export async function spawnBot(env: Record<string, string>): Promise<BotProcess> {
  const cwd = tempDir("cwd");
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? "", PORT: String(await freePort()), CORPUS_POLL_MS: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += String(chunk)));
  child.stderr!.on("data", (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  exited.then(() => removeDir(cwd));
  return {
    child,
    output: () => output,
    async waitForLog(pattern, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (child.exitCode !== null) throw new Error(`bot exited (${child.exitCode}); output:\n${output}`);
        if (Date.now() > deadline) throw new Error(`bot did not log ${pattern}; output:\n${output}`);
        await sleep(30);
      }
    },
    async stop(timeoutMs = 15_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    rssKb() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
        const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
        return match ? Number(match[1]) : null;
      } catch {
        return null;
      }
    },
  };
}
