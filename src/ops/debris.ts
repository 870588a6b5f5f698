/**
 * What crashes leave behind, removed at start-up: a kill -9 during a snapshot write leaves
 * `.newsbot/index.snap.<pid>.<rand>.tmp` (tens of MB), one during an upload's save a
 * `.upload-<key>.tmp` in the corpus folder. Only files older than a few minutes go: another
 * instance on the same volume may be writing one right now.
 */
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { SNAPSHOT_DIR, SNAPSHOT_FILE } from "../search/index/snapshot.js";
import { UPLOAD_TEMP_PREFIX, UPLOAD_TEMP_SUFFIX } from "../bot/upload.js";

/** Temp files younger than this may still be being written. */
export const DEBRIS_MIN_AGE_MS = 5 * 60 * 1000;

export interface DebrisReport {
  /** Removed files, relative to the corpus folder. */
  removed: string[];
  /** Files that could not be removed, with the error code. */
  failed: { file: string; code: string }[];
}

const isSnapshotTemp = (name: string) => name.startsWith(`${SNAPSHOT_FILE}.`) && name.endsWith(".tmp");
const isUploadTemp = (name: string) => name.startsWith(UPLOAD_TEMP_PREFIX) && name.endsWith(UPLOAD_TEMP_SUFFIX);

async function sweep(dir: string, rel: string, matches: (name: string) => boolean, before: number, report: DebrisReport): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return; // no folder, nothing left behind
  }
  for (const name of names.filter(matches)) {
    const path = join(dir, name);
    const file = rel ? `${rel}/${name}` : name;
    try {
      const info = await stat(path);
      if (!info.isFile() || info.mtimeMs > before) continue;
      await rm(path, { force: true });
      report.removed.push(file);
    } catch (error) {
      report.failed.push({ file, code: (error as NodeJS.ErrnoException).code ?? "?" });
    }
  }
}

export async function removeDebris(corpusDir: string, { minAgeMs = DEBRIS_MIN_AGE_MS, now = Date.now() } = {}): Promise<DebrisReport> {
  const report: DebrisReport = { removed: [], failed: [] };
  const before = now - minAgeMs;
  await sweep(corpusDir, "", isUploadTemp, before, report);
  await sweep(join(corpusDir, SNAPSHOT_DIR), SNAPSHOT_DIR, isSnapshotTemp, before, report);
  return report;
}
