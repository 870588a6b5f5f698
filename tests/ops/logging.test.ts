import type { DestinationStream } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandOf, updateKind } from "../../src/bot/logging.js";
import { createLogger } from "../../src/log.js";
import type { NewsLibrary } from "../../src/library/news-library.js";
import { TOKEN, USER_ID, callback, makeHarness, privateText, realLibrary, removeDir, tempCorpus } from "../bot/helpers/harness.js";

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination: DestinationStream = {
    write(chunk: string) {
      raw.push(chunk);
      lines.push(JSON.parse(chunk) as Record<string, unknown>);
    },
  };
  return { logger: createLogger({ level, destination, secrets: [TOKEN], pretty: false }), lines, raw };
}

let corpus: string;
let library: NewsLibrary;

beforeAll(async () => {
  corpus = tempCorpus();
  library = await realLibrary(corpus);
});
afterAll(() => removeDir(corpus));

describe("per-update log lines", () => {
  it("logs one info line per update: id, kind, chat type, command, latency, outcome; no text at info", async () => {
    const { logger, lines, raw } = capture("info");
    const h = makeHarness(library, { deps: { logger } });
    await h.send(privateText("聊城有多少家单项冠军企业？"));
    await h.send(privateText("/help"));
    await h.send(callback("garbage-data"));

    const updates = lines.filter((l) => l.msg === "update");
    expect(updates).toHaveLength(3);
    const [question, help, button] = updates;
    expect(question).toMatchObject({ level: 30, update_id: 1, kind: "message", chat_type: "private", command: null, outcome: "answered" });
    expect(question.calls).toContain("sendMessage");
    expect(typeof question.latency_ms).toBe("number");
    expect(help).toMatchObject({ update_id: 2, kind: "message", command: "help", outcome: "answered" });
    expect(button).toMatchObject({ update_id: 3, kind: "callback_query", chat_type: "private" });
    expect(raw.join("")).not.toContain("聊城有多少家单项冠军企业");
    expect(raw.join("")).not.toContain(TOKEN);
    expect(question.text).toBeUndefined();
  });

  it("adds the text at debug", async () => {
    const { logger, lines } = capture("debug");
    const h = makeHarness(library, { deps: { logger } });
    await h.send(privateText("聊城有多少家单项冠军企业？"));
    const line = lines.find((l) => l.msg === "update")!;
    expect(line.text).toBe("聊城有多少家单项冠军企业？");
    expect(line.level).toBe(30);
  });

  it("calls a group message the bot ignores silent", async () => {
    const { logger, lines } = capture("info");
    const h = makeHarness(library, { deps: { logger } });
    await h.send({
      message: {
        message_id: 5,
        date: 0,
        chat: { id: -1001, type: "supergroup", title: "g" },
        from: { id: USER_ID, is_bot: false, first_name: "x" },
        text: "今天天气不错",
      },
    });
    expect(lines.find((l) => l.msg === "update")).toMatchObject({ chat_type: "supergroup", outcome: "silent", calls: [] });
  });

  it("helpers: kind and command", () => {
    expect(updateKind({ update_id: 1, inline_query: {} })).toBe("inline_query");
    expect(commandOf("/ask@NewsBot 聊城")).toBe("ask");
    expect(commandOf("/RELOAD")).toBe("reload");
    expect(commandOf("hello /ask")).toBeNull();
    expect(commandOf(undefined)).toBeNull();
  });
});
