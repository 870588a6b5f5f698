/**
 * The bot's configuration, read from the environment by a pure parser: no I/O, no process.env,
 * so every rule is testable and a bad value fails at start-up with a message that names it.
 */

export const DEFAULT_CORPUS_DIR = "./corpus";
export const DEFAULT_TELEGRAM_API_ROOT = "https://api.telegram.org";
export const DEFAULT_LOG_LEVEL = "info";
export const DEFAULT_LOCAL_CITY = "聊城";
export const DEFAULT_RATE_LIMIT = 20;
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
export const DEFAULT_PORT = 8080;
export const DEFAULT_CORPUS_POLL_MS = 2000;
/** Polling the shared corpus marker faster than this only burns I/O. */
export const MIN_CORPUS_POLL_MS = 100;
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  /** Telegram bot token from @BotFather; null means no Telegram: the console chat runs instead. */
  botToken: string | null;
  /** Telegram user ids allowed to /reload and upload pages. A group admin is not one of these. */
  adminIds: readonly number[];
  /** Folder of newspaper page files the library loads. */
  corpusDir: string;
  /** Bot API root, without a trailing slash (a local Bot API server or a test server in tests). */
  telegramApiRoot: string;
  /** pino level. */
  logLevel: LogLevel;
  /** The city that 我市/本市 means when a page does not say. */
  localCity: string;
  /** Questions one user may ask per minute; 0 turns the limit off. */
  rateLimit: number;
  /** Largest document an admin may upload, in bytes. */
  maxUploadBytes: number;
  /** Public HTTPS URL for webhook mode; null means long polling. */
  webhookUrl: string | null;
  /**
   * Secret Telegram sends back in X-Telegram-Bot-Api-Secret-Token (webhook mode only); null: one
   * is generated at start-up (every instance of a scaled-out bot needs the same one: set it).
   */
  webhookSecret: string | null;
  /** Port of the HTTP server (health endpoint; webhook updates in webhook mode). Bot modes only. */
  port: number;
  /** How often, in ms, the shared corpus marker is checked for other instances' reloads; 0: never. */
  corpusPollMs: number;
  /** This process's name in logs, /healthz and the corpus marker; null: hostname-pid (main.ts). */
  instanceId: string | null;
  /** How the bot shows things (the bot's own settings, kept together). */
  display: DisplayConfig;
}

export interface DisplayConfig {
  /** IANA time zone for times the bot shows (TIMEZONE; the paper's, Asia/Shanghai by default). */
  timeZone: string;
  /** Public URL of the inline results' thumbnail (INLINE_THUMB_URL, e.g. assets/inline-thumb.png hosted); null: none. */
  inlineThumbUrl: string | null;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(`config: ${message}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

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

export function parseConfig(env: Env): Config {
  const botToken = read(env, "BOT_TOKEN") ?? null;
  if (botToken !== null && !/^\d+:[A-Za-z0-9_-]+$/.test(botToken)) {
    // Don't echo the value: it is a secret even when malformed.
    throw new ConfigError("BOT_TOKEN does not look like a bot token (digits:letters from @BotFather)");
  }

  const logLevelRaw = (read(env, "LOG_LEVEL") ?? DEFAULT_LOG_LEVEL).toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevelRaw)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${logLevelRaw}"`);
  }

  const rateRaw = read(env, "RATE_LIMIT");
  const uploadRaw = read(env, "MAX_UPLOAD_BYTES");
  const portRaw = read(env, "PORT");
  const port = portRaw === undefined ? DEFAULT_PORT : positiveInt("PORT", portRaw);
  if (port > 65535) throw new ConfigError(`PORT must be at most 65535, got "${portRaw}"`);

  const webhookUrlRaw = read(env, "WEBHOOK_URL");
  const webhookSecret = read(env, "WEBHOOK_SECRET") ?? null;
  if (webhookSecret !== null && !/^[A-Za-z0-9_-]{1,256}$/.test(webhookSecret)) {
    throw new ConfigError("WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -");
  }

  const pollRaw = read(env, "CORPUS_POLL_MS");
  const corpusPollMs = pollRaw === undefined ? DEFAULT_CORPUS_POLL_MS : positiveInt("CORPUS_POLL_MS", pollRaw, { allowZero: true });
  if (corpusPollMs !== 0 && corpusPollMs < MIN_CORPUS_POLL_MS) {
    throw new ConfigError(`CORPUS_POLL_MS must be 0 (off) or at least ${MIN_CORPUS_POLL_MS}, got "${pollRaw}"`);
  }
  const instanceId = read(env, "INSTANCE_ID") ?? null;
  if (instanceId !== null && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(instanceId)) {
    throw new ConfigError(
      `INSTANCE_ID must be 1-64 characters of A-Z, a-z, 0-9, _, . and - (starting with a letter or digit), got "${instanceId}"`,
    );
  }

  const timeZone = read(env, "TIMEZONE") ?? DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
  } catch {
    throw new ConfigError(`TIMEZONE must be an IANA time zone such as Asia/Shanghai, got "${timeZone}"`);
  }
  const thumbRaw = read(env, "INLINE_THUMB_URL");

  return {
    botToken,
    adminIds: parseAdminIds(env.ADMIN_IDS),
    corpusDir: read(env, "CORPUS_DIR") ?? DEFAULT_CORPUS_DIR,
    telegramApiRoot: httpUrl("TELEGRAM_API_ROOT", read(env, "TELEGRAM_API_ROOT") ?? DEFAULT_TELEGRAM_API_ROOT),
    logLevel: logLevelRaw as LogLevel,
    localCity: read(env, "LOCAL_CITY") ?? DEFAULT_LOCAL_CITY,
    rateLimit: rateRaw === undefined ? DEFAULT_RATE_LIMIT : positiveInt("RATE_LIMIT", rateRaw, { allowZero: true }),
    maxUploadBytes: uploadRaw === undefined ? DEFAULT_MAX_UPLOAD_BYTES : byteSize("MAX_UPLOAD_BYTES", uploadRaw),
    webhookUrl: webhookUrlRaw === undefined ? null : httpUrl("WEBHOOK_URL", webhookUrlRaw, { httpsOnly: true }),
    webhookSecret,
    port,
    corpusPollMs,
    instanceId,
    display: { timeZone, inlineThumbUrl: thumbRaw === undefined ? null : httpUrl("INLINE_THUMB_URL", thumbRaw, { httpsOnly: true }) },
  };
}
