/**
 * Messages that are not questions: greetings, thanks and acknowledgements. A search for 你好 finds
 * nothing worth saying, so these get a help card in private and, in groups, silence when they
 * merely reply to the bot. Pure: a small closed list of whole-message forms, in zh and en.
 */
export type SmallTalk = "greeting" | "thanks" | "ack";

/** Trailing noise a short message may carry: punctuation, emoji, particles and spaces. */
const TAIL = /(?:[\s!！.。,，~～、?？…:;；：😀-🙏🌀-🗿🤀-🧿]|\u2764\ufe0f?)+$/u;
const HEAD = /^[\s,，]+/;

const FORMS: [RegExp, SmallTalk][] = [
  [
    /^(你好|您好|你们好|大家好|哈喽|嗨|在吗|在不在|早上好|早安|上午好|中午好|下午好|晚上好|晚安|hi|hello|hey|hallo|good (morning|afternoon|evening))(呀|啊|哇|哦|吖)?$/i,
    "greeting",
  ],
  [
    /^(谢谢|谢啦|谢了|多谢|感谢|谢谢你|谢谢您|谢谢啦|非常感谢|太感谢了|辛苦了|thanks|thank you|thx|ty|cheers)(啦|了|哈|呀|啊|哦)?( ?(a lot|so much|very much|!))?$/i,
    "thanks",
  ],
  [
    /^(好的|好|好吧|收到|明白|明白了|知道了|了解|懂了|行|可以|嗯|嗯嗯|哦|噢|哈哈+|呵呵|ok|okay|k|got it|cool|nice|great|👍|👌|🙏)$/iu,
    "ack",
  ],
];

/** The kind of small talk text is, or null for anything that may be a question. */
export function smallTalk(text: string): SmallTalk | null {
  const core = text.replace(HEAD, "").replace(TAIL, "").replace(/\s+/g, " ");
  if (core.length === 0) return /[👍👌🙏]/u.test(text) ? "ack" : null;
  if (core.length > 20) return null;
  for (const [pattern, kind] of FORMS) if (pattern.test(core)) return kind;
  return null;
}

/** Words and marks that make a message a question, whatever it is about. */
const QUESTION_MARKS =
  /[?？]|吗|呢|么|多少|几[个家项名次年月日天号点位条种所座]|什么|啥|哪|谁|怎么|怎样|如何|为什么|为何|是否|有没有|是不是|能不能|可不可以|\b(what|when|where|who|whom|which|why|how|is|are|does|do|did|can)\b/i;

/** Whether a message reads as a question (a question mark or a question word). */
export function looksLikeQuestion(text: string): boolean {
  return QUESTION_MARKS.test(text);
}
