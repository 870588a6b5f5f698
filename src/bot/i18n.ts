/**
 * Every word the bot says, in Chinese (the default: the corpus is a Chinese city paper) and English.
 * Pure data and small functions, so render.ts and the features share one vocabulary.
 */

export type Lang = "zh" | "en";

/** English for users whose Telegram language is English, or who asked in English; Chinese otherwise. */
export function pickLang(languageCode: string | undefined, questionLang?: Lang): Lang {
  if (questionLang === "en") return "en";
  return languageCode?.toLowerCase().startsWith("en") ? "en" : "zh";
}

const zh = {
  moreResults: "更多结果",
  fullArticle: "全文",
  share: "分享",
  confirm: "确认保存",
  cancel: "取消",
  openInline: "在当前聊天中搜索",
  help: "帮助",
  alsoFound: "其他相关报道：",
  pageInfo: (from: number, to: number, total: number) => `第 ${from}–${to} 条，共 ${total} 条`,
  noMorePages: "没有更多结果了",
  expired: "已过期",
  notFound: (question: string) =>
    `没有找到与「${question}」相关的报道。\n可以换个说法再问，比如用报道里可能出现的关键词（地名、单位、数字）。发送 /help 查看示例。`,
  emptyQuestion: "请在命令后面写上问题，例如：/ask 聊城有多少家单项冠军企业？",
  unknownCommand: "不认识这个命令。发送 /help 查看用法。",
  textOnly: "请用文字提问。发送 /help 查看示例。",
  rateLimited: "提问太频繁了，请稍等一分钟再问。",
  error: "抱歉，处理时出了点问题，请稍后再试。",
  helpText: (city: string) =>
    [
      `我可以回答关于${city}本地新闻的问题：直接发问题给我，我会从报纸原文里找出回答的那一句，并给出标题和日期。`,
      "",
      "命令：",
      "/ask 问题 — 提问（在群里也可以用）",
      "/latest — 最新报道",
      "/stats — 资料库概况",
      "/help — 本帮助",
      "",
      "在群里：@我 提问，或回复我的消息。在任何聊天里输入 @我的用户名 加问题可以直接分享答案。",
      "",
      "试试下面的示例问题：",
    ].join("\n"),
  latestTitle: "最新报道：",
  latestEmpty: "资料库里还没有报道。",
  stats: (items: number, pages: number, loadedAt: string) => `资料库：${items} 条报道，来自 ${pages} 个版面文件。\n上次加载：${loadedAt}`,
  reloadStarted: "正在重新加载资料库……期间照常回答问题。",
  reloadBusy: "已有一次重新加载正在进行，请等它完成。",
  reloadFailed: (why: string) => `重新加载失败，仍在使用原来的索引。\n原因：${why}`,
  reloadDone: (before: number, after: number, added: number, removed: number, seconds: string) =>
    `重新加载完成：${before} → ${after} 条（新增 ${added}，移除 ${removed}），用时 ${seconds} 秒。`,
  added: "新增：",
  removed: "移除：",
  warnings: "警告：",
  andMore: (n: number) => `……另有 ${n} 条`,
  uploadWrongType: "只接受 .txt、.md、.json 或 .jsonl 文件。",
  uploadTooBig: (size: string, limit: string) => `文件太大（${size}），上限是 ${limit}。`,
  uploadFailed: (why: string) => `无法读取这个文件：${why}`,
  uploadNothing: (name: string) => `在「${name}」里没有找到可用的报道，没有保存。`,
  uploadPreview: (name: string, items: number) => `文件「${name}」预览：找到 ${items} 条报道。确认后保存到资料库并重新加载。`,
  uploadSaved: (name: string) => `已保存为「${name}」。`,
  uploadRenamed: (wanted: string, name: string) => `已有同名文件「${wanted}」，所以保存为「${name}」。`,
  uploadCancelled: "已取消，文件没有保存。",
  saveFailed: (why: string) => `保存失败：${why}`,
  inlineNoMatch: "没有找到，去私聊里换个说法问",
  inlineLatest: "最新报道",
  date: (date: string | null) => date ?? "日期不详",
};

export type Labels = typeof zh;

const en: Labels = {
  moreResults: "More results",
  fullArticle: "Full article",
  share: "Share",
  confirm: "Confirm",
  cancel: "Cancel",
  openInline: "Search in this chat",
  help: "Help",
  alsoFound: "Also found:",
  pageInfo: (from, to, total) => `Results ${from}–${to} of ${total}`,
  noMorePages: "No more results",
  expired: "Expired",
  notFound: (question) =>
    `Nothing found for "${question}".\nTry rephrasing, with words the article would use (places, organisations, numbers). Send /help for examples.`,
  emptyQuestion: "Write the question after the command, e.g. /ask 聊城有多少家单项冠军企业？",
  unknownCommand: "I don't know that command. Send /help to see what I can do.",
  textOnly: "Please ask your question as text. Send /help for examples.",
  rateLimited: "You're asking very fast. Please wait a minute.",
  error: "Sorry, something went wrong. Please try again later.",
  helpText: (city) =>
    [
      `I answer questions about ${city}'s local news: send me a question and I'll find the sentence in the newspaper that answers it, with the headline and date.`,
      "",
      "Commands:",
      "/ask question — ask (works in groups too)",
      "/latest — newest articles",
      "/stats — what the library holds",
      "/help — this help",
      "",
      "In groups: mention me or reply to my message. In any chat, type my @username and a question to share an answer.",
      "",
      "Try one of these:",
    ].join("\n"),
  latestTitle: "Newest articles:",
  latestEmpty: "The library has no articles yet.",
  stats: (items, pages, loadedAt) => `Library: ${items} items from ${pages} page files.\nLast loaded: ${loadedAt}`,
  reloadStarted: "Reloading the library… questions are still answered meanwhile.",
  reloadBusy: "A reload is already running; please wait for it to finish.",
  reloadFailed: (why) => `Reload failed; the previous index is still in use.\nReason: ${why}`,
  reloadDone: (before, after, added, removed, seconds) =>
    `Reload done: ${before} → ${after} items (${added} added, ${removed} removed) in ${seconds} s.`,
  added: "Added:",
  removed: "Removed:",
  warnings: "Warnings:",
  andMore: (n) => `…and ${n} more`,
  uploadWrongType: "Only .txt, .md, .json or .jsonl files are accepted.",
  uploadTooBig: (size, limit) => `The file is too big (${size}); the limit is ${limit}.`,
  uploadFailed: (why) => `Could not read this file: ${why}`,
  uploadNothing: (name) => `No usable articles found in "${name}"; nothing saved.`,
  uploadPreview: (name, items) => `Preview of "${name}": ${items} items found. Confirm to save it to the library and reload.`,
  uploadSaved: (name) => `Saved as "${name}".`,
  uploadRenamed: (wanted, name) => `A file named "${wanted}" already exists, so it was saved as "${name}".`,
  uploadCancelled: "Cancelled; the file was not saved.",
  saveFailed: (why) => `Saving failed: ${why}`,
  inlineNoMatch: "Nothing found: ask in a private chat",
  inlineLatest: "Newest articles",
  date: (date) => date ?? "date unknown",
};

export function labels(lang: Lang): Labels {
  return lang === "en" ? en : zh;
}

/** Example questions for /help: answerable from the seed page. */
export const EXAMPLE_QUESTIONS: readonly string[] = [
  "聊城有多少家单项冠军企业？",
  "高唐县电子信息产业前三季度产值增长多少？",
  "聊城市空气质量综合指数是多少？",
];
