/**
 * What tests read from a recorded Bot API call, typed with grammY's own types. One shape for every
 * method, so a test can scan all calls (`h.calls`, the emulator's `attempts`) without narrowing:
 * each field is optional because which ones a call carries depends on its method, and a test that
 * expects one fails on `undefined` like on a wrong value.
 */
import type {
  BotCommand,
  BotCommandScope,
  InlineKeyboardButton,
  InlineQueryResultArticle,
  InlineQueryResultsButton,
  InputTextMessageContent,
  LinkPreviewOptions,
  ParseMode,
  ReplyParameters,
} from "grammy/types";

/**
 * A button with the fields of the kinds the bot sends, each optional (grammY's InlineKeyboardButton
 * is a union by kind, so a test scanning mixed rows could not read callback_data without narrowing).
 */
export type SentButton = InlineKeyboardButton.AbstractInlineKeyboardButton &
  Partial<
    Omit<
      InlineKeyboardButton.CallbackButton &
        InlineKeyboardButton.UrlButton &
        InlineKeyboardButton.SwitchInlineButton &
        InlineKeyboardButton.SwitchInlineCurrentChatButton &
        InlineKeyboardButton.SwitchInlineChosenChatButton &
        InlineKeyboardButton.CopyTextButtonButton,
      keyof InlineKeyboardButton.AbstractInlineKeyboardButton
    >
  >;

/** The bot only ever sends inline keyboards. */
export interface SentKeyboard {
  inline_keyboard: SentButton[][];
}

/** An inline result as the bot builds them: an article whose content is a text message. */
export type SentArticle = Omit<InlineQueryResultArticle, "input_message_content" | "reply_markup"> & {
  input_message_content: InputTextMessageContent;
  reply_markup?: SentKeyboard;
};

export interface SentPayload {
  // sendMessage, editMessageText, answerCallbackQuery
  chat_id?: number | string;
  message_id?: number;
  message_thread_id?: number;
  text?: string;
  parse_mode?: ParseMode;
  link_preview_options?: LinkPreviewOptions;
  reply_parameters?: ReplyParameters;
  reply_markup?: SentKeyboard;
  show_alert?: boolean;
  // answerInlineQuery
  results?: SentArticle[];
  next_offset?: string;
  is_personal?: boolean;
  cache_time?: number;
  button?: InlineQueryResultsButton;
  // setMyCommands, deleteMyCommands, setMyDescription, setMyShortDescription
  commands?: BotCommand[];
  scope?: BotCommandScope;
  language_code?: string;
  description?: string;
  short_description?: string;
  // getFile, getUpdates, setWebhook
  file_id?: string;
  offset?: number;
  timeout?: number;
  allowed_updates?: readonly string[];
  url?: string;
  secret_token?: string;
  /** Fields no test reads yet: narrow before use. */
  [field: string]: unknown;
}
