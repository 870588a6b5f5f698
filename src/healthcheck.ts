/**
 * The container's HEALTHCHECK: GET http://127.0.0.1:$PORT/healthz, exit 0 on 200, 1 otherwise
 * (503 while the index loads, no answer, timeout). Without BOT_TOKEN the container runs the
 * console chat, which serves no HTTP: nothing to check, exit 0.
 *
 *   node dist/healthcheck.js        (PORT default 8080; HEALTHCHECK_TIMEOUT_MS default 3000)
 */
import { request } from "node:http";

const port = Number(process.env.PORT?.trim() || 8080);
const timeoutMs = Number(process.env.HEALTHCHECK_TIMEOUT_MS?.trim() || 3000);

function done(code: number, line: string): never {
  (code === 0 ? process.stdout : process.stderr).write(`${line}\n`);
  process.exit(code);
}

if (!process.env.BOT_TOKEN?.trim()) done(0, "healthcheck: console mode (no BOT_TOKEN), no server to check");
if (!Number.isInteger(port) || port < 1 || port > 65535) done(1, `healthcheck: bad PORT "${process.env.PORT}"`);

const req = request({ host: "127.0.0.1", port, path: "/healthz", method: "GET", timeout: timeoutMs }, (res) => {
  let body = "";
  res.setEncoding("utf8");
  res.on("data", (chunk: string) => (body += chunk));
  res.on("end", () => done(res.statusCode === 200 ? 0 : 1, `healthcheck: ${res.statusCode} ${body.trim()}`));
});
req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
req.on("error", (error) => done(1, `healthcheck: ${error.message}`));
req.end();
