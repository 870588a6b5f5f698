/**
 * Bot admins only (config.adminIds, checked here in every handler, not just hidden from menus):
 * /reload, and uploading a page file with a preview and Confirm/Cancel. Anyone else falls through
 * to the other features as if these did not exist: /reload is an unknown command, an upload
 * button answers "expired".
 *
 * Everything slow (a reload, a download, saving a confirmed upload) runs as a background task
 * (ctx.deps.tasks): the handler answers and returns, so other chats never wait behind an admin.
 * A reload's status message is the one message of that reload: edited every few seconds with
 * its progress, then with the report, in the chat and forum topic it was asked in.
 */
import { Composer, InlineKeyboard, type Api } from "grammy";
import { botTokenOf } from "../../config.js";
import { ReloadError, type NewsLibrary, type ReloadReport } from "../../library/news-library.js";
import { HTML } from "../answer-reply.js";
import { BUTTONS, buttonData } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { answerExpired, isAdmin } from "../guards.js";
import { labels, pickLang, type Lang } from "../i18n.js";
import { escapeHtml, formatBytes, renderReloadFailedHtml, renderReloadReportHtml, renderUploadPreviewHtml, truncate } from "../render.js";
import { downloadTelegramFile, hasUploadExtension, previewUpload, safeFileName, saveToCorpus, UploadError } from "../upload.js";
import { progressText, reloadQueuedText, indexedText, notAnnouncedText } from "./admin-progress.js";

/** How often a running reload's status message is edited (Telegram allows ~1 edit/s per chat). */
export const DEFAULT_PROGRESS_EVERY_MS = 3000;
const TELEGRAM_TEXT_MAX = 4096;

export { isAdmin };

/** The message a reload reports into: its chat and message id (which carries the forum topic). */
interface StatusMessage {
  chatId: number;
  messageId: number;
}

/** Invisible and bidi characters (and controls) become spaces: a file name must not reorder a report. */
function visible(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu, " ");
}

/** A reason for the admin's chat: no server paths (the corpus folder becomes "."; other paths their last part). */
export function publicReason(text: string, corpusDir: string): string {
  const withoutCorpus = corpusDir ? text.split(corpusDir).join(".") : text;
  return visible(withoutCorpus.replace(/(^|[\s'"(=:])\/(?:[^\s'"()/]+\/)+([^\s'"()/]*)/g, "$1…/$2"));
}

function publicReport(report: ReloadReport, corpusDir: string): ReloadReport {
  return {
    ...report,
    added: report.added.map((a) => ({ ...a, headline: visible(a.headline) })),
    removed: report.removed.map((a) => ({ ...a, headline: visible(a.headline) })),
    warnings: report.warnings.map((w) => ({ file: publicReason(w.file, corpusDir), reason: publicReason(w.reason, corpusDir) })),
  };
}

async function edit(api: Api, target: StatusMessage, html: string): Promise<boolean> {
  try {
    await api.editMessageText(target.chatId, target.messageId, html, HTML);
    return true;
  } catch {
    return false; // deleted, unchanged, or Telegram away: the next edit or the report tries again
  }
}

/** Edit the status message with the library's progress every few seconds; returns the stop function. */
function showProgress(ctx: BotContext, target: StatusMessage, lang: Lang): () => void {
  const { library } = ctx.deps;
  const every = ctx.deps.progressEveryMs ?? DEFAULT_PROGRESS_EVERY_MS;
  let last = "";
  let editing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    const progress = library.reloadProgress;
    if (!progress) return;
    const text = escapeHtml(progressText(progress, Date.now(), lang));
    if (text === last) return;
    last = text;
    editing = editing.then(() => edit(ctx.api, target, text));
  }, every);
  timer.unref();
  return () => clearInterval(timer);
}

