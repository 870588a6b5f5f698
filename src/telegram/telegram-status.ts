/**
 * Whether this process can reach the Bot API, as seen from its own calls: the telegram-link
 * transformer reports every call's start and outcome here, and /healthz reads the verdict. A call
 * that fails on the network (or with a 5xx from a proxy or Telegram) starts an outage; any answer
 * from Telegram ends it. A call that simply hangs counts as failing once it has waited longer
 * than the grace (getUpdates holds for its long-poll timeout first).
 */

export type TelegramState = "connecting" | "ok" | "unreachable";

export interface TelegramHealth {
  state: TelegramState;
  /** When the current outage began (ISO), while there is one. */
  failingSince?: string;
  /** The last network error, while failing. */
  lastError?: string;
}

/** getUpdates legitimately holds this long (its 30 s long poll, plus slack) before answering. */
const LONG_POLL_HOLD_MS = 35_000;

export class TelegramStatus {
  private everOk = false;
  private failingSince: number | null = null;
  private lastError: string | null = null;
  private readonly pending = new Map<number, number>();
  private nextCall = 0;

  constructor(
    /** How long an outage may last before the state says "unreachable". */
    private readonly graceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A call begins; returns its ticket for settle(). */
  started(method: string): number {
    const ticket = this.nextCall++;
    this.pending.set(ticket, this.now() + (method === "getUpdates" ? LONG_POLL_HOLD_MS : 0));
    return ticket;
  }

  /** The call got an answer from Telegram (even an error answer: it is reachable). */
  answered(ticket: number): void {
    this.pending.delete(ticket);
    this.everOk = true;
    this.failingSince = null;
    this.lastError = null;
  }

  /** The call failed on the way (network, timeout, 5xx). */
  failed(ticket: number, reason: string): void {
    const started = this.pending.get(ticket) ?? this.now();
    this.pending.delete(ticket);
    this.failingSince = Math.min(this.failingSince ?? started, started);
    this.lastError = reason;
  }

  /** The call was given up by its caller (shutdown): says nothing about Telegram. */
  abandoned(ticket: number): void {
    this.pending.delete(ticket);
  }

  /** True while an outage is going on (for the link's "reachable again" line). */
  get failing(): boolean {
    return this.failingSince !== null;
  }

  health(): TelegramHealth {
    const now = this.now();
    let since = this.failingSince;
    for (const from of this.pending.values()) {
      if (now - from > this.graceMs) since = Math.min(since ?? from, from);
    }
    if (since !== null && now - since >= this.graceMs) {
      return {
        state: "unreachable",
        failingSince: new Date(since).toISOString(),
        ...(this.lastError ? { lastError: this.lastError } : {}),
      };
    }
    return { state: this.everOk ? "ok" : "connecting" };
  }
}
