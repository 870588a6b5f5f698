/**
 * Every word the bot says, from the Fluent files in locales/ (zh.ftl, en.ftl; traditional Chinese
 * is zh.ftl through OpenCC, so translators keep one Chinese file). Fluent (@fluent/bundle) rather
 * than the @grammyjs/i18n middleware: labels are needed outside an update too (pure renderers, the
 * console chat, the bot profile at start-up), and the language depends on the question as well as
 * on the user, which a per-update locale negotiator cannot see.
 */
import { readFileSync } from "node:fs";
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import { ConverterBuilder } from "opencc-js/core";
import * as openccPreset from "opencc-js/preset";
import { pinyin } from "pinyin-pro";

export type Lang = "zh" | "zh-hant" | "en";
export const LANGS: readonly Lang[] = ["zh", "zh-hant", "en"];

/** locales/ beside src/ and dist/ alike (both are one level below the package root). */
const LOCALES_DIR = new URL("../../locales/", import.meta.url);

// The same dictionaries as text/simplify.ts (opencc-js/preset), so a process loads them once.
const toTraditional = ConverterBuilder(openccPreset)({ from: "cn", to: "twp" });

function bundle(locale: string, source: string): FluentBundle {
  // No Unicode isolation marks around values: Telegram shows them as stray characters.
  const b = new FluentBundle(locale, { useIsolating: false });
  const errors = b.addResource(new FluentResource(source));
  if (errors.length > 0) throw new Error(`i18n: ${locale}: ${errors[0].message}`);
  return b;
}

function readLocale(name: string): string {
  return readFileSync(new URL(`${name}.ftl`, LOCALES_DIR), "utf8");
}

const zhSource = readLocale("zh");
const BUNDLES: Record<Lang, FluentBundle> = {
  zh: bundle("zh-CN", zhSource),
  "zh-hant": bundle("zh-TW", toTraditional(zhSource)),
  en: bundle("en", readLocale("en")),
};

/** The message id in lang; a missing id is a bug (tests check the files agree), so it throws. */
export function t(lang: Lang, id: string, args?: Record<string, FluentVariable>): string {
  const b = BUNDLES[lang];
  const message = b.getMessage(id);
  if (!message?.value) throw new Error(`i18n: no message "${id}" in ${lang}`);
  return b.formatPattern(message.value, args);
}

/** Message ids of a locale (for the test that keeps the files in step). */
export function messageIds(lang: Lang): string[] {
  const source = lang === "en" ? readLocale("en") : zhSource;
  return [...source.matchAll(/^([a-z][a-z0-9-]*)\s*=/gm)].map((m) => m[1]);
}

/**
 * The labels' language: the user's Telegram language (zh, zh-hant/-tw/-hk/-mo → traditional, en,
 * any other → English). Only a user without one gets the language of the question. A pinyin
 * question from a Chinese user therefore stays Chinese.
 */
export function pickLang(languageCode: string | undefined, questionLang?: "zh" | "en"): Lang {
  const code = languageCode?.toLowerCase().replace(/_/g, "-");
  if (!code) return questionLang === "en" ? "en" : "zh";
  if (code === "zh" || code.startsWith("zh-")) return /^zh-(hant|tw|hk|mo)\b/.test(code) ? "zh-hant" : "zh";
  return "en";
}

/** Text in the user's script: traditional for zh-hant (example questions, city names). */
export function inScript(lang: Lang, text: string): string {
  return lang === "zh-hant" ? toTraditional(text) : text;
}

/** The city as English readers write it (聊城 → Liaocheng); Chinese labels keep the characters. */
export function cityName(lang: Lang, city: string): string {
  if (lang !== "en" || !/\p{Script=Han}/u.test(city)) return inScript(lang, city);
  const syllables = pinyin(city, { toneType: "none", type: "array" }).join("");
  return syllables.charAt(0).toUpperCase() + syllables.slice(1);
}

/** ① … ⑳ for result numbers, (21) beyond. */
export function circled(n: number): string {
  return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : `(${n})`;
}

