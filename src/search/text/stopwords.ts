/**
 * Words that carry no content in a question: function words, question words and fillers. They are
 * dropped from queries (question words still decide the question type, see question.ts).
 */
export const CHINESE_STOPWORDS = new Set(
  `的 了 着 过 是 有 在 和 与 及 或 也 都 就 还 又 把 被 给 对 向 从 到 为 以 于 由 之 其 这 那 这个 那个 这些 那些
  个 吗 呢 吧 啊 呀 么 嘛 哦 请问 请 问 一下 告诉 我 你 他 她 它 我们 你们 他们 想 知道 能 会 可以 要 应该 是否
  是不是 有没有 多少 几 几个 几家 什么 啥 哪 哪个 哪些 哪里 哪儿 哪天 哪年 哪位 谁 怎么 怎样 怎么样 如何 为什么 为何
  何时 何地 什么时候 多久 多大 多高 多长 多远 多重 第几 哪几 哪几个 几月 几号 几时 呢 了吗 的是 是什么 是多少 有哪些
  有多少 意思 含义 定义 是指 指的是 什么是 一共 总共 共 目前 现在 如今 情况 相关 方面 关于 有关 吗 ？ 按 按照 得 地 所 上 中 里`
    .split(/\s+/)
    .filter(Boolean),
);

export const ENGLISH_STOPWORDS = new Set(
  `a an the of in on at to for from by with about as into onto over under and or but nor so yet
  is are was were be been being am do does did done doing have has had having will would shall should can could may might must
  i me my we our you your he him his she her it its they them their this that these those there here
  what which who whom whose when where why how many much number amount total
  not no yes please tell know want get got give show find let lets any some all each every
  than then too very just also only still yet again up down out off per via
  between during among within across through since until after before upon amid
  s t d ll ve re meant mean means definition define`
    .split(/\s+/)
    .filter(Boolean),
);
