/**
 * What the load, fleet-load and soak runs share: the built bot's path, the question mix, a copy
 * of the project corpus, a free port, process memory from /proc and a percentile.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const MAIN = join(ROOT, "dist", "main.js");

/** Answerable, traditional, English, pinyin, out-of-corpus, a bare keyword and a command. */
export const QUESTIONS = [
  "聊城有多少家单项冠军企业？",
  "高唐县电子信息产业前三季度产值增长多少？",
  "聊城的空气质量怎么样？",
  "企业",
  "蓝天保卫战",
  "聊城有多少家單項冠軍企業？",
  "How many single champion enterprises does Liaocheng have?",
  "gaotang 电子信息",
  "上海迪士尼门票多少钱",
  "/ask 聊城有多少家单项冠军企业？",
  "免费乘坐公交车是哪天开始的？",
  "PM2.5改善幅度在省内居第几位？",
];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/** The project's corpus pages (not its .newsbot state) copied into a new temporary folder. */
export function copyProjectCorpus(prefix) {
  const corpus = mkdtempSync(join(tmpdir(), prefix));
  for (const name of readdirSync(join(ROOT, "corpus"))) {
    if (!name.startsWith(".")) cpSync(join(ROOT, "corpus", name), join(corpus, name), { recursive: true });
  }
  return corpus;
}

/** VmRSS and VmHWM (peak) of a process in MB, NaN when /proc cannot tell (not Linux, or gone). */
export function processMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)\\s+kB`).exec(status)?.[1] ?? NaN);
    return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
  } catch {
    return { rssMb: NaN, peakMb: NaN };
  }
}

/** The p-th percentile of numbers sorted ascending (nearest rank). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
