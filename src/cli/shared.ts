/** Pieces the CLI commands share: opening the library with warnings on stderr. */
import type { Config } from "../config.js";
import type { LoadWarning } from "../corpus/types.js";
import { openLibrary } from "../library/open-library.js";

export function printWarning(warning: LoadWarning): void {
  process.stderr.write(`newsbot: warning: ${warning.file}: ${warning.reason}\n`);
}

/** NEWSBOT_DEBUG_LIBRARY=1: the library's phase timings on stderr. Read here, at the entry point. */
function debugHook(): ((line: string) => void) | undefined {
  return process.env.NEWSBOT_DEBUG_LIBRARY ? (line) => process.stderr.write(`${line}\n`) : undefined;
}

/** Open the library for a CLI command, from the resolved settings: warnings go to stderr, never stdout. */
export function openCliLibrary(settings: Pick<Config, "corpusDir" | "localCity">) {
  return openLibrary({ corpusDir: settings.corpusDir, localCity: settings.localCity, onWarning: printWarning, debug: debugHook() });
}
