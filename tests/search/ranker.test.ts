/** The trained models: the committed file matches what the engine computes, and is checked on load. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ABSTAIN_FEATURES } from "../../src/search/answer/abstain.js";
import { FEATURES } from "../../src/search/answer/features.js";
import { checkModel, loadDefaultModel, ModelMismatchError, SentenceRanker, type RankerModel } from "../../src/search/answer/ranker.js";
import { ROOT } from "./helpers.js";

const committed = (): RankerModel =>
  JSON.parse(readFileSync(join(ROOT, "src", "search", "answer", "ranker-model.json"), "utf8")) as RankerModel;

describe("the committed ranker model", () => {
  it("lists exactly the features the engine computes, in order", () => {
    const model = committed();
    expect(model.features).toEqual([...FEATURES]);
    expect(model.abstain.features).toEqual([...ABSTAIN_FEATURES]);
    expect(model.mean).toHaveLength(FEATURES.length);
    for (const net of model.networks) expect(net.output.weights.length).toBe((net.hidden?.bias.length ?? 0) + FEATURES.length);
  });

  it("says how it was trained: data hash, split, seed, figures", () => {
    const { trainedOn } = committed();
    expect(trainedOn?.dataSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(String(trainedOn?.split)).toContain("held out");
    expect(typeof trainedOn?.seed).toBe("number");
    expect(trainedOn?.figures).toBeTruthy();
  });

  it("records the abstention threshold it uses, and how its no-answer rate splits by the ranker's best sentence", () => {
    const model = committed();
    const abstention = model.trainedOn?.abstention as {
      threshold: number;
      atThreshold: Record<string, { unanswerable_answered: number; answerable_no_answer: number; no_answer_best_right: number }>;
    };
    expect(abstention.threshold).toBe(model.abstain.threshold);
    const parts = Object.values(abstention.atThreshold);
    expect(parts.length).toBeGreaterThan(0);
    for (const figures of parts) {
      expect(figures.no_answer_best_right).toBeGreaterThanOrEqual(0);
      expect(figures.no_answer_best_right).toBeLessThanOrEqual(figures.answerable_no_answer);
    }
  });

  it("loads, and scores a sentence that covers the question above one that does not", () => {
    const ranker = new SentenceRanker(loadDefaultModel());
    const x = (values: Partial<Record<(typeof FEATURES)[number], number>>) => Float64Array.from(FEATURES, (f) => values[f] ?? 0);
    const full = {
      cov: 1,
      covUnion: 1,
      covWindow: 1,
      covArticle: 1,
      bigram: 1,
      bigramArticle: 1,
      lcs: 0.8,
      covLocal: 1,
      bigramLocal: 1,
      retrieval: 1,
      retrievalTop: 1,
      retrievalRank: 1,
      covContent: 1,
      anchorHere: 1,
    };
    const weak = { covArticle: 1, bigramArticle: 1, retrieval: 1, retrievalTop: 1, retrievalRank: 1, position: 1, first: 1 };
    expect(ranker.score(x(full))).toBeGreaterThan(ranker.score(x(weak)));
  });

  it("refuses a model whose features differ from the engine's", () => {
    const model = committed();
    expect(() => checkModel({ ...model, features: [...model.features].reverse() })).toThrow(ModelMismatchError);
    expect(() => checkModel({ ...model, features: model.features.slice(1) })).toThrow(ModelMismatchError);
    expect(() => checkModel({ ...model, abstain: { ...model.abstain, features: [] } })).toThrow(ModelMismatchError);
    expect(() => checkModel({ ...model, networks: [] })).toThrow(ModelMismatchError);
    expect(checkModel(model)).toBe(model);
  });
});
