/**
 * The index snapshot: the parsed articles and the compact index in one binary file, so start-up
 * reads it instead of parsing and segmenting the corpus again. Stored as <corpus>/.newsbot/index.snap
 * (the loader skips dot folders), written to a temporary file and renamed into place (never seen
 * half-written), checked on reading: magic, format, byte order, a CRC-32 per section, and the
 * corpus fingerprint it was built from (see fingerprint.ts).
 *
 * Layout: "NBSNAP\0\1" | u32 header length | u32 header CRC | header JSON | sections, 8-aligned.
 * Index sections are raw little-endian typed arrays (viewed in place, not copied); strings are
 * UTF-16LE: terms joined by NUL, article fields in chunks of at most CHUNK_CHARS characters that are
 * decoded once and sliced (V8 keeps slices as views of the chunk, so loading costs one decode).
 */
import { endianness } from "node:os";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { crc32 } from "node:zlib";
import type { Article, LoadWarning } from "../../corpus/types.js";
import { INDEX_ARRAYS, splitTerms, TERM_SEPARATOR, type IndexArrayName, type IndexData } from "./index-layout.js";

/**
 * 2: headline postings in typed arrays instead of a MiniSearch as JSON; body and bigram postings as varint gaps.
 * 3: the archive's article fields (dateSource, edition, cityCode, places).
 */
export const SNAPSHOT_FORMAT = 3;
export const SNAPSHOT_DIR = ".newsbot";
export const SNAPSHOT_FILE = "index.snap";
const MAGIC = Buffer.from("NBSNAP\u0000\u0001", "latin1");
const PREFIX_BYTES = 16;
/** Characters per article-text chunk (far below V8's longest string). */
const CHUNK_CHARS = 1 << 22;

/** The Article fields stored, in order; the compiler checks that none is forgotten. */
const ARTICLE_FIELDS = [
  "id",
  "kind",
  "headline",
  "kicker",
  "subtitle",
  "byline",
  "date",
  "body",
  "source",
  "city",
  "url",
  "publication",
  // Format 2 (the archive): what the date rests on, the page or edition, the city's code, places named.
  "dateSource",
  "edition",
  "cityCode",
  "places",
] as const;
type MissingField = Exclude<keyof Article, (typeof ARTICLE_FIELDS)[number]>;
const allFieldsStored: [MissingField] extends [never] ? true : MissingField = true;
void allFieldsStored;
const FIELDS = ARTICLE_FIELDS.length;
/** Per field: absent (undefined), null, or a string. */
const ABSENT = 0;
const NULL = 1;
const STRING = 2;

export function snapshotPath(corpusDir: string): string {
  return join(corpusDir, SNAPSHOT_DIR, SNAPSHOT_FILE);
}

export interface SnapshotContents {
  fingerprint: string;
  articles: Article[];
  data: IndexData;
  /** Page files behind the articles, and the warnings of the load that built it. */
  pages: number;
  warnings: LoadWarning[];
}

interface SectionInfo {
  name: string;
  type: "u32" | "u16" | "u8" | "utf16" | "utf8";
  offset: number;
  bytes: number;
  crc: number;
}

export interface Header {
  format: number;
  endian: "LE" | "BE";
  fingerprint: string;
  created: string;
  docCount: number;
  pages: number;
  warnings: LoadWarning[];
  /** Article text chunks: the first article of each. */
  chunkStarts: number[];
  sections: SectionInfo[];
}

/** Why a snapshot cannot be used. */
export class SnapshotError extends Error {
  constructor(
    readonly kind: "missing" | "corrupt" | "stale" | "format",
    message: string,
  ) {
    super(`snapshot: ${message}`);
    this.name = "SnapshotError";
  }
}

const align8 = (n: number) => (n + 7) & ~7;

const breathe = () => new Promise((r) => setImmediate(r));

