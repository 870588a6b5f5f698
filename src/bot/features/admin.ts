/**
 * Bot admins only (config.adminIds, checked here in every handler, not just hidden from menus):
 * /reload, and uploading a page file with a preview and Confirm/Cancel. Anyone else falls through
 * to the other features as if these did not exist: /reload is an unknown command, an upload
 * button answers "expired".
 */
import { Composer, InlineKeyboard } from "grammy";
import { ReloadBusyError, ReloadError } from "../../library/news-library.js";
import { HTML } from "../answer-reply.js";
import { BUTTONS, buttonData } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { answerExpired, isAdmin } from "../guards.js";
import { labels, pickLang, type Lang } from "../i18n.js";
import { escapeHtml, formatBytes, renderReloadFailedHtml, renderReloadReportHtml, renderUploadPreviewHtml, truncate } from "../render.js";
import { downloadTelegramFile, hasUploadExtension, previewUpload, safeFileName, saveToCorpus, UploadError } from "../upload.js";

export { isAdmin };

/** Run a reload in the background and report to chatId; the caller's handler returns at once. */
function reloadInBackground(ctx: BotContext, chatId: number, lang: Lang): void {
  const { library, logger, tasks } = ctx.deps;
  // In a forum, the report goes to the topic the reload was asked in, not to General.
  const topic = ctx.msg?.is_topic_message ? { message_thread_id: ctx.msg.message_thread_id } : {};
  const say = async (html: string) => {
    try {
      await ctx.api.sendMessage(chatId, html, { ...HTML, ...topic });
    } catch (error) {
      logger.warn({ err: error }, "bot: could not send the reload report");
    }
  };
  tasks.run(async () => {
    try {
      const report = await library.reload();
      logger.info({ before: report.before, after: report.after, ms: report.ms, warnings: report.warnings.length }, "bot: reloaded");
      await say(renderReloadReportHtml(report, lang));
    } catch (error) {
      if (error instanceof ReloadBusyError) {
        await say(escapeHtml(labels(lang).reloadBusy));
      } else if (error instanceof ReloadError) {
        logger.warn({ err: error }, "bot: reload failed, old index kept");
        await say(renderReloadFailedHtml(error.message.replace(/^library: /, ""), error.warnings, lang));
      } else {
        logger.error({ err: error }, "bot: reload crashed, old index kept");
        await say(renderReloadFailedHtml(labels(lang).error, [], lang));
      }
    }
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
  if (ctx.deps.library.reloading) {
    await ctx.reply(labels(lang).reloadBusy);
    return;
  }
  await ctx.reply(labels(lang).reloadStarted);
  reloadInBackground(ctx, ctx.chat.id, lang);
});

admins.chatType("private").on("message:document", async (ctx) => {
  const { config, logger } = ctx.deps;
  const lang = pickLang(ctx.from.language_code);
  const L = labels(lang);
  const doc = ctx.msg.document;
  const original = doc.file_name ?? "upload.txt";
  if (!hasUploadExtension(original)) {
    await ctx.reply(L.uploadWrongType);
    return;
  }
  const tooBig = () => ctx.reply(L.uploadTooBig(doc.file_size ? formatBytes(doc.file_size) : "?", formatBytes(config.maxUploadBytes)));
  if (doc.file_size !== undefined && doc.file_size > config.maxUploadBytes) {
    await tooBig();
    return;
  }
  await ctx.replyWithChatAction("typing").catch((error: unknown) => logger.debug({ err: error }, "bot: chat action failed"));
  let bytes: Uint8Array;
  try {
    bytes = await downloadTelegramFile(ctx.api, {
      apiRoot: config.telegramApiRoot,
      token: config.botToken ?? "",
      fileId: doc.file_id,
      maxBytes: config.maxUploadBytes,
      fetch: ctx.deps.fetch,
    });
  } catch (error) {
    logger.warn({ err: error }, "bot: upload download failed");
    if (error instanceof Error && /too big/.test(error.message)) await tooBig();
    else await ctx.reply(L.uploadFailed(error instanceof Error ? error.message.replace(/^upload: /, "") : "?"));
    return;
  }
  const name = safeFileName(original);
  const preview = await previewUpload(name, bytes, ctx.deps.loadCorpus);
  logger.info({ name, items: preview.headlines.length, warnings: preview.warnings.length }, "bot: upload previewed");
  if (preview.headlines.length === 0) {
    const reasons = preview.warnings.map((w) => w.reason).join("; ");
    await ctx.reply(escapeHtml(truncate(L.uploadNothing(name) + (reasons ? `\n${reasons}` : ""), 1000)), HTML);
    return;
  }
  const key = ctx.deps.uploads.put({ adminId: ctx.from.id, name, bytes, lang });
  const keyboard = new InlineKeyboard()
    .text(L.confirm, buttonData({ kind: "upload", key, confirm: true }))
    .text(L.cancel, buttonData({ kind: "upload", key, confirm: false }));
  await ctx.reply(renderUploadPreviewHtml({ name, headlines: preview.headlines, warnings: preview.warnings }, lang), {
    ...HTML,
    reply_markup: keyboard,
  });
});

admins.callbackQuery(BUTTONS.upload.pattern, async (ctx) => {
  const action = BUTTONS.upload.decode(ctx.match);
  const pending = ctx.deps.uploads.get(action.key);
  // Bound to the admin who uploaded it: another admin's click is as good as a forged one.
  if (!pending || pending.adminId !== ctx.from.id || !ctx.chat) return answerExpired(ctx);
  ctx.deps.uploads.delete(action.key);
  const L = labels(pending.lang);
  await ctx.answerCallbackQuery();
  if (!action.confirm) {
    await ctx.editMessageText(L.uploadCancelled);
    return;
  }
  let saved: { name: string; renamed: boolean };
  try {
    saved = await saveToCorpus(ctx.deps.library.corpusDir, pending.name, pending.bytes);
  } catch (error) {
    ctx.deps.logger.error({ err: error }, "bot: saving an upload failed");
    await ctx.editMessageText(L.saveFailed(saveFailure(error)));
    return;
  }
  ctx.deps.logger.info({ name: saved.name, renamed: saved.renamed }, "bot: upload saved");
  await ctx.editMessageText(saved.renamed ? L.uploadRenamed(pending.name, saved.name) : L.uploadSaved(saved.name));
  reloadInBackground(ctx, ctx.chat.id, pending.lang);
});
