/**
 * One settings path for every entry point: the bot (`node dist/main.js --settings`), the CLI
 * (`newsbot settings`, which every command resolves the same way) and the container healthcheck
 * (`node dist/healthcheck.js --settings`) print the same resolved settings for the same
 * environment, .env file and working folder. And the CLI's help is generated from the command
 * definitions, so it names every option that is accepted.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/definitions.js";
import { CLI, MAIN, ROOT, requireBuild, tempDir } from "../reliability/helpers.js";
import { removeDir, SLOW } from "./helpers.js";

const HEALTHCHECK = join(ROOT, "dist", "healthcheck.js");
const cwd = tempDir("settings");
afterAll(() => removeDir(cwd));

function run(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function settings(env: Record<string, string>) {
  const outputs = {
    bot: run([MAIN, "--settings"], env),
    cli: run([CLI, "settings"], env),
    healthcheck: run([HEALTHCHECK, "--settings"], env),
  };
  for (const [who, out] of Object.entries(outputs)) expect(out.code, `${who}: ${out.stderr}`).toBe(0);
  return Object.fromEntries(Object.entries(outputs).map(([who, out]) => [who, JSON.parse(out.stdout) as Record<string, unknown>]));
}

describe("CORPUS_DIR and LOCAL_CITY", () => {
  it.each([
    ["unset", {}, join(cwd, "corpus"), "聊城"],
    ["blank", { CORPUS_DIR: "", LOCAL_CITY: "  " }, join(cwd, "corpus"), "聊城"],
    ["relative", { CORPUS_DIR: "pages", LOCAL_CITY: "济南" }, join(cwd, "pages"), "济南"],
    ["absolute, bot mode", { CORPUS_DIR: "/srv/news/", LOCAL_CITY: "德州", BOT_TOKEN: "1:abc" }, "/srv/news", "德州"],
  ])(
    "%s: the bot, the CLI and the healthcheck resolve them alike",
    (_name, env, corpusDir, localCity) => {
      requireBuild();
      const all = settings(env as Record<string, string>);
      expect(all.bot).toEqual(all.cli);
      expect(all.healthcheck).toEqual(all.cli);
      expect(all.cli).toMatchObject({ corpusDir, localCity });
    },
    SLOW,
  );

  it(
    "a .env file in the working folder counts for all three; the real environment wins over it",
    () => {
      requireBuild();
      writeFileSync(join(cwd, ".env"), "CORPUS_DIR=from-dotenv\nLOCAL_CITY=临清\n");
      try {
        const all = settings({});
        expect(all.bot).toEqual(all.cli);
        expect(all.healthcheck).toEqual(all.cli);
        expect(all.cli).toMatchObject({ corpusDir: join(cwd, "from-dotenv"), localCity: "临清" });
        expect(settings({ LOCAL_CITY: "聊城" }).bot).toMatchObject({ localCity: "聊城" });
      } finally {
        writeFileSync(join(cwd, ".env"), "");
      }
    },
    SLOW,
  );

  it(
    "a blank --corpus is an error, not the current folder",
    () => {
      requireBuild();
      const out = run([CLI, "articles", "--corpus", ""], {});
      expect(out.code).toBe(2);
      expect(out.stderr).toContain("--corpus needs a value");
    },
    SLOW,
  );
});

describe("newsbot --help", () => {
  it(
    "lists every command; each `newsbot CMD --help` lists every option of its definition",
    () => {
      requireBuild();
      const top = run([CLI, "--help"], {});
      expect(top.code).toBe(0);
      for (const command of COMMANDS) {
        expect(top.stdout).toContain(`  ${command.name}`);
        expect(top.stdout).toContain(command.summary);
        const help = run([CLI, command.name, "--help"], {});
        expect(help.code).toBe(0);
        expect(help.stdout).toContain(`usage: newsbot ${command.name}`);
        for (const [name, option] of Object.entries(command.options)) {
          expect(help.stdout).toContain(`--${name}`);
          expect(help.stdout).toContain(option.description);
        }
        if (command.positionals) expect(help.stdout).toContain(command.positionals.usage);
        // What is not in the definition is refused, with the usage.
        const bad = run([CLI, command.name, "--no-such-option"], {});
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain(`usage: newsbot ${command.name}`);
      }
    },
    SLOW,
  );
});
