/**
 * One way to stop, for every mode: the first SIGINT/SIGTERM (or a fatal error) runs the steps
 * registered so far, in order, within the budget; the process then exits 0. What is still
 * running when the drain part of the budget is used up is abandoned: the shutdown signal aborts
 * (Bot API requests in flight end, downloads stop), and if even that does not settle in time
 * the process exits 1. A second signal is ignored: the first is already being honoured.
 */
import type { Logger } from "../log.js";

export type ShutdownStep = (signal: AbortSignal) => unknown;

/** Of the budget, what is kept back for the steps after the drain gives up. */
const ABANDON_MARGIN_MS = 1000;

export class Shutdown {
  private readonly controller = new AbortController();
  private readonly steps: { name: string; step: ShutdownStep }[] = [];
  private started: Promise<void> | null = null;
  private requested!: () => void;
  /** Resolves when a stop was asked for (a signal, or stop()). */
  readonly whenRequested = new Promise<void>((resolve) => (this.requested = resolve));

  constructor(
    private readonly logger: Logger,
    private readonly budgetMs: number,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {}

  /** Aborted once the drain is over: whatever is still waiting on Telegram or a download gives up. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopping(): boolean {
    return this.started !== null;
  }

  /** A step of the stop, run in registration order; `drain` steps may wait, until the drain budget ends. */
  add(name: string, step: ShutdownStep): void {
    this.steps.push({ name, step });
  }

  /** SIGINT and SIGTERM start the stop. */
  listen(): void {
    const onSignal = (signal: NodeJS.Signals) => void this.stop(signal);
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }

  /** Run the steps (once); resolves when they are done or abandoned. */
  stop(reason: string): Promise<void> {
    if (this.started) return this.started;
    this.logger.info({ reason }, "main: stopping");
    this.requested();
    const hard = setTimeout(() => {
      this.logger.error({ budgetMs: this.budgetMs }, "main: shutdown took too long, exiting anyway");
      this.exit(1);
    }, this.budgetMs);
    hard.unref();
    const drainMs = Math.max(0, this.budgetMs - ABANDON_MARGIN_MS);
    const abandon = setTimeout(() => {
      this.logger.warn("main: giving up on work still running (Telegram or a download not answering)");
      this.controller.abort();
    }, drainMs);
    abandon.unref();
    this.started = (async () => {
      for (const { name, step } of this.steps) {
        try {
          await step(this.controller.signal);
        } catch (error) {
          this.logger.warn({ err: error, step: name }, "main: a shutdown step failed");
        }
      }
      clearTimeout(abandon);
      clearTimeout(hard);
      this.controller.abort();
    })();
    return this.started;
  }
}

/** Resolves with the promise's value, or undefined once signal aborts (the promise is left to itself). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
