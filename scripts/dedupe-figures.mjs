#!/usr/bin/env node
/**
 * Near-duplicate figures on the seed page (issue 11): how alike its different items look, what a
 * sketch costs, and what the library does with the page beside a copy of itself (the same bytes
 * under another name, CRLF and spaces, one sentence corrected, the items as JSON): items indexed,
 * duplicate warnings at load and on the next reload, and the upload preview's match.
 *   node scripts/dedupe-figures.mjs [ROOT]   (ROOT: a built checkout, default this one)
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
const d = (p) => join(root, "dist", p);
const { loadCorpus } = await import(d("corpus/load.js"));
const { sketchOfItem, similarity } = await import(d("corpus/duplicates.js"));
const { openLibrary } = await import(d("library/open-library.js"));
const seedFile = join(root, "corpus", "000_777c845344387f30.txt");
const seed = readFileSync(seedFile, "utf8");
const base = await loadCorpus(join(root, "corpus"), { localCity: "聊城" });
const items = base.articles;
// 1. pairwise similarity between the seed's different items (false-positive margin)
const sk = items.map((a) => sketchOfItem(a));
let max = 0,
  pairs = 0;
for (let i = 0; i < sk.length; i++)
  for (let j = i + 1; j < sk.length; j++) {
    pairs++;
    max = Math.max(max, similarity(sk[i], sk[j]));
  }
console.log(`seed items ${items.length}; ${pairs} pairs of different items, max estimated Jaccard ${max.toFixed(3)} (threshold 0.8)`);
// 2. sketch cost
const t = performance.now();
const N = 2000;
for (let k = 0; k < N; k++) sketchOfItem(items[k % items.length]);
console.log(
  `sketch: ${(((performance.now() - t) / N) * 1000).toFixed(1)} µs per item (mean body ${Math.round(items.reduce((s, a) => s + a.body.length, 0) / items.length)} chars)`,
);
// 3. variants of the page beside it
const variants = {
  "exact copy, other name": seed,
  "CRLF + extra spaces": seed.replace(/\n/g, "\r\n").replace(/，/g, " ， "),
  "one sentence corrected": seed.replace("14家企业入选。", "14家企业入选，数量居全省第三位。"),
  "as JSON": JSON.stringify(items.map((a) => ({ headline: a.headline, date: a.date, body: a.body.split("\n") }))),
};
for (const [label, text] of Object.entries(variants)) {
  const dir = mkdtempSync(join(tmpdir(), "dedupe-"));
  cpSync(seedFile, join(dir, "000_777c845344387f30.txt"));
  const name = label === "as JSON" ? "copy.json" : "copy.txt";
  writeFileSync(join(dir, name), text);
  const lib = await openLibrary({ corpusDir: dir, localCity: "聊城", snapshot: false });
  const dupWarnings = lib.warnings.filter((w) => w.duplicateOf);
  const alone = mkdtempSync(join(tmpdir(), "dedupe-alone-"));
  writeFileSync(join(alone, name), text);
  const seedOnly = mkdtempSync(join(tmpdir(), "dedupe-seed-"));
  cpSync(seedFile, join(seedOnly, "000_777c845344387f30.txt"));
  const seedLib = await openLibrary({ corpusDir: seedOnly, localCity: "聊城", snapshot: false });
  const match = seedLib.findDuplicate((await loadCorpus(alone, { localCity: "聊城" })).articles);
  rmSync(alone, { recursive: true, force: true });
  rmSync(seedOnly, { recursive: true, force: true });
  // second reload: is the duplicate reported again?
  const report = await lib.reload();
  const again = (report.warnings ?? []).filter((w) => w.duplicateOf).length;
  console.log(
    `${label}: indexed ${lib.engine.size} of ${items.length * 2} items (seed alone ${items.length}); duplicate warnings at load ${dupWarnings.length}, on the next reload ${again}; preview match ${match ? JSON.stringify(match) : "none"}`,
  );
  rmSync(dir, { recursive: true, force: true });
}
