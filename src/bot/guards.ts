/** Middleware shared by features: the per-user question budget and the "expired" answer. */
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "./context.js";
import { labels, pickLang } from "./i18n.js";

/** Lets a question through while the user is within budget; says so once per window when not. */
export const rateLimited: MiddlewareFn<BotContext> = async (ctx, next) => {
  const userId = ctx.from?.id;
  if (userId === undefined) return next();
  const verdict = ctx.deps.limiter.hit(String(userId));
  if (verdict === "ok") return next();
  ctx.deps.logger.info({ userId, first: verdict === "limited-first" }, "bot: rate limited");
  const text = labels(pickLang(ctx.from?.language_code)).rateLimited;
  if (ctx.callbackQuery) {
    // A button must always be answered, or the client shows a spinner.
    await ctx.answerCallbackQuery({ text });
  } else if (verdict === "limited-first") {
    await ctx.reply(text);
  }
};

/** Stale, forged or foreign buttons all get the same short answer, and nothing else. */
export async function answerExpired(ctx: BotContext): Promise<void> {
  await ctx.answerCallbackQuery({ text: labels(pickLang(ctx.from?.language_code)).expired });
}
