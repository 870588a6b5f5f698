/**
 * The container's HEALTHCHECK: GET http://127.0.0.1:$PORT/healthz, exit 0 on 200, 1 otherwise
 * (503 while the index loads or while Telegram is unreachable, no answer, timeout). Without
 * BOT_TOKEN the container runs the console chat, which serves no HTTP: nothing to check, exit 0.
 * The settings come the way every entry point reads them (src/ops/settings.ts); `--settings`
 * prints them.
 *
 *   node dist/healthcheck.js        (PORT default 8080; HEALTHCHECK_TIMEOUT_MS default 3000)
 */
import { request } from "node:http";
import { describeSettings, type Config } from "./config.js";
import { settingsFromProcess } from "./ops/settings.js";

const DEFAULT_TIMEOUT_MS = 3000;

function done(code: number, line: string): never {
  (code === 0 ? process.stdout : process.stderr).write(`${line}\n`);
  process.exit(code);
}

let settings: Config;
try {
  settings = settingsFromProcess();
} catch (error) {
  done(1, `healthcheck: ${error instanceof Error ? error.message : String(error)}`);
}
if (process.argv.includes("--settings")) done(0, JSON.stringify(describeSettings(settings), null, 2));

const timeoutRaw = process.env.HEALTHCHECK_TIMEOUT_MS?.trim();
const timeoutMs = timeoutRaw ? Number(timeoutRaw) : DEFAULT_TIMEOUT_MS;
if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) done(1, `healthcheck: bad HEALTHCHECK_TIMEOUT_MS "${timeoutRaw}"`);
if (settings.mode.kind === "console") done(0, "healthcheck: console mode (no BOT_TOKEN), no server to check");

const req = request({ host: "127.0.0.1", port: settings.port, path: "/healthz", method: "GET", timeout: timeoutMs }, (res) => {
  let body = "";
  res.setEncoding("utf8");
  res.on("data", (chunk: string) => (body += chunk));
  res.on("end", () => done(res.statusCode === 200 ? 0 : 1, `healthcheck: ${res.statusCode} ${body.trim()}`));
});
req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
req.on("error", (error) => done(1, `healthcheck: ${error.message}`));
req.end();