/** Typed access to the messages the renderers and features share (the .ftl files hold the words). */
function buildLabels(lang: Lang) {
  const m = (id: string, args?: Record<string, FluentVariable>) => t(lang, id, args);
  return {
    fullArticle: m("full-article"),
    fullArticleN: (n: number) => m("full-article-n", { n: circled(n) }),
    readOriginal: m("read-original"),
    readOriginalN: (n: number) => m("read-original-n", { n: circled(n) }),
    share: m("share"),
    pagePrev: m("page-prev"),
    pageNext: m("page-next"),
    pageOf: (page: number, pages: number) => m("page-of", { page, pages }),
    confirm: m("confirm"),
    cancel: m("cancel"),
    openInline: m("open-inline"),
    help: m("help"),
    alsoFound: m("also-found"),
    earlierFigures: (list: string) => m("earlier-figures", { list }),
    earlierFigure: (date: string, figure: string) => m("earlier-figure", { date, figure }),
    earlierSeparator: m("earlier-separator"),
    relatedTitle: m("related-title"),
    pageInfo: (from: number, to: number, total: number) => m("page-info", { from, to, total }),
    noMorePages: m("no-more-pages"),
    expired: m("expired"),
    articleGone: m("article-gone"),
    notFound: (question: string) => m("not-found", { question }),
    emptyQuestion: m("empty-question", { example: inScript(lang, EXAMPLE_QUESTIONS[0]) }),
    unknownCommand: m("unknown-command"),
    textOnly: m("text-only"),
    rateLimited: m("rate-limited"),
    rateLimitedToast: m("rate-limited-toast"),
    error: m("error"),
    helpText: (city: string, bot: string) => m("help-text", { city: cityName(lang, city), bot }),
    helpTextGroup: (city: string, bot: string) => m("help-text-group", { city: cityName(lang, city), bot }),
    helpAdmin: (size: string) => m("help-admin", { size }),
    greetingCard: (city: string) => m("greeting-card", { city: cityName(lang, city) }),
    thanksCard: m("thanks-card"),
    groupHello: (city: string, bot: string) => m("group-hello", { city: cityName(lang, city), bot }),
    latestTitle: m("latest-title"),
    latestEmpty: m("latest-empty"),
    stats: (items: number, pages: number, loadedAt: string) => m("stats", { items, pages, loadedAt }),
    reloadStarted: m("reload-started"),
    reloadBusy: m("reload-busy"),
    reloadFailed: (why: string) => m("reload-failed", { why }),
    reloadDone: (before: number, after: number, added: number, removed: number, seconds: string) =>
      m("reload-done", { before, after, added, removed, seconds }),
    added: m("added"),
    removed: m("removed"),
    warnings: m("warnings"),
    andMore: (n: number) => m("and-more", { n }),
    uploadWrongType: m("upload-wrong-type"),
    uploadTooBig: (size: string, limit: string) => m("upload-too-big", { size, limit }),
    uploadFailed: (why: string) => m("upload-failed", { why }),
    uploadNothing: (name: string) => m("upload-nothing", { name }),
    uploadPreview: (name: string, items: number) => m("upload-preview", { name, items }),
    uploadSaved: (name: string) => m("upload-saved", { name }),
    uploadRenamed: (wanted: string, name: string) => m("upload-renamed", { wanted, name }),
    uploadCancelled: m("upload-cancelled"),
    uploadDuplicate: (file: string) => m("upload-duplicate", { file }),
    uploadDuplicateOtherFormat: (file: string) => m("upload-duplicate-other-format", { file }),
    uploadReplace: m("upload-replace"),
    uploadReplaced: (file: string) => m("upload-replaced", { file }),
    saveFailed: (why: string) => m("save-failed", { why }),
    inlineNoMatch: m("inline-no-match"),
    inlineAskPrivate: m("inline-ask-private"),
    askBot: (bot: string) => m("ask-bot", { bot }),
    date: (date: string | null) => date ?? m("date-unknown"),
    /** A loader warning in the user's language when its kind is known; else the loader's words. */
    warningReason: (reason: string) => {
      const kind = WARNING_KINDS.find(([pattern]) => pattern.test(reason))?.[1];
      return kind ? m(kind) : reason;
    },
  };
}

export type Labels = ReturnType<typeof buildLabels>;

/** Loader reasons (src/corpus, English) by kind, so an upload preview can say them in the user's language. */
const WARNING_KINDS: [RegExp, string][] = [
  [/^empty file/, "warning-empty"],
  [/^binary file/, "warning-binary"],
  [/^undecodable/, "warning-undecodable"],
  [/^parser failed/, "warning-parser"],
];

const cache = new Map<Lang, Labels>();

/** The labels of lang, built once (Fluent formats the constant ones once too). */
export function labels(lang: Lang): Labels {
  let l = cache.get(lang);
  if (!l) cache.set(lang, (l = buildLabels(lang)));
  return l;
}

/** Example questions for /help and the help cards: answerable from the seed page. */
export const EXAMPLE_QUESTIONS: readonly string[] = [
  "聊城有多少家单项冠军企业？",
  "高唐县电子信息产业前三季度产值增长多少？",
  "聊城市空气质量综合指数是多少？",
];
