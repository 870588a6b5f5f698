/**
 * Worker thread of the index build (see build-index.ts). Two roles, by workerData.role:
 *  - "segment": loads jieba with the same user dictionaries as the main thread and analyses
 *    batches of articles into local term/bigram ids (LocalAnalyzer), sent back as transferables;
 *  - "merge": collects the batches of every segment worker (IndexAccumulator) and at the end
 *    inverts them into the compact index, handed over as transferable ArrayBuffers.
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { TERM_SEPARATOR, type FromWorker, type ToWorker, type WorkerRole } from "./build-protocol.js";
import { batchTransferList, IndexAccumulator, LocalAnalyzer, transferList } from "./index-data.js";
import { initSegmenter } from "../text/segment.js";

/**
 * Lower this thread's priority (Linux: a thread is a task with its own id and nice value, found
 * through /proc/thread-self). Elsewhere, or without /proc, the worker runs at normal priority.
 */
function niceThisThread(nice: number): void {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, nice);
  } catch {
    // not Linux, or not permitted: fine
  }
}

const port = parentPort;
if (port) {
  const role = workerData as WorkerRole;
  if (role.nice) niceThisThread(role.nice);
  const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    if (role.role === "segment") {
      initSegmenter(role.dictionaries);
      const analyzer = new LocalAnalyzer();
      port.on("message", (message: ToWorker) => {
        try {
          if (message.type !== "analyze") return;
          const batch = analyzer.analyzeBatch(message.start, message.articles);
          send({ type: "analyzed", batch }, batchTransferList(batch));
        } catch (error) {
          send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
        }
      });
    } else {
      const accumulator = new IndexAccumulator();
      port.on("message", (message: ToWorker) => {
        try {
          if (message.type === "add") {
            accumulator.add(message.source, message.batch);
            send({ type: "added", count: message.batch.count });
          } else if (message.type === "finish") {
            const { terms, ...data } = accumulator.finish(message.docCount);
            send({ type: "finished", data, terms: terms.join(TERM_SEPARATOR) }, transferList({ ...data, terms: [] }));
          }
        } catch (error) {
          send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
        }
      });
    }
    send({ type: "ready" });
  } catch (error) {
    send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  }
}
