import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The real seed page (never modified by tests). */
export const SEED_PATH = fileURLToPath(new URL("../../corpus/000_777c845344387f30.txt", import.meta.url));
export const SEED_TEXT = readFileSync(SEED_PATH, "utf8");
export const FIXTURES = fileURLToPath(new URL("../fixtures/corpus/", import.meta.url));

/** A fresh temp folder, and a cleanup for afterEach. */
export async function makeTempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), "newsbot-corpus-"));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}
