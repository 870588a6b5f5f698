#!/usr/bin/env node
/**
 * Gazetteer figures (src/places/): load time and memory of the default gazetteer, and findIn's
 * speed on a page and on ~1 MB of news text. Run after npm run build:
 *   node --expose-gc scripts/bench-places.mjs [page.txt]
 * The 1 MB text is the page repeated; its figure is text scanned per second.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const page = process.argv[2] ?? join(root, "corpus", "000_777c845344387f30.txt");
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const gc = () => globalThis.gc?.();

// Text normalization (opencc-js) is shared with the search engine: load it first so it is not counted.
const { normalizeText, normalizeAligned } = await import(join(root, "dist", "search", "normalize.js"));
normalizeText("濟南");
normalizeAligned("濟南");
gc();
const before = process.memoryUsage();
let t = performance.now();
const { loadGazetteer } = await import(join(root, "dist", "places", "gazetteer.js"));
const gazetteer = loadGazetteer();
const loadMs = performance.now() - t;
t = performance.now();
gazetteer.findIn("高唐县");
const trieMs = performance.now() - t;
gc();
const after = process.memoryUsage();
console.log(`load: ${loadMs.toFixed(0)} ms (+ ${trieMs.toFixed(0)} ms for the scan trie on the first findIn)`);
console.log(
  `memory: heap +${mb(after.heapUsed - before.heapUsed)} MB, array buffers +${mb(after.arrayBuffers - before.arrayBuffers)} MB, ` +
    `rss +${mb(after.rss - before.rss)} MB`,
);

const text = readFileSync(page, "utf8");
const big = text.repeat(Math.ceil((1024 * 1024) / Buffer.byteLength(text)));
for (const [label, sample, rounds] of [
  ["page", text, 50],
  ["1 MB", big, 5],
]) {
  gazetteer.findIn(sample);
  t = performance.now();
  let mentions = 0;
  for (let r = 0; r < rounds; r++) mentions = gazetteer.findIn(sample).length;
  const ms = (performance.now() - t) / rounds;
  const bytes = Buffer.byteLength(sample);
  console.log(`findIn ${label} (${(bytes / 1024).toFixed(0)} KiB, ${mentions} mentions): ${ms.toFixed(1)} ms, ${(bytes / 1024 / 1024 / (ms / 1000)).toFixed(1)} MB/s`);
}
