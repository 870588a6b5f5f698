#!/usr/bin/env node
/**
 * Gazetteer figures (src/places/): load time and memory of the default gazetteer, and findIn's
 * speed on a page and on ~1 MB of news text. Run after npm run build:
 *   node --expose-gc scripts/bench-places.mjs [page.txt]
 * The 1 MB text is the page repeated; its figure is text scanned per second. CPU time is given
 * beside wall time: on a shared machine it is the steadier figure.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const page = process.argv[2] ?? join(root, "corpus", "000_777c845344387f30.txt");
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const gc = () => globalThis.gc?.();
/** Wall and CPU milliseconds of fn(). */
function timed(fn) {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const result = fn();
  const used = process.cpuUsage(cpu);
  return { result, wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
}
const ms = ({ wall, cpu }) => `${wall.toFixed(0)} ms (CPU ${cpu.toFixed(0)} ms)`;

// Text normalization (opencc-js) is shared with the search engine: load it first so it is not counted.
const { normalizeText, normalizeAligned } = await import(join(root, "dist", "search", "text", "normalize.js"));
normalizeText("濟南");
normalizeAligned("濟南");
gc();
const before = process.memoryUsage();
const { loadGazetteer } = await import(join(root, "dist", "places", "gazetteer.js"));
const load = timed(() => loadGazetteer());
const gazetteer = load.result;
const trie = timed(() => gazetteer.findIn("高唐县"));
gc();
const after = process.memoryUsage();
console.log(`load: ${ms(load)}, + ${ms(trie)} for the scan trie on the first findIn`);
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
  for (let r = 0; r < 3; r++) gazetteer.findIn(sample); // warm: JIT, and each character's normalization, once
  const run = timed(() => {
    let mentions = 0;
    for (let r = 0; r < rounds; r++) mentions = gazetteer.findIn(sample).length;
    return mentions;
  });
  const mbs = (t) => (Buffer.byteLength(sample) / 1024 / 1024 / (t / rounds / 1000)).toFixed(1);
  console.log(
    `findIn ${label} (${(Buffer.byteLength(sample) / 1024).toFixed(0)} KiB, ${run.result} mentions): ` +
      `${(run.wall / rounds).toFixed(1)} ms, ${mbs(run.wall)} MB/s (CPU: ${mbs(run.cpu)} MB/s)`,
  );
}
