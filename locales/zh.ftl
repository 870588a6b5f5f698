# Everything the bot says, in simplified Chinese (the default: the corpus is a Chinese city paper).
# Traditional Chinese (zh-hant) is made from this file with OpenCC at start-up: edit only this one.
# Fluent syntax: https://projectfluent.org/fluent/guide/ . Keep the same message ids in en.ftl.

## Bot profile: set with setMyDescription / setMyShortDescription at start-up (≤ 512 / ≤ 120 characters).
bot-description =
    我是{ $city }本地新闻问答机器人。直接发问题给我，例如「{ $example }」，我会从报纸原文里找出回答的那一句，附上报道标题、日期和原文链接。不编造：回答都来自报道原文。
bot-short-description = 问我{ $city }本地新闻：回答来自报纸原文，附出处。

## Command menus
cmd-start = 开始
cmd-help = 帮助与示例
cmd-ask = 提问：/ask 问题
cmd-latest = 最新报道
cmd-stats = 资料库概况
cmd-reload = 重新加载资料库（管理员）

## Answers
full-article = 全文
full-article-n = 全文 { $n }
read-original = 阅读原文
read-original-n = 原文 { $n }
share = 分享
page-prev = ‹ 上一页
page-next = 下一页 ›
page-of = { $page }/{ $pages }
also-found = 其他可能的答案：
# An answer about now: older articles' other figures, newest first (「2023-12-20：省级66家」).
earlier-figures = 此前：{ $list }
earlier-figure = { $date }：{ $figure }
earlier-separator = ；
page-info = 第 { $from }–{ $to } 条，共 { $total } 条
no-more-pages = 没有更多结果了
related-title = 没有找到直接回答，以下是相关报道：
expired = 已过期
article-gone = 这篇报道已不在资料库里了。发送 /latest 看看最新报道。
date-unknown = 日期不详
not-found =
    没有找到与「{ $question }」相关的报道。
    可以换个说法再问，比如用报道里可能出现的关键词（地名、单位、数字）。发送 /help 查看示例。
empty-question = 请在命令后面写上问题，例如：/ask { $example }
unknown-command = 不认识这个命令。发送 /help 查看用法。
text-only = 请用文字提问（图片请附上文字说明）。发送 /help 查看示例。
rate-limited = 提问太频繁了，请稍等一分钟再问。
rate-limited-toast = 请稍等一分钟再问
error = 抱歉，处理时出了点问题，请稍后再试。

## Help
help = 帮助
open-inline = 在当前聊天中搜索
help-text =
    我可以回答关于{ $city }本地新闻的问题：直接发问题给我，我会从报纸原文里找出回答的那一句，并给出标题、日期和原文链接。

    命令：
    /ask 问题 — 提问（在群里也可以用）
    /latest — 最新报道
    /stats — 资料库概况
    /help — 本帮助

    在群里：@{ $bot } 加问题，或回复我的消息。在任何聊天里输入 @{ $bot } 加问题，可以直接分享答案。

    试试下面的示例问题：
help-text-group =
    我可以回答关于{ $city }本地新闻的问题，回答来自报纸原文。

    在群里提问：
    /ask@{ $bot } 问题
    或者 @{ $bot } 加问题，或回复我的消息。

    私聊我可以看全文、最新报道和更多示例。
help-admin =
    管理员：
    /reload — 重新读取资料库文件夹并报告变化
    私聊发送 .txt、.md、.json 或 .jsonl 文件（最大 { $size }）— 先预览，确认后保存并重新加载
greeting-card =
    你好！我是{ $city }本地新闻问答机器人。直接把问题发给我就行，比如下面这些。发送 /help 查看全部用法。
thanks-card = 不客气！还有问题随时问我，比如：
group-hello =
    大家好！我回答关于{ $city }本地新闻的问题，回答来自报纸原文。
    在群里用 /ask@{ $bot } 问题，或 @{ $bot } 加问题。

## Lists and statistics
latest-title = 最新报道：
latest-empty = 资料库里还没有报道。
stats =
    资料库：{ $items } 条报道，来自 { $pages } 个版面文件。
    上次加载：{ $loadedAt }

## Inline mode
inline-no-match = 没有找到，去私聊里换个说法问
inline-ask-private = 去私聊里问这个问题
ask-bot = 问 @{ $bot }

## Reloads and uploads (admins)
reload-started = 正在重新加载资料库……期间照常回答问题。
reload-busy = 已有一次重新加载正在进行，请等它完成。
reload-failed =
    重新加载失败，仍在使用原来的索引。
    原因：{ $why }
reload-done = 重新加载完成：{ $before } → { $after } 条（新增 { $added }，移除 { $removed }），用时 { $seconds } 秒。
added = 新增：
removed = 移除：
warnings = 警告：
and-more = ……另有 { $n } 条
confirm = 确认保存
cancel = 取消
upload-wrong-type = 只接受 .txt、.md、.json 或 .jsonl 文件。
upload-too-big = 文件太大（{ $size }），上限是 { $limit }。
upload-failed = 无法读取这个文件：{ $why }
upload-nothing = 在「{ $name }」里没有找到可用的报道，没有保存。
upload-preview = 文件「{ $name }」预览：找到 { $items } 条报道。确认后保存到资料库并重新加载。
upload-saved = 已保存为「{ $name }」。
upload-renamed = 已有同名文件「{ $wanted }」，所以保存为「{ $name }」。
upload-cancelled = 已取消，文件没有保存。
upload-duplicate = 这一版已在资料库中（与「{ $file }」相同）。确认将替换该文件，而不是再存一份。
upload-duplicate-other-format = 这一版已在资料库中（与「{ $file }」相同），但文件格式不同，无法直接替换。确认将另存一份，重复的报道只索引一次。
upload-replace = 替换原文件
upload-replaced = 已替换「{ $file }」。
save-failed = 保存失败：{ $why }

## Loader warnings, by kind (the loader's own English text follows in brackets when unknown)
warning-empty = 空文件，已跳过
warning-binary = 不是文本文件，已跳过
warning-undecodable = 无法识别的文字编码，已跳过
warning-parser = 版面解析失败
