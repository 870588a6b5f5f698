/**
 * The learned models of answer selection, as trained by `npm run train:ranker` (src/eval/train-ranker.ts)
 * and committed in ranker-model.json:
 *  - the sentence ranker: standardized features → one hidden tanh layer (or none) plus a linear
 *    part → a score, averaged over a few networks trained from different seeds (an ensemble
 *    varies less); a question's candidates compete in a softmax over these scores;
 *  - the abstention model: a logistic regression (with or without a hidden tanh layer) over
 *    question-level features of the best candidates, giving the probability that the corpus answers the question at all.
 * Loading checks that the model lists exactly the features the engine computes, in order.
 */
import trained from "./ranker-model.json" with { type: "json" };
import { FEATURES } from "./features.js";
import { ABSTAIN_FEATURES } from "./abstain.js";
import { NetworkKernel } from "./network-kernel.js";

export interface LinearLayer {
  /** Rows: outputs; columns: inputs. */
  weights: number[][];
  bias: number[];
}

export interface RankerModel {
  version: 1;
  /** Feature names, in the order of the engine's vectors. */
  features: string[];
  /** Standardization: z = (x − mean) / scale. */
  mean: number[];
  scale: number[];
  /** The networks whose scores are averaged. */
  networks: Network[];
  /** The window share chosen with the model (see AnswerOptions.windowShare). */
  windowShare?: number;
  abstain: AbstainModel;
  /** Provenance: data hash, split, seed, figures reached, date (informative only). */
  trainedOn?: Record<string, unknown>;
}

export interface Network {
  /** Hidden layer (tanh), or null for a linear model. */
  hidden: LinearLayer | null;
  /** Output weights over [hidden units…, standardized inputs…] and a bias. */
  output: { weights: number[]; bias: number };
}

export interface AbstainModel {
  features: string[];
  mean: number[];
  scale: number[];
  /** Tanh units over the standardized features (absent: a logistic regression). */
  hidden?: LinearLayer;
  /** Output weights over [hidden units…, standardized features…]. */
  weights: number[];
  bias: number;
  /** Answer only when the probability that the corpus answers is at least this. */
  threshold: number;
}

export class ModelMismatchError extends Error {
  constructor(message: string) {
    super(`ranker model: ${message} (retrain with npm run train:ranker)`);
    this.name = "ModelMismatchError";
  }
}

/** Throw unless the model's feature lists and shapes match what the engine computes. */
export function checkModel(model: RankerModel): RankerModel {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (model.version !== 1) throw new ModelMismatchError(`unknown version ${String(model.version)}`);
  if (!same(model.features, FEATURES)) throw new ModelMismatchError("its sentence features differ from the engine's");
  if (!same(model.abstain.features, ABSTAIN_FEATURES)) throw new ModelMismatchError("its abstention features differ from the engine's");
  const d = FEATURES.length;
  if (model.mean.length !== d || model.scale.length !== d) throw new ModelMismatchError("standardization has the wrong length");
  if (!Array.isArray(model.networks) || model.networks.length === 0) throw new ModelMismatchError("it has no networks");
  for (const net of model.networks) {
    const h = net.hidden?.bias.length ?? 0;
    if (net.hidden && net.hidden.weights.some((row) => row.length !== d))
      throw new ModelMismatchError("a hidden layer has the wrong width");
    if (net.output.weights.length !== h + d) throw new ModelMismatchError("an output layer has the wrong width");
  }
  const a = ABSTAIN_FEATURES.length;
  const ah = model.abstain.hidden;
  if (model.abstain.weights.length !== a + (ah?.bias.length ?? 0) || model.abstain.mean.length !== a || model.abstain.scale.length !== a) {
    throw new ModelMismatchError("abstention model has the wrong width");
  }
  if (ah && ah.weights.some((row) => row.length !== a)) throw new ModelMismatchError("abstention hidden layer has the wrong width");
  return model;
}

/** The committed model (checked once, on first use). */
let defaultModel: RankerModel | undefined;
export function loadDefaultModel(): RankerModel {
  return (defaultModel ??= checkModel(trained as unknown as RankerModel));
}

/** A model ready to score: weights as typed arrays. */
export class SentenceRanker {
  private readonly mean: Float64Array;
  private readonly invScale: Float64Array;
  private readonly nets: NetworkKernel[];
  private readonly z: Float64Array;
  private readonly z2: Float64Array;
  private readonly pair = new Float64Array(2);

  constructor(readonly model: RankerModel) {
    this.mean = Float64Array.from(model.mean);
    this.invScale = Float64Array.from(model.scale, (s) => (s > 0 ? 1 / s : 0));
    this.nets = model.networks.map((n) => new NetworkKernel(n, model.features.length));
    this.z = new Float64Array(model.features.length);
    this.z2 = new Float64Array(model.features.length);
  }

  /** score(xa) into into[0] and score(xb) into into[1] (the same values, faster than two calls). */
  scorePair(xa: ArrayLike<number>, xb: ArrayLike<number>, into: Float64Array): void {
    const { z, z2, mean, invScale, pair } = this;
    const d = z.length;
    for (let i = 0; i < d; i++) {
      z[i] = (xa[i] - mean[i]) * invScale[i];
      z2[i] = (xb[i] - mean[i]) * invScale[i];
    }
    let ta = 0;
    let tb = 0;
    for (const net of this.nets) {
      net.scorePair(z, z2, pair);
      ta += pair[0];
      tb += pair[1];
    }
    into[0] = ta / this.nets.length;
    into[1] = tb / this.nets.length;
  }

  score(x: ArrayLike<number>): number {
    const { z, mean, invScale } = this;
    const d = z.length;
    for (let i = 0; i < d; i++) z[i] = (x[i] - mean[i]) * invScale[i];
    let total = 0;
    for (const net of this.nets) total += net.score(z);
    return total / this.nets.length;
  }

  /** Probability that the corpus answers the question, from its question-level features. */
  answerable(x: Float64Array): number {
    const m = this.model.abstain;
    const z = Float64Array.from(x, (v, i) => (v - m.mean[i]) / (m.scale[i] || 1));
    const h = m.hidden?.bias.length ?? 0;
    let a = m.bias;
    for (let j = 0; j < h; j++) {
      const row = m.hidden!.weights[j];
      let u = m.hidden!.bias[j];
      for (let i = 0; i < z.length; i++) u += row[i] * z[i];
      a += m.weights[j] * Math.tanh(u);
    }
    for (let i = 0; i < z.length; i++) a += m.weights[h + i] * z[i];
    return 1 / (1 + Math.exp(-a));
  }
}
