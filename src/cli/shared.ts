/** Pieces the CLI commands share: where the corpus is, and opening the library with warnings on stderr. */
import { resolve } from "node:path";
import type { LoadWarning } from "../corpus/types.js";
import { openLibrary } from "../library/open-library.js";

/** --corpus DIR, else $CORPUS_DIR, else ./corpus. */
export function corpusDir(flag: string | undefined): string {
  return resolve(flag ?? process.env.CORPUS_DIR ?? "corpus");
}

export function printWarning(warning: LoadWarning): void {
  process.stderr.write(`newsbot: warning: ${warning.file}: ${warning.reason}\n`);
}

/** Open the library for a CLI command: warnings go to stderr, never stdout. */
export function openCliLibrary(corpusFlag: string | undefined) {
  return openLibrary({
    corpusDir: corpusDir(corpusFlag),
    localCity: process.env.LOCAL_CITY || undefined,
    onWarning: printWarning,
  });
}
