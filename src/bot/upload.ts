/**
 * Admin uploads, the parts that touch files: download from Telegram (bounded in time and in the
 * bytes actually received), a preview parsed by the real corpus loader, a safe file name, and an
 * atomic, never-overwriting save into the corpus folder.
 */
import { link, mkdtemp, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import { request as httpRequest, type Agent } from "node:http";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { Readable } from "node:stream";
import { GrammyError, type Api } from "grammy";
import type { LoadResult, LoadWarning } from "../corpus/types.js";
import { shortKey } from "./short-key-store.js";

export const UPLOAD_EXTENSIONS = [".txt", ".md", ".json", ".jsonl"] as const;
/** A save's temp file in the corpus folder: .upload-<key>.tmp (a dot file, never read as a page). */
export const UPLOAD_TEMP_PREFIX = ".upload-";
export const UPLOAD_TEMP_SUFFIX = ".tmp";
const NAME_MAX = 100;
/**
 * File systems limit a name to 255 bytes, not characters: 100 Han characters are 300 bytes of
 * UTF-8. Names stay well below, leaving room for a collision suffix ("-999").
 */
const NAME_MAX_BYTES = 200;

export class UploadError extends Error {
  constructor(message: string) {
    super(`upload: ${message}`);
    this.name = "UploadError";
  }
}

export function hasUploadExtension(fileName: string): boolean {
  return (UPLOAD_EXTENSIONS as readonly string[]).includes(extname(fileName).toLowerCase());
}

/**
 * A name that is safe to create in the corpus folder: the last path component only, letters,
 * digits, "._-" and Han characters, no leading dot (hidden files are the loader's own), the
 * extension kept and lower-cased, at most 100 characters and 200 bytes.
 */
export function safeFileName(original: string): string {
  const base = original.normalize("NFC").split(/[/\\]/).pop() ?? "";
  const ext = extname(base).toLowerCase();
  const allowedExt = (UPLOAD_EXTENSIONS as readonly string[]).includes(ext) ? ext : ".txt";
  let stem = base.slice(0, base.length - extname(base).length);
  stem = stem
    .replace(/[^A-Za-z0-9._\-\p{Script=Han}]/gu, "_")
    .replace(/_+/g, "_")
    .replace(/\.{2,}/g, ".")
    .replace(/^[._-]+/, "")
    .replace(/[._-]+$/, "");
  const points = Array.from(stem);
  if (points.length > NAME_MAX - allowedExt.length) points.length = NAME_MAX - allowedExt.length;
  while (Buffer.byteLength(points.join("")) > NAME_MAX_BYTES - allowedExt.length) points.pop();
  stem = points.join("").replace(/[._-]+$/, "");
  return `${stem || "upload"}${allowedExt}`;
}

function withSuffix(name: string, n: number): string {
  if (n === 0) return name;
  const ext = extname(name);
  return `${name.slice(0, name.length - ext.length)}-${n}${ext}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Write bytes into dir as name, or name-1, name-2… if taken: first a dot-named temp file in the
 * same folder (same filesystem), then a hard link to the final name, which fails rather than
 * overwrite; a reader never sees half a file.
 */
export async function saveToCorpus(dir: string, name: string, bytes: Uint8Array): Promise<{ name: string; renamed: boolean }> {
  const temp = join(dir, `${UPLOAD_TEMP_PREFIX}${shortKey()}${UPLOAD_TEMP_SUFFIX}`);
  try {
    await writeFile(temp, bytes, { flag: "wx" });
    for (let n = 0; n < 1000; n++) {
      const candidate = withSuffix(name, n);
      const target = join(dir, candidate);
      try {
        await link(temp, target);
        return { name: candidate, renamed: n > 0 };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EEXIST") continue;
        if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error;
        // No hard links on this filesystem: check, then rename (a small race, but still atomic).
        if (await exists(target)) continue;
        await rename(temp, target);
        return { name: candidate, renamed: n > 0 };
      }
    }
    throw new UploadError(`no free name for ${name}`);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

export interface DownloadOptions {
  apiRoot: string;
  token: string;
  fileId: string;
  maxBytes: number;
  /** The whole download (getFile, then every byte) must finish within this. */
  timeoutMs: number;
  /** Aborts the download (shutdown). */
  signal?: AbortSignal;
  fetch: typeof fetch;
}

/**
 * Fetch a document the bot received: at most maxBytes actually received (whatever was declared),
 * within timeoutMs, abortable; the URL (it holds the token) never reaches an error.
 */
export async function downloadTelegramFile(api: Api, options: DownloadOptions): Promise<Uint8Array> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const why = () => (timeout.aborted ? new UploadError("download timed out") : new UploadError("download cancelled (stopping)"));
  try {
    // grammY types its signal with its own AbortSignal shim; at run time it is Node's.
    const file = await api.getFile(options.fileId, signal as unknown as Parameters<Api["getFile"]>[1]);
    if (!file.file_path) throw new UploadError("Telegram gave no file path (too big to download?)");
    if (file.file_size !== undefined && file.file_size > options.maxBytes) throw new UploadError("file too big");
    const url = `${options.apiRoot}/file/bot${options.token}/${file.file_path}`;
    return await readAtMost(await options.fetch(url, { signal }), options.maxBytes, signal);
  } catch (error) {
    if (signal.aborted) throw why();
    if (error instanceof UploadError) throw error;
    if (error instanceof GrammyError) throw new UploadError(`Telegram refused the file (${error.description})`);
    throw new UploadError("download failed (network)");
  }
}

async function readAtMost(response: Response, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  if (!response.ok || !response.body) throw new UploadError(`download failed (HTTP ${response.status})`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader: ReadableStreamDefaultReader<Uint8Array> = (response.body as ReadableStream<Uint8Array>).getReader();
  // A body that stalls never resolves read(): the abort cancels it.
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener("abort", cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      // A cancelled read ends as if done: never take a cut-off file for a whole one.
      if (signal.aborted) throw new UploadError("download cancelled");
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        cancel();
        throw new UploadError("file too big");
      }
      chunks.push(value);
    }
  } finally {
    signal.removeEventListener("abort", cancel);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/**
 * A fetch for file downloads over node:http(s) with a given agent (a proxy's), so downloads take
 * the same way to Telegram as the Bot API calls. Only what downloadTelegramFile uses: GET, signal.
 */
export function agentFetch(agent: Agent | undefined): typeof fetch {
  return ((input: string | URL, init?: { signal?: AbortSignal }) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const request = url.protocol === "https:" ? httpsRequest : httpRequest;
      const req = request(url, { method: "GET", agent, signal: init?.signal }, (res) => {
        const body = Readable.toWeb(res) as ReadableStream<Uint8Array>;
        resolve(new Response(body, { status: res.statusCode ?? 502 }));
      });
      req.once("error", reject);
      req.end();
    })) as typeof fetch;
}

export interface Preview {
  headlines: string[];
  warnings: LoadWarning[];
}

/**
 * What the corpus loader would make of the file, found by loading it alone from a scratch folder:
 * the same decoding and parsing as the real reload, and nothing touches the corpus yet.
 */
export async function previewUpload(name: string, bytes: Uint8Array, load: (dir: string) => Promise<LoadResult>): Promise<Preview> {
  const dir = await mkdtemp(join(tmpdir(), "newsbot-upload-"));
  try {
    await writeFile(join(dir, name), bytes);
    const result = await load(dir);
    return { headlines: result.articles.map((a) => a.headline), warnings: result.warnings };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
