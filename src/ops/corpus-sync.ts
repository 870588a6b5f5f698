/**
 * Several instances, one corpus folder (a shared volume): when one instance reloads (an admin's
 * /reload or a confirmed upload), the others must too. The instance that reloaded writes a marker,
 * CORPUS/.newsbot/version.json = {version, at, by}, atomically (temp file + rename); every
 * instance polls it and reloads when it changes and was written by someone else. A reload already
 * running is retried at the next tick; a failed one is logged and not retried until the marker
 * changes again (the old index keeps answering).
 *
 * The corpus loader skips dot folders, so the marker is never read as a page.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../log.js";
import { ReloadBusyError, type NewsLibrary, type ReloadReport } from "../library/news-library.js";

export const MARKER_DIR = ".newsbot";
export const MARKER_FILE = "version.json";

export interface CorpusMarker {
  /** Changes on every announced reload (a random id). */
  version: string;
  /** ISO time it was written. */
  at: string;
  /** Instance id of the writer. */
  by: string;
}

export interface CorpusSyncOptions {
  library: NewsLibrary;
  corpusDir: string;
  instanceId: string;
  /** Poll period in ms; 0 or less: no polling (markChanged still writes the marker). */
  intervalMs: number;
  logger: Logger;
  /**
   * When this instance started loading the corpus it serves: a marker written by another instance
   * after that moment is a reload this one may have missed, so it reloads at the first tick.
   * Default: markers present at start are taken as already seen.
   */
  loadedSince?: Date;
}

export interface CorpusSync {
  /** Tell the other instances: write a new marker. Never throws (a failure is logged). */
  markChanged(): Promise<void>;
  /** Stop polling. */
  stop(): void;
  /** Check the marker now (what each tick does); resolves when any reload it started is done. */
  check(): Promise<void>;
}

export function markerPath(corpusDir: string): string {
  return join(corpusDir, MARKER_DIR, MARKER_FILE);
}

/** The marker, or null when there is none or it cannot be read (a half-copied file, a bad edit). */
export async function readMarker(corpusDir: string): Promise<CorpusMarker | null> {
  let text: string;
  try {
    text = await readFile(markerPath(corpusDir), "utf8");
  } catch {
    return null;
  }
  try {
    const value = JSON.parse(text) as Partial<CorpusMarker>;
    if (typeof value.version !== "string" || typeof value.by !== "string" || typeof value.at !== "string") return null;
    return { version: value.version, at: value.at, by: value.by };
  } catch {
    return null;
  }
}

/** Write the marker atomically: readers see the old file or the new one, never half of one. */
export async function writeMarker(corpusDir: string, marker: CorpusMarker): Promise<void> {
  const dir = join(corpusDir, MARKER_DIR);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${MARKER_FILE}.${marker.by}.${randomUUID()}.tmp`);
  try {
    await writeFile(temp, `${JSON.stringify(marker)}\n`, "utf8");
    await rename(temp, markerPath(corpusDir));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function startCorpusSync(options: CorpusSyncOptions): CorpusSync {
  // main.ts's logger already names the instance in every line.
  const { library, corpusDir, instanceId, logger: log } = options;
  /** The marker version this instance's index reflects (or has given up on). */
  let seen: string | null = null;
  let primed = false;
  let ticking: Promise<void> | null = null;
  let stopped = false;

  async function tick(): Promise<void> {
    const marker = await readMarker(corpusDir);
    if (!primed) {
      primed = true;
      const since = options.loadedSince;
      const missed = marker !== null && marker.by !== instanceId && since !== undefined && Date.parse(marker.at) >= since.getTime();
      if (!missed) {
        seen = marker?.version ?? null;
        return;
      }
    }
    if (marker === null || marker.version === seen) return;
    if (marker.by === instanceId) {
      seen = marker.version;
      return;
    }
    if (library.reloading) return; // retry at the next tick
    let report: ReloadReport;
    try {
      report = await library.reload();
    } catch (error) {
      if (error instanceof ReloadBusyError) return; // started meanwhile: retry at the next tick
      seen = marker.version;
      log.warn(
        { err: error, version: marker.version, by: marker.by },
        "corpus-sync: reload after another instance's change failed, old index kept",
      );
      return;
    }
    seen = marker.version;
    log.info(
      { version: marker.version, by: marker.by, before: report.before, after: report.after, ms: report.ms },
      "corpus-sync: reloaded after another instance's change",
    );
  }

  function check(): Promise<void> {
    if (ticking) return ticking;
    ticking = tick()
      .catch((error: unknown) => log.warn({ err: error }, "corpus-sync: check failed"))
      .finally(() => {
        ticking = null;
      });
    return ticking;
  }

  let timer: NodeJS.Timeout | undefined;
  if (options.intervalMs > 0) {
    timer = setInterval(() => {
      if (!stopped) void check();
    }, options.intervalMs);
    timer.unref();
  }
  // Prime right away, so a marker written from now on counts as a change.
  void check();

  return {
    check,
    async markChanged() {
      const marker: CorpusMarker = { version: randomUUID(), at: new Date().toISOString(), by: instanceId };
      try {
        await writeMarker(corpusDir, marker);
        seen = marker.version;
        primed = true;
        log.info({ version: marker.version }, "corpus-sync: announced a reload to the other instances");
      } catch (error) {
        log.warn({ err: error }, "corpus-sync: could not write the corpus marker; other instances will not reload");
      }
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
}

/**
 * The library as the bot sees it: reload() is the real one, then the other instances are told
 * (only after a successful reload). Everything else reads through to the live library.
 */
export function announcingReloads(library: NewsLibrary, sync: Pick<CorpusSync, "markChanged">): NewsLibrary {
  return {
    get engine() {
      return library.engine;
    },
    get corpusDir() {
      return library.corpusDir;
    },
    get pages() {
      return library.pages;
    },
    get loadedAt() {
      return library.loadedAt;
    },
    get warnings() {
      return library.warnings;
    },
    get reloading() {
      return library.reloading;
    },
    async reload() {
      const report = await library.reload();
      await sync.markChanged();
      return report;
    },
  };
}