function reportHtml(ctx: BotContext, report: ReloadReport, lang: Lang, lead?: string): string {
  const body = renderReloadReportHtml(publicReport(report, ctx.deps.library.corpusDir), lang);
  const tail = report.announced === false ? `\n${escapeHtml(notAnnouncedText(lang))}` : "";
  const full = `${lead ? `${escapeHtml(lead)}\n` : ""}${body}${tail}`;
  return full.length <= TELEGRAM_TEXT_MAX ? full : body;
}

function failureHtml(ctx: BotContext, error: unknown, lang: Lang): string {
  const { logger, library } = ctx.deps;
  if (error instanceof ReloadError) {
    logger.warn({ err: error }, "bot: reload failed, old index kept");
    const warnings = error.warnings.map((w) => ({
      file: publicReason(w.file, library.corpusDir),
      reason: publicReason(w.reason, library.corpusDir),
    }));
    return renderReloadFailedHtml(publicReason(error.message.replace(/^library: /, ""), library.corpusDir), warnings, lang);
  }
  logger.error({ err: error }, "bot: reload crashed, old index kept");
  return renderReloadFailedHtml(labels(lang).error, [], lang);
}

/**
 * Reload (coalesced with any reload running) and report into the status message. `lead` opens
 * the report (an upload's "saved and indexed"). Runs in the background.
 */
function reloadInBackground(ctx: BotContext, target: StatusMessage, lang: Lang, lead?: string): void {
  const { library, logger, tasks } = ctx.deps;
  tasks.run(async () => {
    const stop = showProgress(ctx, target, lang);
    let html: string;
    try {
      const report = await library.reload();
      logger.info({ before: report.before, after: report.after, ms: report.ms, warnings: report.warnings.length }, "bot: reloaded");
      html = reportHtml(ctx, report, lang, lead);
    } catch (error) {
      html = failureHtml(ctx, error, lang);
    } finally {
      stop();
    }
    if (await edit(ctx.api, target, html)) return;
    // The status message is gone: the report still reaches the admin, as a new message.
    await ctx.api
      .sendMessage(target.chatId, html, HTML)
      .catch((error: unknown) => logger.warn({ err: error }, "bot: could not send the reload report"));
  });
}

/** Why a save failed, for the admin's chat: the error code or our own message, never a server path. */
function saveFailure(error: unknown): string {
  if (error instanceof UploadError) return error.message.replace(/^upload: /, "");
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : "?";
}

export const admin = new Composer<BotContext>();
const admins = admin.filter(isAdmin);

admins.command("reload", async (ctx) => {
  const lang = pickLang(ctx.from?.language_code);
  // Exactly one reply per request, "started" or "already running"; the report edits it.
  const text = ctx.deps.library.reloading ? reloadQueuedText(lang) : labels(lang).reloadStarted;
  const status = await ctx.reply(text);
  reloadInBackground(ctx, { chatId: status.chat.id, messageId: status.message_id }, lang);
});

/** Download, preview and offer Confirm/Cancel: in the background (a download may be slow). */
function previewInBackground(
  ctx: BotContext & { from: NonNullable<BotContext["from"]> },
  fileId: string,
  original: string,
  declared: number | undefined,
): void {
  const { config, logger, tasks } = ctx.deps;
  const lang = pickLang(ctx.from.language_code);
  const L = labels(lang);
  const adminId = ctx.from.id;
  const tooBig = () => L.uploadTooBig(declared ? formatBytes(declared) : "?", formatBytes(config.maxUploadBytes));
  tasks.run(async (signal) => {
    let bytes: Uint8Array;
    try {
      bytes = await downloadTelegramFile(ctx.api, {
        apiRoot: config.telegramApiRoot,
        token: botTokenOf(config) ?? "",
        fileId,
        maxBytes: config.maxUploadBytes,
        timeoutMs: config.downloadTimeoutMs,
        signal,
        fetch: ctx.deps.fetch,
      });
    } catch (error) {
      logger.warn({ err: error }, "bot: upload download failed");
      if (signal.aborted) return; // stopping: nobody is left to read the answer
      const why = error instanceof UploadError ? error.message.replace(/^upload: /, "") : "?";
      await ctx.reply(why === "file too big" ? tooBig() : L.uploadFailed(why));
      return;
    }
    const name = safeFileName(original);
    const preview = await previewUpload(name, bytes, ctx.deps.loadCorpus);
    logger.info({ name, items: preview.headlines.length, warnings: preview.warnings.length }, "bot: upload previewed");
    if (preview.headlines.length === 0) {
      const reasons = preview.warnings.map((w) => visible(w.reason)).join("; ");
      await ctx.reply(escapeHtml(truncate(L.uploadNothing(name) + (reasons ? `\n${reasons}` : ""), 1000)), HTML);
      return;
    }
    const key = ctx.deps.uploads.put({ adminId, name, bytes, lang });
    const keyboard = new InlineKeyboard()
      .text(L.confirm, buttonData({ kind: "upload", key, confirm: true }))
      .text(L.cancel, buttonData({ kind: "upload", key, confirm: false }));
    await ctx.reply(renderUploadPreviewHtml({ name, headlines: preview.headlines, warnings: preview.warnings }, lang), {
      ...HTML,
      reply_markup: keyboard,
    });
  });
}

