/**
 * Worker thread of start-up (and reload): computes the corpus fingerprint and reads and checks the
 * snapshot while the main thread loads jieba's dictionaries (about a second of its own). The bytes
 * come back as transferable buffers; the main thread only decodes them.
 */
import { parentPort, workerData } from "node:worker_threads";
import { corpusFingerprint, type FingerprintInput } from "../../library/fingerprint.js";
import { rawTransferList, readSnapshotRaw, SnapshotError } from "./snapshot.js";
import type { PrefetchResult } from "./snapshot-prefetch.js";

const port = parentPort;
if (port) {
  // Either the fingerprint to compute (start-up, reload) or the one already known (after a build).
  const { input, known, path } = workerData as { input?: FingerprintInput; known?: string; path: string };
  void (async () => {
    let result: PrefetchResult;
    let transfer: ArrayBuffer[] = [];
    try {
      const fingerprint = known ?? (await corpusFingerprint(input!));
      try {
        const raw = await readSnapshotRaw(path, fingerprint);
        result = { fingerprint, raw };
        transfer = rawTransferList(raw);
      } catch (error) {
        if (!(error instanceof SnapshotError)) throw error;
        result = { fingerprint, error: { kind: error.kind, message: error.message } };
      }
    } catch (error) {
      result = { failed: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(result, transfer);
  })();
}
