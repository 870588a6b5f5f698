# Everything the bot says, in English: for users whose Telegram language is neither Chinese nor
# unknown. Same message ids as zh.ftl. Fluent syntax: https://projectfluent.org/fluent/guide/

## Bot profile
bot-description =
    I answer questions about the local news of { $city }, China. Send me a question, e.g. "{ $example }", and I'll find the sentence in the newspaper that answers it, with the headline, date and a link to the original. Nothing is made up: every answer is quoted from an article.
bot-short-description = Ask about { $city } local news: answers quoted from the paper, with the source.

## Command menus
cmd-start = Start
cmd-help = Help and examples
cmd-ask = Ask: /ask question
cmd-latest = Newest articles
cmd-stats = Library statistics
cmd-reload = Reload the library (admin)

## Answers
full-article = Full article
full-article-n = Full { $n }
read-original = Read original
read-original-n = Original { $n }
share = Share
page-prev = ‹ Previous
page-next = Next ›
page-of = { $page }/{ $pages }
also-found = Other possible answers:
# An answer about now: older articles' other figures, newest first ("2023-12-20: 66 provincial").
earlier-figures = Earlier: { $list }
earlier-figure = { $date }: { $figure }
earlier-separator = {"; "}
page-info = Results { $from }–{ $to } of { $total }
no-more-pages = No more results
related-title = No direct answer found. Related articles:
expired = Expired
article-gone = That article is no longer in the library. Send /latest for the newest ones.
date-unknown = date unknown
not-found =
    Nothing found for "{ $question }".
    Try rephrasing, with words the article would use (places, organisations, numbers). Send /help for examples.
empty-question = Write the question after the command, e.g. /ask { $example }
unknown-command = I don't know that command. Send /help to see what I can do.
text-only = Please ask your question as text (or as a photo caption). Send /help for examples.
rate-limited = You're asking very fast. Please wait a minute.
rate-limited-toast = Please wait a minute
error = Sorry, something went wrong. Please try again later.

## Help
help = Help
open-inline = Search in this chat
help-text =
    I answer questions about the local news of { $city }: send me a question and I'll find the sentence in the newspaper that answers it, with the headline, date and a link to the original.

    Commands:
    /ask question — ask (works in groups too)
    /latest — newest articles
    /stats — what the library holds
    /help — this help

    In groups: mention @{ $bot } with a question, or reply to my message. In any chat, type @{ $bot } and a question to share an answer.

    Try one of these:
help-text-group =
    I answer questions about the local news of { $city }, quoting the newspaper.

    To ask in this group:
    /ask@{ $bot } question
    or mention @{ $bot } with a question, or reply to my message.

    In a private chat with me you can read full articles, the newest ones and more examples.
help-admin =
    Admins:
    /reload — re-read the corpus folder and report what changed
    Send a .txt, .md, .json or .jsonl file in private chat (at most { $size }) — a preview first, then Confirm saves it and reloads
greeting-card =
    Hello! I answer questions about the local news of { $city }. Just send me a question, like the ones below. Send /help for everything I can do.
thanks-card = You're welcome! Ask me anything else, for example:
group-hello =
    Hello everyone! I answer questions about the local news of { $city }, quoting the newspaper.
    In this group, use /ask@{ $bot } question, or mention @{ $bot } with a question.

## Lists and statistics
latest-title = Newest articles:
latest-empty = The library has no articles yet.
stats =
    Library: { $items } items from { $pages } page files.
    Last loaded: { $loadedAt }

## Inline mode
inline-no-match = Nothing found: ask in a private chat
inline-ask-private = Ask this in a private chat
ask-bot = Ask @{ $bot }

## Reloads and uploads (admins)
reload-started = Reloading the library… questions are still answered meanwhile.
reload-busy = A reload is already running; please wait for it to finish.
reload-failed =
    Reload failed; the previous index is still in use.
    Reason: { $why }
reload-done = Reload done: { $before } → { $after } items ({ $added } added, { $removed } removed) in { $seconds } s.
added = Added:
removed = Removed:
warnings = Warnings:
and-more = …and { $n } more
confirm = Confirm
cancel = Cancel
upload-wrong-type = Only .txt, .md, .json or .jsonl files are accepted.
upload-too-big = The file is too big ({ $size }); the limit is { $limit }.
upload-failed = Could not read this file: { $why }
upload-nothing = No usable articles found in "{ $name }"; nothing saved.
upload-preview = Preview of "{ $name }": { $items } items found. Confirm to save it to the library and reload.
upload-saved = Saved as "{ $name }".
upload-renamed = A file named "{ $wanted }" already exists, so it was saved as "{ $name }".
upload-cancelled = Cancelled; the file was not saved.
upload-duplicate = This edition is already in the library (the same as "{ $file }"). Confirm to replace that file rather than add a copy.
upload-duplicate-other-format = This edition is already in the library (the same as "{ $file }"), in another file format, so it cannot replace it. Confirm saves it as a copy; the repeated articles are indexed once.
upload-replace = Replace it
upload-replaced = Replaced "{ $file }".
save-failed = Saving failed: { $why }

## Loader warnings, by kind
warning-empty = empty file, skipped
warning-binary = not a text file, skipped
warning-undecodable = unknown text encoding, skipped
warning-parser = the page could not be parsed
