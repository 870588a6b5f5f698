/**
 * The words of a reload's status message while it works (admins only). Kept beside the admin
 * feature until the labels move to the i18n catalogue.
 */
import type { ReloadProgress } from "../../library/news-library.js";
import type { Lang } from "../i18n.js";

const number = (n: number) => n.toLocaleString("en-US");

/** Seconds left at the build's rate so far, or null before there is a rate. */
export function secondsLeft(progress: ReloadProgress, now: number): number | null {
  if (progress.phase !== "building" || progress.buildStartedAt === undefined || progress.done <= 0) return null;
  const rate = progress.done / Math.max(1, now - progress.buildStartedAt);
  return Math.max(1, Math.round((progress.total - progress.done) / rate / 1000));
}

export function progressText(progress: ReloadProgress, now: number, lang: Lang): string {
  const elapsed = Math.round((now - progress.startedAt) / 1000);
  if (progress.phase === "reading") {
    return lang === "en"
      ? `Reloading the library… reading the pages (${elapsed} s).`
      : `正在重新加载资料库……正在读取版面（已用 ${elapsed} 秒）。`;
  }
  if (progress.phase === "saving") {
    return lang === "en"
      ? `Reloading the library… all ${number(progress.total)} items analysed, saving the index.`
      : `正在重新加载资料库……${number(progress.total)} 条已全部分析，正在保存索引。`;
  }
  const pct = progress.total > 0 ? Math.floor((100 * progress.done) / progress.total) : 0;
  const left = secondsLeft(progress, now);
  if (lang === "en") {
    return `Reloading the library… ${number(progress.done)} of ${number(progress.total)} items analysed (${pct}%)${left === null ? "" : `, about ${left} s left`}.`;
  }
  return `正在重新加载资料库……已分析 ${number(progress.done)} / ${number(progress.total)} 条（${pct}%）${left === null ? "" : `，预计还需 ${left} 秒`}。`;
}

export function reloadQueuedText(lang: Lang): string {
  return lang === "en"
    ? "A reload is already running; another one follows it, and this message will show its result."
    : "已有一次重新加载正在进行；完成后会再加载一次，结果将显示在这条消息里。";
}

export function indexedText(name: string, lang: Lang): string {
  return lang === "en" ? `"${name}" is now in the index and can be asked about.` : `「${name}」已编入索引，现在可以提问了。`;
}

export function notAnnouncedText(lang: Lang): string {
  return lang === "en"
    ? "Warning: the other instances could not be told of this reload (see the server log)."
    : "注意：未能通知其他实例重新加载（详见服务器日志）。";
}