/** Article fields as UTF-16 chunks plus states and offsets; yields between chunks (a reload is answering). */
async function encodeArticles(
  articles: readonly Article[],
): Promise<{ chunks: Buffer[]; chunkStarts: number[]; states: Uint8Array; offsets: Uint32Array }> {
  const states = new Uint8Array(articles.length * FIELDS);
  const offsets = new Uint32Array(articles.length * (FIELDS + 1));
  const chunks: Buffer[] = [];
  const chunkStarts: number[] = [];
  let parts: string[] = [];
  let chars = 0;
  const flush = async () => {
    chunks.push(Buffer.from(parts.join(""), "utf16le"));
    parts = [];
    chars = 0;
    await breathe();
  };
  for (let i = 0; i < articles.length; i++) {
    const article = articles[i];
    let size = 0;
    for (const field of ARTICLE_FIELDS) size += typeof article[field] === "string" ? article[field].length : 0;
    if (chars > 0 && chars + size > CHUNK_CHARS) await flush();
    if (chars === 0 && parts.length === 0) chunkStarts.push(i);
    ARTICLE_FIELDS.forEach((field, f) => {
      const value = article[field];
      offsets[i * (FIELDS + 1) + f] = chars;
      if (typeof value === "string") {
        states[i * FIELDS + f] = STRING;
        parts.push(value);
        chars += value.length;
      } else {
        states[i * FIELDS + f] = value === null ? NULL : ABSENT;
      }
    });
    offsets[i * (FIELDS + 1) + FIELDS] = chars;
  }
  if (parts.length > 0 || chunks.length === 0) await flush();
  if (chunkStarts.length === 0) chunkStarts.push(0);
  return { chunks, chunkStarts, states, offsets };
}

/** CRC-32 of a large buffer, a few megabytes at a time with yields in between. */
async function crcOf(bytes: Uint8Array): Promise<number> {
  const STEP = 1 << 23;
  let crc = 0;
  for (let at = 0; at < bytes.length; at += STEP) {
    crc = crc32(bytes.subarray(at, Math.min(bytes.length, at + STEP)), crc);
    if (at + STEP < bytes.length) await breathe();
  }
  return bytes.length === 0 ? crc32(bytes) : crc;
}

/** Articles from their text chunks; yields to the event loop between chunks (a reload is answering). */
async function decodeArticles(
  chunks: Buffer[],
  chunkStarts: number[],
  states: Uint8Array,
  offsets: Uint32Array,
  count: number,
): Promise<Article[]> {
  const articles = new Array<Article>(count);
  let chunk = -1;
  let text = "";
  for (let i = 0; i < count; i++) {
    while (chunk + 1 < chunkStarts.length && chunkStarts[chunk + 1] <= i) {
      if (chunk >= 0) await breathe();
      text = chunks[++chunk].toString("utf16le");
    }
    const article: Record<string, string | null> = {};
    for (let f = 0; f < FIELDS; f++) {
      const state = states[i * FIELDS + f];
      if (state === ABSENT) continue;
      article[ARTICLE_FIELDS[f]] = state === NULL ? null : text.slice(offsets[i * (FIELDS + 1) + f], offsets[i * (FIELDS + 1) + f + 1]);
    }
    articles[i] = article as unknown as Article;
  }
  return articles;
}

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/**
 * Write the snapshot atomically: a temporary file beside it, synced, then renamed over the old one.
 * Returns the file's size in bytes. Throws on I/O errors (the caller decides how loud to be).
 */
