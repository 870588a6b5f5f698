/**
 * Several instances, one corpus folder (a shared volume): when one instance reloads (an admin's
 * /reload or a confirmed upload), the others must too. Reloads are numbered by a fleet-wide
 * monotonic generation: after a successful reload an instance claims the next generation, and
 * every instance polls the newest one and reloads while it is newer than the generation its own
 * index is known to include. "Who wrote last" plays no part, so an instance paused mid-reload
 * cannot hide another's newer page: when it resumes and claims, its number is higher than the
 * one it started from plus one, so it knows it missed something and reloads again.
 *
 * The generation store is an interface: files on the shared volume here (FileGenerations), Redis
 * `INCR` for a fleet that has it. The corpus loader skips dot folders, so nothing here is read as
 * a page.
 */
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../log.js";
import type { NewsLibrary, ReloadReport } from "../library/news-library.js";

export const MARKER_DIR = ".newsbot";
export const GENERATIONS_DIR = "generations";
/** Generation files kept; older ones are pruned after each claim. */
export const KEEP_GENERATIONS = 16;

/** The fleet's reload counter. */
export interface ReloadAnnouncer {
  /** The newest generation anyone claimed; 0 when none yet. */
  latest(): Promise<number>;
  /** Claim the next generation (unique across the fleet) and return it; throws when it cannot. */
  claim(by: string): Promise<number>;
}

export function generationsDir(corpusDir: string): string {
  return join(corpusDir, MARKER_DIR, GENERATIONS_DIR);
}

/**
 * Generations as files CORPUS/.newsbot/generations/<n>, created with O_EXCL: two instances
 * claiming at once get different numbers, on any file system with exclusive create (local, NFSv3+).
 */
export class FileGenerations implements ReloadAnnouncer {
  private readonly dir: string;

  constructor(corpusDir: string) {
    this.dir = generationsDir(corpusDir);
  }

  private async numbers(): Promise<number[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    return names.filter((n) => /^\d{1,15}$/.test(n)).map(Number);
  }

  async latest(): Promise<number> {
    return Math.max(0, ...(await this.numbers()));
  }

  async claim(by: string): Promise<number> {
    await mkdir(this.dir, { recursive: true });
    let next = (await this.latest()) + 1;
    for (let tries = 0; tries < 1000; tries++, next++) {
      try {
        await writeFile(join(this.dir, String(next)), `${JSON.stringify({ at: new Date().toISOString(), by })}\n`, { flag: "wx" });
        await this.prune(next);
        return next;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
    }
    throw new Error("corpus-sync: no free generation number");
  }

  private async prune(newest: number): Promise<void> {
    for (const n of await this.numbers()) {
      if (n <= newest - KEEP_GENERATIONS) await rm(join(this.dir, String(n)), { force: true });
    }
  }
}

export interface CorpusSyncOptions {
  library: NewsLibrary;
  announcer: ReloadAnnouncer;
  instanceId: string;
  /** Poll period in ms; 0 or less: no polling (reloads here are still announced). */
  intervalMs: number;
  logger: Logger;
  /** The newest generation read just before this instance loaded its index (its index includes it). */
  loadedGeneration: number;
}

export interface CorpusSync {
  /** Reload here, then tell the other instances. `announced` is false when the claim failed. */
  reload(): Promise<ReloadReport & { announced: boolean }>;
  /** Check the generation now (what each tick does); resolves when any reload it started is done. */
  check(): Promise<void>;
  /** The newest generation this instance's index is known to include. */
  readonly generation: number;
  stop(): void;
}

export function startCorpusSync(options: CorpusSyncOptions): CorpusSync {
  // main.ts's logger already names the instance in every line.
  const { library, announcer, instanceId, logger: log } = options;
  let loaded = options.loadedGeneration;
  /** A generation whose reload failed: not retried until a newer one appears. */
  let gaveUpOn = 0;
  let ticking: Promise<void> | null = null;
  let stopped = false;

  async function tick(): Promise<void> {
    const latest = await announcer.latest();
    if (latest <= loaded || latest <= gaveUpOn) return;
    let report: ReloadReport;
    try {
      report = await library.reload(); // coalesced with any reload running here
    } catch (error) {
      gaveUpOn = latest;
      log.warn({ err: error, generation: latest }, "corpus-sync: reload after another instance's change failed, old index kept");
      return;
    }
    loaded = Math.max(loaded, latest);
    log.info(
      { generation: latest, before: report.before, after: report.after, ms: report.ms },
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

  return {
    check,
    get generation() {
      return loaded;
    },
    async reload() {
      // Read before the reload: a request queued behind a running one starts later, so this is
      // at most the generation its files include (an extra reload, never a missed one).
      const before = await announcer.latest().catch(() => 0);
      const report = await library.reload();
      try {
        const claimed = await announcer.claim(instanceId);
        // Nobody claimed in between: this index includes everything up to `claimed`.
        loaded = Math.max(loaded, claimed === before + 1 ? claimed : before);
        log.info({ generation: claimed }, "corpus-sync: announced a reload to the other instances");
        return { ...report, announced: true };
      } catch (error) {
        log.warn({ err: error }, "corpus-sync: could not announce the reload; other instances will not reload");
        return { ...report, announced: false };
      }
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
}

/**
 * The library as the bot sees it: reload() reloads here and then tells the other instances.
 * Everything else reads through to the live library.
 */
export function announcingReloads(library: NewsLibrary, sync: Pick<CorpusSync, "reload">): NewsLibrary {
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
    get reloadProgress() {
      return library.reloadProgress;
    },
    reload: () => sync.reload(),
  };
}
