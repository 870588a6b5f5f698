/**
 * The editable places file (corpus/places.tsv): places the package lacks or that a paper names
 * (development zones, villages), and extra short forms for known places. Format in the file's own
 * header comment; this module only parses it, the gazetteer resolves parents.
 */
import { readFileSync } from "node:fs";
import { normalizeText } from "../text/normalize.js";
import { LEVELS } from "./derive-table.js";
import type { PlaceLevel } from "./short-forms.js";

/** The file name inside a corpus folder. */
export const PLACES_FILE = "places.tsv";

export interface ExtraPlaceLine {
  file: string;
  line: number;
  name: string;
  /** Names from the top down to the parent (山东省/聊城市 → [山东省, 聊城市]); empty for a province. */
  parentPath: string[];
  level: PlaceLevel;
  shortForms: string[];
}

export interface PlaceFileWarning {
  file: string;
  line: number;
  message: string;
}

const clean = (s: string) => normalizeText(s).replace(/\s+/g, "");

/** Parse one places file. A missing file is no error (an empty list); a bad line is skipped with a warning. */
export function parsePlacesFile(file: string, warn: (w: PlaceFileWarning) => void): ExtraPlaceLine[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") warn({ file, line: 0, message: `cannot read: ${String(error)}` });
    return [];
  }
  const lines: ExtraPlaceLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/^\uFEFF/, "").trim();
    if (!content || content.startsWith("#")) return;
    const fields = content.split(/\s+/); // names hold no spaces: tabs or spaces both separate
    const [name, parent = "", level = "", forms = ""] = fields;
    if (fields.length > 4) return warn({ file, line, message: `expected at most 4 fields, found ${fields.length}` });
    if (!LEVELS.includes(level as PlaceLevel)) {
      return warn({ file, line, message: `level "${level}" is not one of ${LEVELS.join(", ")}` });
    }
    const cleanName = clean(name);
    if ([...cleanName].length < 2) return warn({ file, line, message: `name "${name}" is shorter than two characters` });
    const parentPath = parent === "-" || parent === "" ? [] : parent.split("/").map(clean).filter(Boolean);
    if (parentPath.length === 0 && level !== "province") {
      return warn({ file, line, message: `a ${level} needs a parent (a name, or a path such as 山东省/聊城市)` });
    }
    const shortForms: string[] = [];
    for (const form of forms
      .split(/[,，、|]/)
      .map(clean)
      .filter(Boolean)) {
      if ([...form].length < 2) warn({ file, line, message: `short form "${form}" is shorter than two characters: left out` });
      else if (form !== cleanName) shortForms.push(form);
    }
    lines.push({ file, line, name: cleanName, parentPath, level: level as PlaceLevel, shortForms });
  });
  return lines;
}
