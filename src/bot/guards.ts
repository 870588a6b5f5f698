/** Checks shared by features: who is an admin, the per-user question budget, the "expired" answer. */
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "./context.js";
import { labels, pickLang } from "./i18n.js";

/** Bot admins (config.adminIds); a group's admins are not. Checked in every admin handler. */
export function isAdmin(ctx: BotContext): boolean {
  const id = ctx.from?.id;
  return id !== undefined && ctx.deps.config.adminIds.includes(id);
}

/** The reaction on a question over budget after the one notice: seen, not answered. */
export const OVER_BUDGET_REACTION = "👀";

/**
 * Lets a question through while the user is within budget. Only questions pass through here,
 * never button presses. Over budget, the first question of the window gets the notice; later
 * ones a reaction, so the user sees they were not ignored without more messages in the chat.
 */
export const rateLimited: MiddlewareFn<BotContext> = async (ctx, next) => {
  const userId = ctx.from?.id;
  if (userId === undefined) return next();
  const verdict = ctx.deps.limiter.hit(String(userId));
  if (verdict === "ok") return next();
  ctx.deps.logger.info({ userId, first: verdict === "limited-first" }, "bot: rate limited");
  const L = labels(pickLang(ctx.from?.language_code));
  if (ctx.callbackQuery) {
    // A button must always be answered, or the client shows a spinner.
    await ctx.answerCallbackQuery({ text: L.rateLimitedToast });
  } else if (verdict === "limited-first") {
    await ctx.reply(L.rateLimited);
  } else if (ctx.msg) {
    // Reactions may be off in a group: the reaction is a courtesy, never an error.
    await ctx.react(OVER_BUDGET_REACTION).catch((error: unknown) => ctx.deps.logger.debug({ err: error }, "bot: reaction failed"));
  }
};

/** Stale, forged or foreign buttons all get the same short answer, and nothing else. */
export async function answerExpired(ctx: BotContext): Promise<void> {
  await ctx.answerCallbackQuery({ text: labels(pickLang(ctx.from?.language_code)).expired });
}
