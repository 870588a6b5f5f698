/**
 * Deep links into the private chat (t.me/<bot>?start=<param>): "a_<article id>" opens an article,
 * "q_<base64url of the question>" asks a question. Telegram allows 1-64 characters of A-Z, a-z,
 * 0-9, _ and - in the parameter; the article ids are stable across restarts, so a link posted in a
 * group last month still opens its article.
 */
import { cleanUserText, truncate } from "./render.js";

export const START_PARAM_MAX = 64;
const SAFE = /^[A-Za-z0-9_-]+$/;

export type StartAction = { kind: "article"; id: string } | { kind: "question"; text: string };

/** "a_<id>", or null when the id cannot travel in a start parameter. */
export function articleParam(id: string): string | null {
  const param = `a_${id}`;
  return param.length <= START_PARAM_MAX && SAFE.test(id) ? param : null;
}

/** "q_<base64url>" of as much of the question (whole code points) as fits in 64 characters. */
export function questionParam(question: string): string | null {
  const points = Array.from(cleanUserText(question).replace(/\s+/g, " ").trim());
  for (let n = points.length; n > 0; n--) {
    const param = `q_${Buffer.from(points.slice(0, n).join(""), "utf8").toString("base64url")}`;
    if (param.length <= START_PARAM_MAX) return param;
  }
  return null;
}

/** What a /start payload asks for; null for none, or for one we never made. */
export function parseStartParam(payload: string): StartAction | null {
  if (payload.length === 0 || payload.length > START_PARAM_MAX || !SAFE.test(payload)) return null;
  if (payload.startsWith("a_") && payload.length > 2) return { kind: "article", id: payload.slice(2) };
  if (payload.startsWith("q_") && payload.length > 2) {
    const text = cleanUserText(Buffer.from(payload.slice(2), "base64url").toString("utf8")).trim();
    // A forged payload can decode to anything: invalid UTF-8 shows as U+FFFD, which we refuse.
    if (text && !text.includes("\ufffd")) return { kind: "question", text: truncate(text, 200) };
  }
  return null;
}

export function deepLink(botUsername: string, param: string): string {
  return `https://t.me/${botUsername}?start=${param}`;
}
