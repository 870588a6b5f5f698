/**
 * The bot's configuration, read from the environment by a pure parser: no I/O, no process.env,
 * so every rule is testable and a bad value fails at start-up with a message that names it.
 */

import { isAbsolute, resolve } from "node:path";

export const DEFAULT_CORPUS_DIR = "./corpus";
export const DEFAULT_TELEGRAM_API_ROOT = "https://api.telegram.org";
export const DEFAULT_LOG_LEVEL = "info";
export const DEFAULT_LOCAL_CITY = "聊城";
export const DEFAULT_RATE_LIMIT = 20;
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
/** The Bot API lets a bot download files of at most 20 MB: a larger cap could never be reached. */
export const MAX_MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const DEFAULT_PORT = 8080;
export const DEFAULT_CORPUS_POLL_MS = 2000;
/** Polling the shared corpus marker faster than this only burns I/O. */
export const MIN_CORPUS_POLL_MS = 100;
/** Telegram's own minimum is 1 character; anything this short is guessable. */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;
/** How long Telegram may be unreachable before /healthz says 503. */
export const DEFAULT_TELEGRAM_GRACE_MS = 60_000;
/** Longest an upload's download may take, all bytes included. */
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 60_000;
/** After SIGTERM, in-flight updates and background work get this long; then the process exits anyway. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 4000;
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** No BOT_TOKEN: the console chat on stdin/stdout, no Telegram, no HTTP. */
export interface ConsoleMode {
  kind: "console";
}
/** BOT_TOKEN without WEBHOOK_URL: the bot asks Telegram for updates. */
export interface PollingMode {
  kind: "polling";
  botToken: string;
}
/** BOT_TOKEN and WEBHOOK_URL: Telegram POSTs updates to the HTTP server. */
export interface WebhookMode {
  kind: "webhook";
  botToken: string;
  /** Public HTTPS URL Telegram posts to. */
  url: string;
  /**
   * Secret Telegram sends back in X-Telegram-Bot-Api-Secret-Token; null: generate one at start-up
   * (every instance of a scaled-out bot needs the same one: set it).
   */
  secret: string | null;
}
export type Mode = ConsoleMode | PollingMode | WebhookMode;
/** A mode that talks to Telegram. */
export type TelegramMode = PollingMode | WebhookMode;

export interface Config {
  /** How the process runs, with what each mode needs (see the Mode types). */
  mode: Mode;
  /** Telegram user ids allowed to /reload and upload pages. A group admin is not one of these. */
  adminIds: readonly number[];
  /** Folder of newspaper page files the library loads (absolute after resolveSettings). */
  corpusDir: string;
  /** Bot API root, without a trailing slash (a local Bot API server or a test server in tests). */
  telegramApiRoot: string;
  /** Proxy for every Bot API request (TELEGRAM_PROXY, else HTTPS_PROXY); null: direct. */
  telegramProxy: string | null;
  /** How long, in ms, Telegram may be unreachable before /healthz reports 503. */
  telegramGraceMs: number;
  /** pino level. */
  logLevel: LogLevel;
  /** The city that 我市/本市 means when a page does not say. */
  localCity: string;
  /** Questions one user may ask per minute; 0 turns the limit off. */
  rateLimit: number;
  /** Largest document an admin may upload, in bytes (at most MAX_MAX_UPLOAD_BYTES). */
  maxUploadBytes: number;
  /** Longest an upload's download may take, in ms. */
  downloadTimeoutMs: number;
  /** Port of the HTTP server (health endpoint; webhook updates in webhook mode). Bot modes only. */
  port: number;
  /** How often, in ms, the shared corpus marker is checked for other instances' reloads; 0: never. */
  corpusPollMs: number;
  /** This process's name in logs, /healthz and the corpus marker; null: hostname-pid (main.ts). */
  instanceId: string | null;
  /** How long shutdown may take before the process exits anyway, in ms. */
  shutdownTimeoutMs: number;
  /** How the bot shows things (the bot's own settings, kept together). */
  display: DisplayConfig;
}

export interface DisplayConfig {
  /** IANA time zone for times the bot shows (TIMEZONE; the paper's, Asia/Shanghai by default). */
  timeZone: string;
  /** Public URL of the inline results' thumbnail (INLINE_THUMB_URL, e.g. assets/inline-thumb.png hosted); null: none. */
  inlineThumbUrl: string | null;
}

/** The bot token of a Telegram mode, or null in console mode. */
export function botTokenOf(config: Pick<Config, "mode">): string | null {
  return config.mode.kind === "console" ? null : config.mode.botToken;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(`config: ${message}`);
    this.name = "ConfigError";
  }
}

export type Env = Record<string, string | undefined>;

