/**
 * Callback data: the only input a button sends back, and anyone can forge it. One codec for every
 * button: each kind has a whole-string pattern (features route on it with bot.callbackQuery, so
 * nothing parses data by hand), a decoder of the match and an encoder; numbers are bounded and
 * everything stays far below Telegram's 64-byte limit. Data that matches no pattern reaches the
 * fallback, which answers "expired".
 */
import { KEY_PATTERN } from "./short-key-store.js";

/** Ranks and offsets beyond this are never produced, so larger ones are forged. */
export const MAX_RANK = 9999;
const NUMBER = "(0|[1-9]\\d{0,3})";

interface ButtonKind<A> {
  readonly pattern: RegExp;
  /** The action of a match of pattern (grammY's ctx.match in a callbackQuery(pattern) handler). */
  decode(match: RegExpMatchArray | string): A;
  encode(action: A): string;
}

function kind<A>(source: string, decode: (m: RegExpMatchArray) => A, encode: (a: A) => string): ButtonKind<A> {
  const pattern = new RegExp(`^${source}$`);
  return {
    pattern,
    decode: (match) => {
      const m = typeof match === "string" ? pattern.exec(match) : match;
      if (!m) throw new Error(`callback-data: "${String(match)}" does not match ${pattern}`);
      return decode(m);
    },
    encode,
  };
}

type Empty = Record<never, never>;

const rank = (n: number) => Math.max(0, Math.min(MAX_RANK, Math.floor(n)));

export const BUTTONS = {
  /** A page of answers (‹ previous / next ›), edited into the same message. "m" since the first "more" button. */
  page: kind<{ key: string; offset: number }>(
    `m:(${KEY_PATTERN}):${NUMBER}`,
    (m) => ({ key: m[1], offset: Number(m[2]) }),
    (a) => `m:${a.key}:${rank(a.offset)}`,
  ),
  /** The full article behind the answer of this rank. */
  full: kind<{ key: string; rank: number }>(
    `f:(${KEY_PATTERN}):${NUMBER}`,
    (m) => ({ key: m[1], rank: Number(m[2]) }),
    (a) => `f:${a.key}:${rank(a.rank)}`,
  ),
  /** One of the help card's example questions. */
  example: kind<{ index: number }>(
    "x:([0-9])",
    (m) => ({ index: Number(m[1]) }),
    (a) => `x:${a.index}`,
  ),
  help: kind<Empty>(
    "h",
    () => ({}),
    () => "h",
  ),
  /** The "n/N" page indicator: pressing it does nothing (but must be answered). */
  pageInfo: kind<Empty>(
    "n",
    () => ({}),
    () => "n",
  ),
  /** Confirm or cancel an admin's pending upload. */
  upload: kind<{ key: string; confirm: boolean }>(
    `u:(${KEY_PATTERN}):(ok|no)`,
    (m) => ({ key: m[1], confirm: m[2] === "ok" }),
    (a) => `u:${a.key}:${a.confirm ? "ok" : "no"}`,
  ),
} as const;

type Buttons = typeof BUTTONS;
type ActionOf<K extends keyof Buttons> = Buttons[K] extends ButtonKind<infer A> ? A : never;

/** Any button's action, tagged with its kind. */
export type ButtonAction = { [K in keyof Buttons]: { kind: K } & ActionOf<K> }[keyof Buttons];

export function buttonData(action: ButtonAction): string {
  const codec = BUTTONS[action.kind] as ButtonKind<unknown>;
  return codec.encode(action);
}

/** The action behind data, or null for data no button of ours ever carries. */
export function parseButton(data: string | undefined): ButtonAction | null {
  if (data === undefined || data.length > 64) return null;
  for (const [name, codec] of Object.entries(BUTTONS) as [keyof Buttons, ButtonKind<object>][]) {
    const match = codec.pattern.exec(data);
    if (match) return { kind: name, ...codec.decode(match) } as ButtonAction;
  }
  return null;
}
