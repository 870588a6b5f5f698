import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openLibrary } from "../../src/library/open-library.js";
import { ROOT, SEED } from "./helpers.js";

describe("pages from two cities on the same topic", async () => {
  const dir = mkdtempSync(join(tmpdir(), "newsbot-cities-"));
  copyFileSync(SEED, join(dir, "liaocheng.txt"));
  copyFileSync(join(ROOT, "tests", "fixtures", "pages", "jinan-champions.txt"), join(dir, "jinan.txt"));
  const library = await openLibrary({ corpusDir: dir });

  it("knows which city each page's 我市 means", () => {
    const cities = new Map(library.engine.index.articles.map((a) => [a.source, a.city]));
    expect(cities.get("jinan.txt")).toBe("济南");
    expect(cities.get("liaocheng.txt")).toBe("聊城");
  });

  it("answers a Liaocheng question from the Liaocheng page, a Jinan one from the Jinan page", () => {
    const lc = library.engine.ask("聊城有多少家单项冠军企业？").answers;
    expect(lc[0].source).toBe("liaocheng.txt");
    expect(lc[0].answer).toContain("79家");
    const jn = library.engine.ask("济南有多少家单项冠军企业？").answers;
    expect(jn[0].source).toBe("jinan.txt");
    expect(jn[0].answer).toContain("36家");
    const en = library.engine.ask("How many single-champion enterprises does Liaocheng have?").answers;
    expect(en[0].source).toBe("liaocheng.txt");
  });
});