/** An unset or blank variable counts as absent, as most .env files leave placeholders empty. */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function positiveInt(name: string, raw: string, { allowZero = false } = {}): number {
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new ConfigError(`${name} is too large: "${raw}"`);
  if (value === 0 && !allowZero) throw new ConfigError(`${name} must be greater than 0`);
  return value;
}

function optionalInt(env: Env, name: string, fallback: number, { allowZero = false, max = Number.MAX_SAFE_INTEGER } = {}): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = positiveInt(name, raw, { allowZero });
  if (value > max) throw new ConfigError(`${name} must be at most ${max}, got "${raw}"`);
  return value;
}

/** "2097152", "2MB", "512 KB", "1.5 MiB" → bytes. */
function byteSize(name: string, raw: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib)?$/i.exec(raw);
  if (!match) throw new ConfigError(`${name} must be a size such as 2097152 or 2MB, got "${raw}"`);
  const unit = (match[2] ?? "b").toLowerCase();
  const factor = unit.startsWith("k") ? 1024 : unit.startsWith("m") ? 1024 * 1024 : 1;
  const value = Math.floor(Number(match[1]) * factor);
  if (value <= 0) throw new ConfigError(`${name} must be greater than 0`);
  return value;
}

function httpUrl(name: string, raw: string, { httpsOnly = false } = {}): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL: "${raw}"`);
  }
  const ok = httpsOnly ? url.protocol === "https:" : url.protocol === "https:" || url.protocol === "http:";
  if (!ok) throw new ConfigError(`${name} must be an ${httpsOnly ? "https" : "http(s)"} URL, got "${raw}"`);
  return raw.replace(/\/+$/, "");
}

/** A proxy URL may carry a password: name the variable, never echo the value. */
function proxyUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL (http://host:port or https://user:password@host:port)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(`${name} must be an http:// or https:// proxy URL`);
  return raw;
}

/** ADMIN_IDS: strict. One bad entry is an error, not silently skipped: a typo must not lock an admin out. */
export function parseAdminIds(raw: string | undefined): number[] {
  if (raw === undefined || raw.trim() === "") return [];
  const ids: number[] = [];
  for (const part of raw.split(",")) {
    const entry = part.trim();
    if (!/^[1-9]\d*$/.test(entry) || !Number.isSafeInteger(Number(entry))) {
      throw new ConfigError(`ADMIN_IDS: "${entry}" is not a positive integer Telegram user id`);
    }
    const id = Number(entry);
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

function parseMode(env: Env): Mode {
  const botToken = read(env, "BOT_TOKEN");
  if (botToken === undefined) return { kind: "console" };
  if (!/^\d+:[A-Za-z0-9_-]+$/.test(botToken)) {
    // Don't echo the value: it is a secret even when malformed.
    throw new ConfigError("BOT_TOKEN does not look like a bot token (digits:letters from @BotFather)");
  }
  const urlRaw = read(env, "WEBHOOK_URL");
  const secret = read(env, "WEBHOOK_SECRET") ?? null;
  if (secret !== null) {
    // Never echo it, not even its length.
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw new ConfigError("WEBHOOK_SECRET must be 16-256 characters of A-Z, a-z, 0-9, _ and -");
    if (secret.length < MIN_WEBHOOK_SECRET_LENGTH) {
      throw new ConfigError(
        `WEBHOOK_SECRET is too short: use at least ${MIN_WEBHOOK_SECRET_LENGTH} characters (e.g. openssl rand -hex 32)`,
      );
    }
  }
  if (urlRaw === undefined) return { kind: "polling", botToken };
  return { kind: "webhook", botToken, url: httpUrl("WEBHOOK_URL", urlRaw, { httpsOnly: true }), secret };
}

function parseLogLevel(env: Env): LogLevel {
  const raw = (read(env, "LOG_LEVEL") ?? DEFAULT_LOG_LEVEL).toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(raw))
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${raw}"`);
  return raw as LogLevel;
}

function parseMaxUpload(env: Env): number {
  const raw = read(env, "MAX_UPLOAD_BYTES");
  if (raw === undefined) return DEFAULT_MAX_UPLOAD_BYTES;
  const value = byteSize("MAX_UPLOAD_BYTES", raw);
  if (value > MAX_MAX_UPLOAD_BYTES)
    throw new ConfigError(`MAX_UPLOAD_BYTES must be at most 20MB (the Bot API's download limit), got "${raw}"`);
  return value;
}

function parseCorpusPoll(env: Env): number {
  const value = optionalInt(env, "CORPUS_POLL_MS", DEFAULT_CORPUS_POLL_MS, { allowZero: true });
  if (value !== 0 && value < MIN_CORPUS_POLL_MS) {
    throw new ConfigError(`CORPUS_POLL_MS must be 0 (off) or at least ${MIN_CORPUS_POLL_MS}, got "${read(env, "CORPUS_POLL_MS")}"`);
  }
  return value;
}

function parseInstanceId(env: Env): string | null {
  const id = read(env, "INSTANCE_ID") ?? null;
  if (id !== null && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(id)) {
    throw new ConfigError(
      `INSTANCE_ID must be 1-64 characters of A-Z, a-z, 0-9, _, . and - (starting with a letter or digit), got "${id}"`,
    );
  }
  return id;
}

function parseProxy(env: Env): string | null {
  for (const name of ["TELEGRAM_PROXY", "HTTPS_PROXY", "https_proxy"]) {
    const raw = read(env, name);
    if (raw !== undefined) return proxyUrl(name, raw);
  }
  return null;
}

function parseDisplay(env: Env): DisplayConfig {
  const timeZone = read(env, "TIMEZONE") ?? DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
  } catch {
    throw new ConfigError(`TIMEZONE must be an IANA time zone such as Asia/Shanghai, got "${timeZone}"`);
  }
  const thumbRaw = read(env, "INLINE_THUMB_URL");
  return { timeZone, inlineThumbUrl: thumbRaw === undefined ? null : httpUrl("INLINE_THUMB_URL", thumbRaw, { httpsOnly: true }) };
}

