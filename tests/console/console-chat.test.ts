/** The console chat (no BOT_TOKEN, or `newsbot chat`): plain-text answers per input line. */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runConsoleChat } from "../../src/console/console-chat.js";
import { useTempLibrary } from "../bot/helpers/harness.js";

const seed = useTempLibrary();

async function chat(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.on("data", (chunk) => (text += String(chunk)));
  const done = runConsoleChat({ library: seed.library, input, output });
  input.end(lines.join("\n") + "\n");
  await done;
  return text;
}

describe("console chat", () => {
  it("answers each line in plain text and ends with the input", async () => {
    const out = await chat(["聊城有多少家单项冠军企业？", "", "火星殖民计划进展如何"]);
    expect(out).toContain("79家");
    expect(out).toContain("我市14家企业拟认定为省制造业单项冠军");
    expect(out).toContain("没有找到");
    expect(out).not.toMatch(/<\/?b>/);
  });

  it("pages with /more, lists /latest and /stats, stops at /quit", async () => {
    const out = await chat(["企业", "/more", "/latest", "/stats", "/quit", "火星殖民计划进展如何"]);
    expect(out).toContain("第 4–");
    expect(out).toContain("最新报道");
    expect(out).toContain("条报道");
    expect(out).not.toContain("没有找到");
  });
});
