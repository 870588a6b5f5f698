/**
 * The help texts: /help (private, group and admin variants), the short card for greetings and
 * thanks, and the hello when the bot joins a group. Example questions are buttons in private chat;
 * in a group they would post answers for everyone, so the group help only shows how to ask.
 */
import { InlineKeyboard } from "grammy";
import { buttonData } from "./callback-data.js";
import type { BotContext } from "./context.js";
import { isAdmin } from "./guards.js";
import { EXAMPLE_QUESTIONS, inScript, labels, pickLang, type Lang } from "./i18n.js";
import { escapeHtml, formatBytes, truncate } from "./render.js";
import type { SmallTalk } from "./small-talk.js";

export const HTML = { parse_mode: "HTML", link_preview_options: { is_disabled: true } } as const;

export function isPrivate(ctx: BotContext): boolean {
  return ctx.chat?.type === "private";
}

/** Example questions as buttons (in the user's script), then "search in this chat". */
export function examplesKeyboard(lang: Lang): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  EXAMPLE_QUESTIONS.forEach((question, index) => {
    keyboard.text(truncate(inScript(lang, question), 60), buttonData({ kind: "example", index })).row();
  });
  return keyboard.switchInlineCurrent(labels(lang).openInline, "");
}

/** /help: in private with examples (and the admin part for admins); in a group, how to ask there. */
export async function sendHelp(ctx: BotContext, lang = pickLang(ctx.from?.language_code)): Promise<void> {
  const L = labels(lang);
  const { config } = ctx.deps;
  const bot = ctx.me.username;
  if (!isPrivate(ctx)) {
    await ctx.reply(escapeHtml(L.helpTextGroup(config.localCity, bot)), HTML);
    return;
  }
  let text = L.helpText(config.localCity, bot);
  if (isAdmin(ctx)) text += `\n\n${L.helpAdmin(formatBytes(config.maxUploadBytes))}`;
  await ctx.reply(escapeHtml(text), { ...HTML, reply_markup: examplesKeyboard(lang) });
}

/** The friendly card for 你好 / 谢谢: a line and the example questions. */
export function smallTalkCard(ctx: BotContext, kind: SmallTalk, lang: Lang): { html: string; keyboard: InlineKeyboard | undefined } {
  const L = labels(lang);
  const text = kind === "thanks" ? L.thanksCard : L.greetingCard(ctx.deps.config.localCity);
  return { html: escapeHtml(text), keyboard: isPrivate(ctx) ? examplesKeyboard(lang) : undefined };
}

/** A short hello when the bot is added to a group: how to ask there. */
export async function sendGroupHello(ctx: BotContext): Promise<void> {
  const lang = pickLang(ctx.from?.language_code);
  await ctx.reply(escapeHtml(labels(lang).groupHello(ctx.deps.config.localCity, ctx.me.username)), HTML);
}