/** The configuration from the environment, every value checked; paths as given (see resolveSettings). */
export function parseConfig(env: Env): Config {
  return {
    mode: parseMode(env),
    adminIds: parseAdminIds(env.ADMIN_IDS),
    corpusDir: read(env, "CORPUS_DIR") ?? DEFAULT_CORPUS_DIR,
    telegramApiRoot: httpUrl("TELEGRAM_API_ROOT", read(env, "TELEGRAM_API_ROOT") ?? DEFAULT_TELEGRAM_API_ROOT),
    telegramProxy: parseProxy(env),
    telegramGraceMs: optionalInt(env, "TELEGRAM_GRACE_MS", DEFAULT_TELEGRAM_GRACE_MS, { allowZero: true }),
    logLevel: parseLogLevel(env),
    localCity: read(env, "LOCAL_CITY") ?? DEFAULT_LOCAL_CITY,
    rateLimit: optionalInt(env, "RATE_LIMIT", DEFAULT_RATE_LIMIT, { allowZero: true }),
    maxUploadBytes: parseMaxUpload(env),
    downloadTimeoutMs: optionalInt(env, "DOWNLOAD_TIMEOUT_MS", DEFAULT_DOWNLOAD_TIMEOUT_MS),
    port: optionalInt(env, "PORT", DEFAULT_PORT, { max: 65535 }),
    corpusPollMs: parseCorpusPoll(env),
    instanceId: parseInstanceId(env),
    shutdownTimeoutMs: optionalInt(env, "SHUTDOWN_TIMEOUT_MS", DEFAULT_SHUTDOWN_TIMEOUT_MS),
    display: parseDisplay(env),
  };
}

/** What a command line may say instead of the environment. */
export interface SettingsFlags {
  /** --corpus DIR */
  corpus?: string;
}

/**
 * The one settings path of every entry point (the bot, each CLI command, the bench, the
 * healthcheck): the environment through parseConfig, then the command line's flags on top, and
 * the corpus folder made absolute against cwd. A blank flag is an error (not "the current
 * folder"); a blank variable counts as unset, as everywhere.
 */
export function resolveSettings(env: Env, flags: SettingsFlags = {}, cwd: string = process.cwd()): Config {
  const config = parseConfig(env);
  if (flags.corpus !== undefined && flags.corpus.trim() === "") throw new ConfigError("--corpus needs a folder");
  const corpus = flags.corpus?.trim() ?? config.corpusDir;
  return {
    ...config,
    corpusDir: isAbsolute(corpus) ? resolve(corpus) : resolve(cwd, corpus),
  };
}

/** The settings as an operator may see them: secrets replaced by whether they are set. */
export function describeSettings(config: Config): Record<string, unknown> {
  const { mode, telegramProxy, ...rest } = config;
  const shownMode =
    mode.kind === "webhook" ? { kind: mode.kind, url: mode.url, secret: mode.secret === null ? "generated" : "set" } : { kind: mode.kind };
  return {
    ...rest,
    mode: shownMode,
    telegramProxy: telegramProxy === null ? null : redactUrlPassword(telegramProxy),
  };
}

function redactUrlPassword(raw: string): string {
  const url = new URL(raw);
  if (url.password) url.password = "redacted";
  return url.toString();
}
