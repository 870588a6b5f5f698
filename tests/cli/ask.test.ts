import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const CLI = join(ROOT, "dist", "cli", "newsbot.js");
const CORPUS = join(ROOT, "corpus");

/** The keys of an answer in order ("earlier" comes before "source" when there are earlier figures). */
const ANSWER_KEYS = [
  "id",
  "headline",
  "kicker",
  "subtitle",
  "date",
  "answer",
  "excerpt",
  "highlights",
  "score",
  "file",
  "publication",
  "url",
  "edition",
  "city",
  "dateSource",
  "source",
];

describe("newsbot ask --json", () => {
  it("prints exactly one JSON object per input line, in order, empty lines included", () => {
    const questions = [
      "聊城有多少家单项冠军企业？",
      "",
      "北京房价走势",
      "<script>alert(1)</script>",
      "   ",
      "How many single-champion enterprises does Liaocheng have?",
      "\u202egnp.exe",
      "x".repeat(10_000),
    ];
    const run = spawnSync("node", [CLI, "ask", "--json", "--corpus", CORPUS], { input: questions.join("\n") + "\n", encoding: "utf8" });
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(questions.length);
    const objects = lines.map((l) => JSON.parse(l) as { question: string; answers: Record<string, unknown>[] });
    objects.forEach((o, i) => expect(o.question).toBe(questions[i]));
    const first = objects[0].answers;
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThanOrEqual(5);
    for (const answer of first) expect(Object.keys(answer).filter((k) => k !== "earlier")).toEqual(ANSWER_KEYS);
    expect(first[0].answer).toContain("79家");
    expect(first[0].headline).toBe("我市14家企业拟认定为省制造业单项冠军");
    expect(first[0].date).toBe("2024-11-29");
    expect(first[0].file).toBe("000_777c845344387f30.txt");
    // Deprecated: the file's old name, kept for one version.
    expect(first[0].source).toBe(first[0].file);
    // The seed page has no metadata: no publication, no link.
    expect(first[0]).toMatchObject({ publication: null, url: null, city: "聊城", dateSource: "dateline" });
    const scores = first.map((a) => a.score as number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const i of [1, 2, 3, 4]) expect(objects[i].answers).toEqual([]);
    expect(objects[5].answers[0].answer).toContain("79家");
  });

  it("answers one question given as an argument, readably", () => {
    const out = execFileSync("node", [CLI, "ask", "--corpus", CORPUS, "高唐县瓜菜菌产量是多少"], { encoding: "utf8" });
    expect(out).toContain("34.6万吨");
    expect(out).toContain("高唐县建立农业科技引进推广机制");
  });
});

describe("newsbot eval", () => {
  it("scores the development set and exits 0 when all pass", () => {
    const run = spawnSync("node", [CLI, "eval", join(ROOT, "tests", "fixtures", "qa", "dev.jsonl"), "--corpus", CORPUS], {
      encoding: "utf8",
    });
    expect(run.stdout).toMatch(/article@1\s+16\/16/);
    expect(run.stdout).toMatch(/answer@1\s+16\/16/);
    expect(run.stdout).toMatch(/negatives\s+1\/1/);
    expect(run.status).toBe(0);
  });
});
