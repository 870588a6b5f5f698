/**
 * What the bot looks like in Telegram before anyone writes to it: the command menus per scope
 * (everyone in private, groups, each admin) and the profile's description and short description,
 * in Chinese (the default) and English, from the texts in locales/*.ftl. Set at start-up by the
 * composition root (setupBotProfile); each call is decorative: a failure is logged, never fatal.
 */
import type { Api } from "grammy";
import type { BotCommand, BotCommandScope } from "grammy/types";
import type { Logger } from "../log.js";
import { cityName, EXAMPLE_QUESTIONS, t, type Lang } from "./i18n.js";

/** Telegram's menus and profile take a two-letter language code, so the profile is zh (the default) and en. */
const PROFILE_LANGS = [
  ["zh", undefined],
  ["en", "en"],
] as const satisfies readonly (readonly [Lang, string | undefined])[];

const PRIVATE_COMMANDS = ["start", "help", "ask", "latest", "stats"] as const;
/** In groups only what makes sense for everyone there: asking, and how to ask. */
const GROUP_COMMANDS = ["ask", "help"] as const;
const ADMIN_COMMANDS = ["reload"] as const;

function menu(commands: readonly string[], lang: Lang): BotCommand[] {
  return commands.map((command) => ({ command, description: t(lang, `cmd-${command}`) }));
}

type Call = [what: string, call: () => Promise<unknown>];

async function runAll(calls: Call[], logger: Logger): Promise<void> {
  for (const [what, call] of calls) {
    try {
      await call();
    } catch (error) {
      logger.warn({ what, error: error instanceof Error ? error.message : String(error) }, "bot: profile set-up call failed (ignored)");
    }
  }
}

/** The menus: the private commands for everyone, /ask and /help in groups, plus /reload in each admin's private chat. */
export async function setupCommandMenus(api: Api, adminIds: readonly number[], logger: Logger): Promise<void> {
  const calls: Call[] = [];
  for (const [lang, language_code] of PROFILE_LANGS) {
    const scoped = (scope: BotCommandScope, commands: readonly string[]) => () =>
      api.setMyCommands(menu(commands, lang), { scope, language_code });
    calls.push([`menu default/${lang}`, scoped({ type: "all_private_chats" }, PRIVATE_COMMANDS)]);
    calls.push([`menu groups/${lang}`, scoped({ type: "all_group_chats" }, GROUP_COMMANDS)]);
    for (const chat_id of adminIds) {
      calls.push([`menu admin ${chat_id}/${lang}`, scoped({ type: "chat", chat_id }, [...PRIVATE_COMMANDS, ...ADMIN_COMMANDS])]);
    }
  }
  await runAll(calls, logger);
}

/** Telegram's limits for the description (shown in an empty chat) and the short one (profile, shares). */
export const DESCRIPTION_MAX = 512;
export const SHORT_DESCRIPTION_MAX = 120;

/** The profile texts of lang, from locales/*.ftl, within Telegram's limits. */
export function profileTexts(lang: Lang, city: string): { description: string; shortDescription: string } {
  const place = cityName(lang, city);
  const description = t(lang, "bot-description", { city: place, example: EXAMPLE_QUESTIONS[0] });
  const shortDescription = t(lang, "bot-short-description", { city: place });
  return {
    description: Array.from(description).slice(0, DESCRIPTION_MAX).join(""),
    shortDescription: Array.from(shortDescription).slice(0, SHORT_DESCRIPTION_MAX).join(""),
  };
}

export async function setupDescriptions(api: Api, city: string, logger: Logger): Promise<void> {
  const calls: Call[] = [];
  for (const [lang, language_code] of PROFILE_LANGS) {
    const texts = profileTexts(lang, city);
    calls.push([`description/${lang}`, () => api.setMyDescription(texts.description, { language_code })]);
    calls.push([`short description/${lang}`, () => api.setMyShortDescription(texts.shortDescription, { language_code })]);
  }
  await runAll(calls, logger);
}

/**
 * Everything Telegram-side the bot sets at start-up: menus and descriptions. Call once after
 * bot.init() from the composition root (main.ts), without awaiting it before serving updates.
 */
export async function setupBotProfile(
  api: Api,
  settings: { adminIds: readonly number[]; localCity: string },
  logger: Logger,
): Promise<void> {
  await setupCommandMenus(api, settings.adminIds, logger);
  await setupDescriptions(api, settings.localCity, logger);
}
