/**
 * Callback data: the only input a button sends back, and anyone can forge it. Every button's
 * data is built here and parsed here, strictly (whole-string patterns, bounded numbers), and stays
 * far below Telegram's 64-byte limit.
 */
import { KEY_PATTERN } from "./short-key-store.js";

export type ButtonAction =
  | { kind: "more"; key: string; offset: number }
  | { kind: "full"; key: string; rank: number }
  | { kind: "example"; index: number }
  | { kind: "help" }
  | { kind: "upload"; key: string; confirm: boolean };

/** Ranks and offsets beyond this are never produced, so larger ones are forged. */
export const MAX_RANK = 9999;

const PATTERNS: [RegExp, (m: RegExpExecArray) => ButtonAction | null][] = [
  [new RegExp(`^m:(${KEY_PATTERN}):(0|[1-9]\\d{0,3})$`), (m) => ({ kind: "more", key: m[1], offset: Number(m[2]) })],
  [new RegExp(`^f:(${KEY_PATTERN}):(0|[1-9]\\d{0,3})$`), (m) => ({ kind: "full", key: m[1], rank: Number(m[2]) })],
  [/^x:([0-9])$/, (m) => ({ kind: "example", index: Number(m[1]) })],
  [/^h$/, () => ({ kind: "help" })],
  [new RegExp(`^u:(${KEY_PATTERN}):(ok|no)$`), (m) => ({ kind: "upload", key: m[1], confirm: m[2] === "ok" })],
];

export function parseButton(data: string | undefined): ButtonAction | null {
  if (data === undefined || data.length > 64) return null;
  for (const [pattern, build] of PATTERNS) {
    const match = pattern.exec(data);
    if (match) return build(match);
  }
  return null;
}

export function buttonData(action: ButtonAction): string {
  switch (action.kind) {
    case "more":
      return `m:${action.key}:${Math.min(action.offset, MAX_RANK)}`;
    case "full":
      return `f:${action.key}:${Math.min(action.rank, MAX_RANK)}`;
    case "example":
      return `x:${action.index}`;
    case "help":
      return "h";
    case "upload":
      return `u:${action.key}:${action.confirm ? "ok" : "no"}`;
  }
}
