/**
 * The webhook secret never reaches a log line: the built bot in webhook mode at LOG_LEVEL=trace,
 * against a Bot API whose setWebhook fails with an error that echoes the secret (as Telegram's
 * "bad webhook: secret …" does). It exits 1 with a fatal line, and the secret is nowhere.
 */
import { afterAll, describe, expect, it } from "vitest";
import { startFakeTelegram } from "../../scripts/fake-telegram.mjs";
import { copyCorpus, requireBuild } from "../reliability/helpers.js";
import { removeDir, SLOW, startMain } from "./helpers.js";

const TOKEN = "777003:SECRET-echo_token";
const SECRET = "Exactly16charsOK";

let corpus: string | undefined;
afterAll(() => removeDir(corpus));

describe("a setWebhook error that echoes the secret", () => {
  it(
    "is logged without the secret, at every level",
    async () => {
      requireBuild();
      corpus = copyCorpus();
      const fake = await startFakeTelegram({
        token: TOKEN,
        fault: ({ method }: { method: string }) =>
          method === "setWebhook"
            ? {
                type: "error",
                code: 400,
                description: `Bad Request: bad webhook: secret ${SECRET} is not accepted for https://bot.example.org/hook`,
              }
            : null,
      });
      try {
        const bot = await startMain({
          BOT_TOKEN: TOKEN,
          TELEGRAM_API_ROOT: fake.apiRoot,
          CORPUS_DIR: corpus,
          WEBHOOK_URL: "https://bot.example.org/hook",
          WEBHOOK_SECRET: SECRET,
          LOG_LEVEL: "trace",
        });
        expect(await bot.exited).toBe(1);
        const output = bot.output();
        expect(
          fake.attempts.some(
            (a: { method: string; payload: Record<string, unknown> }) => a.method === "setWebhook" && a.payload.secret_token === SECRET,
          ),
        ).toBe(true);
        expect(output).toMatch(/"level":60,.*"msg":"main: setWebhook failed"/);
        expect(output).toContain("bad webhook: secret [redacted]");
        expect(output).not.toContain(SECRET);
        expect(output).not.toContain(TOKEN.split(":")[1]);
      } finally {
        await fake.close();
      }
    },
    SLOW,
  );

  it(
    "a WEBHOOK_SECRET under 16 characters stops start-up with a clear line",
    async () => {
      requireBuild();
      const bot = await startMain({ BOT_TOKEN: TOKEN, WEBHOOK_URL: "https://bot.example.org/hook", WEBHOOK_SECRET: "s3cr7" });
      expect(await bot.exited).toBe(1);
      expect(bot.output().trim()).toBe(
        "newsbot: config: WEBHOOK_SECRET is too short: use at least 16 characters (e.g. openssl rand -hex 32)",
      );
    },
    SLOW,
  );
});
