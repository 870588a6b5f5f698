/**
 * The logger: pino, JSON lines (pretty when a person watches a terminal). The bot token and the
 * webhook secret turn up in URLs and in Telegram's error texts (file downloads, "bad webhook:
 * secret …"), so every log line is scrubbed of them, whatever field or error message they hide in.
 */
import { pino, type Logger, type LoggerOptions, type DestinationStream } from "pino";
import pretty from "pino-pretty";

export type { Logger };

export interface LoggerSettings {
  level?: string;
  /** Strings that must never appear in a log line (the bot token). */
  secrets?: (string | null | undefined)[];
  /** Pretty output; default: when stdout is a TTY. */
  pretty?: boolean;
  /** Where lines go (tests); default stdout, or stderr with toStderr. */
  destination?: DestinationStream;
  /** Log to stderr: when stdout carries the program's output (the console chat). */
  toStderr?: boolean;
  name?: string;
}

const REDACTED = "[redacted]";

/** Field names whose values are secrets wherever they appear. */
const REDACT_PATHS = [
  "token",
  "botToken",
  "BOT_TOKEN",
  "*.token",
  "*.botToken",
  "*.BOT_TOKEN",
  "config.botToken",
  "webhookSecret",
  "*.webhookSecret",
  "mode.botToken",
  "mode.secret",
  "*.mode.botToken",
  "*.mode.secret",
];

/**
 * Deep copy of value with every secret replaced; errors become plain objects pino can print.
 * Unless keepPayloads, a failed Bot API call's `payload` (GrammyError: the message we tried to send,
 * which quotes the user's question) is left out: question texts are for debug level only.
 */
export function scrub(value: unknown, secrets: readonly string[], seen = new WeakSet<object>(), keepPayloads = true): unknown {
  if (secrets.length === 0 && keepPayloads) return value;
  if (typeof value === "string") {
    let out = value;
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return out;
  }
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (value instanceof Error) {
    // Same prototype, so pino still prints it as the error type it is.
    const copy = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
    for (const [key, inner] of Object.entries(value)) {
      copy[key] = key === "payload" && !keepPayloads ? "[omitted below debug level]" : scrub(inner, secrets, seen, keepPayloads);
    }
    for (const key of ["message", "stack", "cause"] as const) {
      if (value[key] !== undefined) {
        Object.defineProperty(copy, key, { value: scrub(value[key], secrets, seen, keepPayloads), writable: true, configurable: true });
      }
    }
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => scrub(item, secrets, seen, keepPayloads));
  if (value instanceof Date || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = scrub(inner, secrets, seen, keepPayloads);
  return out;
}

export function createLogger(settings: LoggerSettings = {}): Logger {
  // Whatever their length: config rejects secrets short enough to collide with ordinary text.
  const secrets = (settings.secrets ?? []).filter((s): s is string => typeof s === "string" && s.length > 0);
  const options: LoggerOptions = {
    level: settings.level ?? "info",
    name: settings.name,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    hooks: {
      // Scrub before pino serializes anything: covers messages, merged objects and errors alike.
      logMethod(args, method) {
        // An Error first goes under "err", as pino itself would put it.
        const lead = args[0] instanceof Error ? { err: args[0] } : args[0];
        const keepPayloads = this.isLevelEnabled("debug");
        const clean = [lead, ...args.slice(1)].map((arg) => scrub(arg, secrets, undefined, keepPayloads)) as Parameters<typeof method>;
        return method.apply(this, clean);
      },
    },
  };
  const fd = settings.toStderr ? 2 : 1;
  const tty = (fd === 2 ? process.stderr : process.stdout).isTTY === true;
  const usePretty = settings.pretty ?? (settings.destination === undefined && tty);
  if (usePretty) {
    return pino(options, pretty({ colorize: tty, destination: fd, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname" }));
  }
  return pino(options, settings.destination ?? pino.destination({ fd, sync: true }));
}
