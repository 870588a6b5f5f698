/**
 * A PinyinIndex built in a short-lived worker thread, waited for synchronously (engine.ask is
 * synchronous). The result is the same index; the memory of building it goes when the worker
 * exits instead of staying in this thread's heap (~400 MB of RSS at 40,000 articles).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel, Worker, receiveMessageOnPort } from "node:worker_threads";
import { KEYED_NAME, KEYED_TERM, PinyinIndex, type PinyinIndexParts } from "./translate.js";

/** Longest wait for the worker before building here instead (it takes seconds at 40,000 articles). */
const WORKER_TIMEOUT_MS = 120_000;

/** The compiled worker: next to this file in dist, or dist's when running from source (tests). */
function workerScript(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const file of [join(here, "pinyin-worker.js"), join(here, "..", "..", "..", "dist", "search", "text", "pinyin-worker.js")]) {
    if (existsSync(file)) return file;
  }
  return undefined;
}

function flatten(entries: Iterable<[string, number]>, test: (term: string, df: number) => boolean): { joined: string; dfs: Float64Array } {
  const terms: string[] = [];
  const dfs: number[] = [];
  for (const [term, df] of entries) {
    if (!test(term, df)) continue;
    terms.push(term);
    dfs.push(df);
  }
  return { joined: terms.join("\n"), dfs: Float64Array.from(dfs) };
}

/** Terms joined by newlines and their frequencies → pairs (pinyin-worker.ts reads them so too). */
export function pairs(joined: string, dfs: Float64Array): Array<[string, number]> {
  if (joined === "") return [];
  return joined.split("\n").map((term, i) => [term, dfs[i]]);
}

/**
 * new PinyinIndex(vocabulary, keep, names), computed in a worker; in this thread when there is no
 * compiled worker or it fails (an error is reported through `onWarning`).
 */
export function buildPinyinIndexOffThread(
  vocabulary: Iterable<[term: string, df: number]>,
  keep: (term: string, df: number) => boolean,
  names: Iterable<[name: string, df: number]>,
  onWarning: (message: string) => void = (message) => process.emitWarning(message),
): PinyinIndex {
  const script = workerScript();
  if (!script) return new PinyinIndex(vocabulary, keep, names);
  // Only what PinyinIndex keys (its own tests), so the message to the worker stays small.
  const terms = flatten(vocabulary, (term, df) => KEYED_TERM.test(term) && keep(term, df));
  const named = flatten(names, (name) => KEYED_NAME.test(name));
  // What the worker builds, built here: the same terms, already filtered.
  const inThread = () => new PinyinIndex(pairs(terms.joined, terms.dfs), () => true, pairs(named.joined, named.dfs));
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(script, {
    workerData: { port: port2, done, terms: terms.joined, dfs: terms.dfs, names: named.joined, nameDfs: named.dfs },
    transferList: [port2],
  });
  try {
    Atomics.wait(done, 0, 0, WORKER_TIMEOUT_MS);
    const reply = receiveMessageOnPort(port1)?.message as { parts?: PinyinIndexParts; error?: string } | undefined;
    if (reply?.parts) return PinyinIndex.fromParts(reply.parts);
    onWarning(`pinyin: the worker failed (${reply?.error ?? "no reply"}); building the pinyin index in this thread`);
    return inThread();
  } finally {
    port1.close();
    void worker.terminate();
  }
}