export async function writeSnapshot(path: string, contents: SnapshotContents): Promise<number> {
  const { articles, data } = contents;
  const encoded = await encodeArticles(articles);
  const payloads: { name: string; type: SectionInfo["type"]; bytes: Buffer }[] = [];
  for (const name of INDEX_ARRAYS) {
    const array = data[name];
    payloads.push({ name, type: array instanceof Uint8Array ? "u8" : array instanceof Uint16Array ? "u16" : "u32", bytes: bytesOf(array) });
  }
  payloads.push({ name: "terms", type: "utf16", bytes: Buffer.from(data.terms.join(TERM_SEPARATOR), "utf16le") });
  payloads.push({ name: "articleStates", type: "u8", bytes: bytesOf(encoded.states) });
  payloads.push({ name: "articleOffsets", type: "u32", bytes: bytesOf(encoded.offsets) });
  encoded.chunks.forEach((chunk, i) => payloads.push({ name: `articleText${i}`, type: "utf16", bytes: chunk }));

  const sections: SectionInfo[] = [];
  const provisional: Header = {
    format: SNAPSHOT_FORMAT,
    endian: endianness(),
    fingerprint: contents.fingerprint,
    created: new Date().toISOString(),
    docCount: data.docCount,
    pages: contents.pages,
    warnings: contents.warnings,
    chunkStarts: encoded.chunkStarts,
    sections,
  };
  // Offsets depend on the header's length, which depends on the offsets: lay out with room to spare.
  for (const p of payloads) sections.push({ name: p.name, type: p.type, offset: 0, bytes: p.bytes.length, crc: await crcOf(p.bytes) });
  let headerBytes = Buffer.byteLength(JSON.stringify(provisional)) + 64 * sections.length + 64;
  let offset = align8(PREFIX_BYTES + headerBytes);
  for (const s of sections) {
    s.offset = offset;
    offset = align8(offset + s.bytes);
  }
  const header = Buffer.from(JSON.stringify(provisional));
  if (header.length > headerBytes) throw new Error("snapshot: header grew past its room");
  headerBytes = header.length;
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(headerBytes, 8);
  prefix.writeUInt32LE(crc32(header), 12);

  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const file = await open(temp, "w");
  try {
    await file.write(prefix, 0, prefix.length, 0);
    await file.write(header, 0, header.length, PREFIX_BYTES);
    for (let i = 0; i < payloads.length; i++) {
      const bytes = payloads[i].bytes;
      for (let at = 0; at < bytes.length;) {
        const { bytesWritten } = await file.write(bytes, at, Math.min(bytes.length - at, 1 << 26), sections[i].offset + at);
        at += bytesWritten;
      }
    }
    await file.truncate(offset);
    await file.datasync();
    await file.close();
    await rename(temp, path);
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  return offset;
}

/** Read and check the header only (cheap): format, byte order, and its CRC. */
export async function readSnapshotHeader(path: string): Promise<Header> {
  let file;
  try {
    file = await open(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SnapshotError(code === "ENOENT" ? "missing" : "corrupt", `cannot open ${path} (${code})`);
  }
  try {
    const prefix = Buffer.alloc(PREFIX_BYTES);
    const { bytesRead } = await file.read(prefix, 0, PREFIX_BYTES, 0);
    if (bytesRead < PREFIX_BYTES || !prefix.subarray(0, 8).equals(MAGIC))
      throw new SnapshotError("corrupt", "not a newsbot index snapshot");
    const length = prefix.readUInt32LE(8);
    if (length > 1 << 26) throw new SnapshotError("corrupt", "header length is implausible");
    const header = Buffer.alloc(length);
    const read = await file.read(header, 0, length, PREFIX_BYTES);
    if (read.bytesRead < length || crc32(header) !== prefix.readUInt32LE(12))
      throw new SnapshotError("corrupt", "header checksum mismatch");
    let parsed: Header;
    try {
      parsed = JSON.parse(header.toString("utf8")) as Header;
    } catch {
      throw new SnapshotError("corrupt", "header is not JSON");
    }
    if (parsed.format !== SNAPSHOT_FORMAT) throw new SnapshotError("format", `format ${parsed.format}, expected ${SNAPSHOT_FORMAT}`);
    if (parsed.endian !== endianness()) throw new SnapshotError("format", `written on a ${parsed.endian} machine`);
    return parsed;
  } finally {
    await file.close();
  }
}

/** A snapshot's bytes, checked (magic, header, every section's CRC) but not decoded. */
export interface RawSnapshot {
  header: Header;
  /** Everything but the article text: the index arrays are viewed in place in it. */
  kept: Buffer;
  /** The article text chunks (UTF-16LE), dropped once decoded. */
  text: Buffer[];
}

/** The ArrayBuffers of a raw snapshot (to transfer it between threads). */
export function rawTransferList(raw: RawSnapshot): ArrayBuffer[] {
  return [raw.kept, ...raw.text].map((b) => b.buffer as ArrayBuffer);
}

const isText = (name: string) => name.startsWith("articleText");

/**
 * Read and check a snapshot's bytes. With `fingerprint`, one of another corpus state throws
 * SnapshotError("stale") before the bulk is read; a damaged one throws SnapshotError("corrupt").
 */
export async function readSnapshotRaw(path: string, fingerprint?: string): Promise<RawSnapshot> {
  const header = await readSnapshotHeader(path);
  if (fingerprint !== undefined && header.fingerprint !== fingerprint)
    throw new SnapshotError("stale", "the corpus, its dictionaries, the settings or newsbot changed since it was written");
  const keptEnd = Math.max(PREFIX_BYTES, ...header.sections.filter((s) => !isText(s.name)).map((s) => s.offset + s.bytes));
  const file = await open(path, "r");
  try {
    const size = (await file.stat()).size;
    const readRange = async (from: number, length: number): Promise<Buffer> => {
      if (from + length > size) throw new SnapshotError("corrupt", "the file is truncated");
      // Its own ArrayBuffer (not the pool): viewed by typed arrays, transferable.
      const buffer = Buffer.from(new ArrayBuffer(length));
      for (let at = 0; at < length;) {
        const { bytesRead } = await file.read(buffer, at, length - at, from + at);
        if (bytesRead === 0) throw new SnapshotError("corrupt", "the file is truncated");
        at += bytesRead;
      }
      return buffer;
    };
    const kept = await readRange(0, keptEnd);
    for (const info of header.sections) {
      if (isText(info.name)) continue;
      if ((await crcOf(kept.subarray(info.offset, info.offset + info.bytes))) !== info.crc) {
        throw new SnapshotError("corrupt", `section ${info.name}: checksum mismatch`);
      }
    }
    const text: Buffer[] = [];
    for (let i = 0; i < header.chunkStarts.length; i++) {
      const info = header.sections.find((s) => s.name === `articleText${i}`);
      if (!info) throw new SnapshotError("corrupt", `section articleText${i} is missing`);
      const bytes = await readRange(info.offset, info.bytes);
      if ((await crcOf(bytes)) !== info.crc) throw new SnapshotError("corrupt", `section articleText${i}: checksum mismatch`);
      text.push(bytes);
    }
    return { header, kept, text };
  } finally {
    await file.close();
  }
}

/** Decode checked bytes into articles and the index arrays (views, not copies). */
export async function decodeSnapshot(raw: RawSnapshot): Promise<SnapshotContents> {
  const { header, kept } = raw;
  const section = (name: string): Buffer => {
    const info = header.sections.find((s) => s.name === name);
    if (!info) throw new SnapshotError("corrupt", `section ${name} is missing`);
    if (info.offset + info.bytes > kept.length) throw new SnapshotError("corrupt", `section ${name} is truncated`);
    return kept.subarray(info.offset, info.offset + info.bytes);
  };
  const typed = <T extends Uint32Array | Uint16Array | Uint8Array>(
    name: string,
    Type: { new (b: ArrayBuffer, o: number, n: number): T; BYTES_PER_ELEMENT: number },
  ): T => {
    const slice = section(name);
    if (slice.length % Type.BYTES_PER_ELEMENT !== 0) throw new SnapshotError("corrupt", `section ${name} has a partial element`);
    if (slice.byteOffset % Type.BYTES_PER_ELEMENT !== 0) {
      const copy = new Uint8Array(slice.length);
      copy.set(slice);
      return new Type(copy.buffer, 0, slice.length / Type.BYTES_PER_ELEMENT);
    }
    return new Type(slice.buffer as ArrayBuffer, slice.byteOffset, slice.length / Type.BYTES_PER_ELEMENT);
  };

  const arrays = {} as Record<IndexArrayName, Uint32Array | Uint16Array | Uint8Array>;
  for (const name of INDEX_ARRAYS) {
    const type = header.sections.find((s) => s.name === name)?.type;
    arrays[name] = type === "u8" ? typed(name, Uint8Array) : type === "u16" ? typed(name, Uint16Array) : typed(name, Uint32Array);
  }
  const data = {
    ...(arrays as unknown as Omit<IndexData, "terms" | "docCount">),
    docCount: header.docCount,
    terms: await splitTerms(section("terms").toString("utf16le")),
  };
  checkShape(data);
  const articles = await decodeArticles(
    raw.text,
    header.chunkStarts,
    typed("articleStates", Uint8Array),
    typed("articleOffsets", Uint32Array),
    header.docCount,
  );
  return { fingerprint: header.fingerprint, articles, data, pages: header.pages, warnings: header.warnings };
}

/** Read, check and decode a snapshot (see readSnapshotRaw for the errors). */
export async function readSnapshot(path: string, fingerprint?: string): Promise<SnapshotContents> {
  return decodeSnapshot(await readSnapshotRaw(path, fingerprint));
}

/** The lengths must fit together (a bad file must not make retrieval read past an array). */
function checkShape(d: IndexData): void {
  const n = d.docCount;
  const t = d.terms.length;
  const ok =
    d.df.length === t &&
    d.titleOffsets.length === t + 1 &&
    d.titleOffsets[t] === d.titleDocs.length &&
    d.titleTf.length === d.titleDocs.length &&
    d.titleLength.length === n &&
    d.bodyOffsets.length === t + 1 &&
    d.bodyOffsets[t] === d.bodyPostings.length &&
    d.bodyCount.length === t &&
    d.bodyLength.length === n &&
    d.placeOffsets.length === t + 1 &&
    d.placeOffsets[t] === d.placeDocs.length &&
    d.placeLength.length === n &&
    d.gramOffsets.length === d.gramKeys.length + 1 &&
    d.gramOffsets[d.gramKeys.length] === d.gramPostings.length &&
    d.gramCount.length === d.gramKeys.length &&
    d.gramLength.length === n;
  if (!ok) throw new SnapshotError("corrupt", "index arrays do not fit together");
}
