/**
 * Fingerprint the corpus and read the snapshot's bytes: in a worker thread when the compiled
 * worker is there (so it overlaps jieba's loading on the main thread), else here.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { corpusFingerprint, type FingerprintInput } from "../../library/fingerprint.js";
import { readSnapshotRaw, SnapshotError, type RawSnapshot } from "./snapshot.js";

export type PrefetchResult =
  | { fingerprint: string; raw: RawSnapshot; error?: undefined; failed?: undefined }
  | { fingerprint: string; raw?: undefined; error: { kind: SnapshotError["kind"]; message: string }; failed?: undefined }
  | { failed: string; fingerprint?: undefined; raw?: undefined; error?: undefined };

function workerScript(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const file of [join(here, "snapshot-worker.js"), join(here, "..", "..", "..", "dist", "search", "index", "snapshot-worker.js")]) {
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** The fingerprint, and the snapshot's checked bytes or why there are none. Throws only on I/O failures. */
export function prefetchSnapshot(
  input: FingerprintInput,
  path: string,
  useWorker = true,
): Promise<PrefetchResult & { fingerprint: string }> {
  return readOffThread({ input }, path, useWorker);
}

/** The checked bytes of a snapshot just written with this fingerprint (read and checked off this thread). */
export function readSnapshotOffThread(path: string, fingerprint: string): Promise<PrefetchResult & { fingerprint: string }> {
  return readOffThread({ known: fingerprint }, path, true);
}

async function readOffThread(
  what: { input?: FingerprintInput; known?: string },
  path: string,
  useWorker: boolean,
): Promise<PrefetchResult & { fingerprint: string }> {
  const script = useWorker ? workerScript() : undefined;
  let result: PrefetchResult;
  if (script) {
    const worker = new Worker(script, { workerData: { ...what, path } });
    try {
      result = await new Promise<PrefetchResult>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`snapshot: the reading thread stopped (exit code ${code})`)));
      });
    } finally {
      void worker.terminate();
    }
  } else {
    const fingerprint = what.known ?? (await corpusFingerprint(what.input!));
    try {
      result = { fingerprint, raw: await readSnapshotRaw(path, fingerprint) };
    } catch (error) {
      if (!(error instanceof SnapshotError)) throw error;
      result = { fingerprint, error: { kind: error.kind, message: error.message } };
    }
  }
  if (result.failed !== undefined) throw new Error(result.failed);
  if (result.raw) {
    // Buffers cross threads as plain Uint8Arrays: wrap them again (same memory).
    const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    result = { ...result, raw: { header: result.raw.header, kept: asBuffer(result.raw.kept), text: result.raw.text.map(asBuffer) } };
  }
  return result;
}
