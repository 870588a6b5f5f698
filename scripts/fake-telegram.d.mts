// Types of scripts/fake-telegram.mjs, for the TypeScript tests that use it.
import type { EventEmitter } from "node:events";

export interface Call {
  method: string;
  payload: Record<string, any>;
  at: number;
  attempt: number;
}
export type Fault =
  | { type: "429"; retryAfter?: number }
  | { type: "500" }
  | { type: "drop" }
  | { type: "slow"; ms: number }
  | { type: "error"; code: number; description: string };
export interface FaultContext {
  method: string;
  attempt: number;
  payload: Record<string, any>;
  url: string;
}
export interface FakeTelegram {
  port: number;
  apiRoot: string;
  me: Record<string, unknown>;
  calls: Call[];
  attempts: (Call & { fault: string | null })[];
  fileRequests: { path: string; at: number; type: string | null }[];
  events: EventEmitter;
  nextCall(test: (call: Call) => boolean, timeoutMs?: number, what?: string): Promise<Call>;
  push(update: Record<string, unknown>): number;
  pushText(userId: number, text: string, options?: { languageCode?: string }): number;
  sent(method: string): Call[];
  readonly pendingUpdates: number;
  waitFor(test: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}
export function startFakeTelegram(options: {
  token: string;
  port?: number;
  holdMs?: number;
  // Loose on purpose: tests build faults from literals ({ type: "500" }) without const assertions.
  fault?: (ctx: FaultContext) => any;
  file?: (path: string) => { type: "body"; body: string | Uint8Array } | { type: "hang" } | null;
  bot?: { id: number; username: string; first_name?: string };
}): Promise<FakeTelegram>;
