/**
 * Builds a PinyinIndex in a worker thread (see pinyin-off-thread.ts): pinyin-pro's half a million
 * calls leave hundreds of megabytes that V8 and malloc keep; a worker's heap goes when it exits.
 * Signals `done` whether it succeeded or not, so the waiting thread never hangs on an error.
 */
import { workerData, type MessagePort } from "node:worker_threads";

interface Job {
  port: MessagePort;
  done: Int32Array;
  terms: string;
  dfs: Float64Array;
  names: string;
  nameDfs: Float64Array;
}

const job = workerData as Job;

try {
  const { PinyinIndex } = await import("./translate.js");
  const { pairs } = await import("./pinyin-off-thread.js");
  const parts = new PinyinIndex(pairs(job.terms, job.dfs), () => true, pairs(job.names, job.nameDfs)).toParts();
  job.port.postMessage({ parts }, [
    parts.keyStart.buffer as ArrayBuffer,
    parts.best.buffer as ArrayBuffer,
    parts.nameFlags.buffer as ArrayBuffer,
  ]);
} catch (error) {
  job.port.postMessage({ error: String(error) });
} finally {
  Atomics.store(job.done, 0, 1);
  Atomics.notify(job.done, 0);
}
