#!/usr/bin/env node
/**
 * `npm run docker:check`: build the image and check that it really works (not part of npm test).
 *
 *   1. build:   podman --runtime runc build --format docker --network host -t newsbot .
 *   2. console: printf '聊城有多少家单项冠军企业？\n' | podman run --rm -i newsbot  → an answer with 79家
 *   3. bot:     the image as a bot (BOT_TOKEN) against a tiny fake Bot API on this host
 *               (--network host): its HEALTHCHECK command passes, and it stops on SIGTERM with 0.
 *
 * Environment: CONTAINER_ENGINE (podman, else docker), IMAGE (newsbot), PODMAN_RUNTIME (runc when
 * installed; "" for podman's default), DOCKER_CHECK_BOT=0 skips step 3, DOCKER_CHECK_BUILD=0
 * skips step 1 (check an image built already).
 */
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const IMAGE = process.env.IMAGE || "newsbot";
const QUESTION = "聊城有多少家单项冠军企业？";
const TOKEN = "123456:DOCKER-check_token";

function which(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).status === 0;
}

const engine = process.env.CONTAINER_ENGINE || (which("podman") ? "podman" : "docker");
const podman = engine.endsWith("podman");
const runtime = process.env.PODMAN_RUNTIME ?? (podman && which("runc") ? "runc" : "");
/** Global flags: podman's OCI runtime (crun may be missing or unusable where runc works). */
const globalArgs = podman && runtime ? ["--runtime", runtime] : [];

function fail(message) {
  process.stderr.write(`docker:check: FAILED: ${message}\n`);
  process.exit(1);
}
function step(message) {
  process.stdout.write(`docker:check: ${message}\n`);
}

/**
 * Run the engine. Asynchronous on purpose: the fake Bot API lives in this process and must keep
 * answering while the container runs (a spawnSync would freeze it, and the bot with it).
 */
function run(args, { input, capture = false, allowFail = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(engine, [...globalArgs, ...args], {
      cwd: ROOT,
      stdio: [input === undefined ? "ignore" : "pipe", capture ? "pipe" : "inherit", capture ? "pipe" : "inherit"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (c) => (stdout += c));
    child.stderr?.setEncoding("utf8").on("data", (c) => (stderr += c));
    if (input !== undefined) child.stdin.end(input);
    child.on("error", (error) => fail(`${engine} ${args[0]}: ${error.message}`));
    child.on("close", (status) => {
      if (status !== 0 && !allowFail) fail(`${engine} ${args.join(" ")} exited ${status}\n${stderr}`);
      resolve({ status, stdout, stderr });
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A fake Bot API: ok for every method, getUpdates waits a little and returns nothing. */
function fakeBotApi() {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", async () => {
      const method = /^\/bot[^/]+\/(\w+)/.exec(req.url ?? "")?.[1];
      if (method === "getUpdates") await sleep(200);
      const result =
        method === "getMe" ? { id: 1, is_bot: true, first_name: "Check", username: "check_bot" } : method === "getUpdates" ? [] : true;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result }));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function main() {
  step(`engine ${engine}${globalArgs.length ? ` (${globalArgs.join(" ")})` : ""}, image ${IMAGE}`);
  if (process.env.DOCKER_CHECK_BUILD !== "0") {
    step("building (first build compiles nodejieba: a few minutes)");
    await run(["build", ...(podman ? ["--format", "docker"] : []), "--network", "host", "-t", IMAGE, "."]);
  }

  step(`console: ${QUESTION}`);
  const chat = await run(["run", "--rm", "-i", IMAGE], { input: `${QUESTION}\n`, capture: true });
  process.stdout.write(`${chat.stdout.trimEnd().replace(/^/gm, "  | ")}\n`);
  if (!chat.stdout.includes("79家")) fail(`the console answer lacks 79家\n${chat.stderr}`);
  step("console: ok (the answer contains 79家)");

  const user = (await run(["run", "--rm", "--entrypoint", "id", IMAGE, "-un"], { capture: true })).stdout.trim();
  if (user !== "node") fail(`the image runs as ${user}, not node`);
  step("runs as: node");

  if (process.env.DOCKER_CHECK_BOT === "0") return;
  const api = await fakeBotApi();
  const apiPort = api.address().port;
  const port = 20000 + Math.floor(Math.random() * 20000);
  const name = `newsbot-check-${process.pid}`;
  step(`bot: long polling a fake Bot API on 127.0.0.1:${apiPort}, /healthz on ${port}`);
  await run(
    [
      "run",
      "-d",
      "--name",
      name,
      "--network",
      "host",
      "-e",
      `BOT_TOKEN=${TOKEN}`,
      "-e",
      `TELEGRAM_API_ROOT=http://127.0.0.1:${apiPort}`,
      "-e",
      `PORT=${port}`,
      IMAGE,
    ],
    { capture: true },
  );
  try {
    let healthy = false;
    for (let i = 0; i < 60 && !healthy; i++) {
      // Exactly what the image's HEALTHCHECK runs.
      const check = await run(["exec", name, "node", "dist/healthcheck.js"], { capture: true, allowFail: true });
      if (check.status === 0) {
        healthy = true;
        process.stdout.write(`  | ${check.stdout.trim()}\n`);
      } else await sleep(500);
    }
    if (!healthy) fail(`the bot never reported healthy\n${(await run(["logs", name], { capture: true, allowFail: true })).stderr}`);
    if (podman) {
      const hc = await run(["healthcheck", "run", name], { capture: true, allowFail: true });
      if (hc.status !== 0) fail(`podman healthcheck run: ${hc.stdout}${hc.stderr} (was the image built with --format docker?)`);
      step("bot: podman healthcheck run: healthy");
    }
    const started = Date.now();
    await run(["stop", "-t", "10", name], { capture: true });
    const exit = (await run(["inspect", name, "--format", "{{.State.ExitCode}}"], { capture: true })).stdout.trim();
    if (exit !== "0") fail(`the bot exited ${exit} on SIGTERM`);
    step(`bot: healthy, stopped on SIGTERM in ${Date.now() - started} ms with exit code 0`);
  } finally {
    if (process.env.DOCKER_CHECK_KEEP !== "1") await run(["rm", "-f", name], { capture: true, allowFail: true });
    api.close();
  }
}

main().then(
  () => step("all good"),
  (error) => fail(error instanceof Error ? error.message : String(error)),
);