admins.chatType("private").on("message:document", async (ctx) => {
  const { config, logger } = ctx.deps;
  const L = labels(pickLang(ctx.from.language_code));
  const doc = ctx.msg.document;
  const original = doc.file_name ?? "upload.txt";
  if (!hasUploadExtension(original)) {
    await ctx.reply(L.uploadWrongType);
    return;
  }
  if (doc.file_size !== undefined && doc.file_size > config.maxUploadBytes) {
    await ctx.reply(L.uploadTooBig(formatBytes(doc.file_size), formatBytes(config.maxUploadBytes)));
    return;
  }
  await ctx.replyWithChatAction("typing").catch((error: unknown) => logger.debug({ err: error }, "bot: chat action failed"));
  previewInBackground(ctx, doc.file_id, original, doc.file_size);
});

admins.callbackQuery(BUTTONS.upload.pattern, async (ctx) => {
  const action = BUTTONS.upload.decode(ctx.match);
  const pending = ctx.deps.uploads.get(action.key);
  const message = ctx.callbackQuery.message;
  // Bound to the admin who uploaded it: another admin's click is as good as a forged one.
  if (!pending || pending.adminId !== ctx.from.id || !message) return answerExpired(ctx);
  ctx.deps.uploads.delete(action.key);
  const L = labels(pending.lang);
  await ctx.answerCallbackQuery();
  if (!action.confirm) {
    await ctx.editMessageText(L.uploadCancelled);
    return;
  }
  const target = { chatId: message.chat.id, messageId: message.message_id };
  const { library, logger, tasks } = ctx.deps;
  // Saving is file I/O on a volume that may be slow or full: in the background too.
  tasks.run(async () => {
    let saved: { name: string; renamed: boolean };
    try {
      saved = await saveToCorpus(library.corpusDir, pending.name, pending.bytes);
    } catch (error) {
      logger.error({ err: error }, "bot: saving an upload failed");
      await edit(ctx.api, target, escapeHtml(L.saveFailed(saveFailure(error))));
      return;
    }
    logger.info({ name: saved.name, renamed: saved.renamed }, "bot: upload saved");
    const savedText = saved.renamed ? L.uploadRenamed(pending.name, saved.name) : L.uploadSaved(saved.name);
    await edit(ctx.api, target, escapeHtml(`${savedText}\n${reloadQueuedOrStarted(library, pending.lang)}`));
    // Every confirmed upload is indexed: a reload running now is followed by one that includes it.
    reloadInBackground(ctx, target, pending.lang, `${savedText} ${indexedText(saved.name, pending.lang)}`);
  });
});

function reloadQueuedOrStarted(library: NewsLibrary, lang: Lang): string {
  return library.reloading ? reloadQueuedText(lang) : labels(lang).reloadStarted;
}
