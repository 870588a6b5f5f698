/**
 * The two learners behind `npm run train:ranker`, in plain TypeScript:
 *  - a listwise ranker: per question, a softmax over its candidates' scores, trained to put the
 *    probability on the candidates that hold a gold answer (−log of their summed probability);
 *    the scorer is one hidden tanh layer plus a linear part over standardized features;
 *  - a logistic regression (optionally with a hidden tanh layer), for the abstention model.
 * Both use Adam with L2, minibatches in a seeded order, so a run is reproducible.
 */

// The bench's seeded PRNG (mulberry32): one copy of it in the project.
import { prng } from "../bench/synthetic.js";

function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** One question's candidates: rows of features, which hold gold, and the question's weight in the loss. */
export interface Group {
  rows: Float32Array[];
  positive: boolean[];
  /** Rows that may be answers (the others only describe neighbours); all when absent. */
  eligible?: boolean[];
  weight: number;
}

/** The group reduced to its eligible rows. */
function eligibleOnly(g: Group): Group {
  if (!g.eligible) return g;
  const keep = g.rows.map((_, i) => i).filter((i) => g.eligible![i]);
  return { rows: keep.map((i) => g.rows[i]), positive: keep.map((i) => g.positive[i]), weight: g.weight };
}

export interface Standardization {
  mean: number[];
  scale: number[];
}

export function standardization(rows: Iterable<ArrayLike<number>>, width: number): Standardization {
  const sum = new Float64Array(width);
  const sq = new Float64Array(width);
  let n = 0;
  for (const row of rows) {
    n++;
    for (let i = 0; i < width; i++) {
      sum[i] += row[i];
      sq[i] += row[i] * row[i];
    }
  }
  const mean = Array.from(sum, (s) => (n > 0 ? s / n : 0));
  const scale = Array.from(sq, (s, i) => {
    const v = n > 0 ? s / n - mean[i] * mean[i] : 0;
    return v > 1e-12 ? Math.sqrt(v) : 1;
  });
  return { mean, scale };
}

class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  constructor(
    private readonly params: Float64Array,
    private readonly rate: number,
    private readonly l2: number,
    /** Parameters [0, decayTo) get L2; biases after it do not. */
    private readonly decayTo: number,
  ) {
    this.m = new Float64Array(params.length);
    this.v = new Float64Array(params.length);
  }
  step(grad: Float64Array): void {
    this.t++;
    const b1 = 0.9;
    const b2 = 0.999;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (let i = 0; i < this.params.length; i++) {
      const g = grad[i] + (i < this.decayTo ? this.l2 * this.params[i] : 0);
      this.m[i] = b1 * this.m[i] + (1 - b1) * g;
      this.v[i] = b2 * this.v[i] + (1 - b2) * g * g;
      this.params[i] -= (this.rate * (this.m[i] / c1)) / (Math.sqrt(this.v[i] / c2) + 1e-8);
    }
  }
}

export interface RankerTrainOptions {
  hidden: number;
  epochs: number;
  rate: number;
  l2: number;
  batch: number;
  seed: number;
  /** Called after each epoch with the parameters; return a value to maximize (validation), for early stopping. */
  validate?: (net: ListwiseNet) => number;
  log?: (line: string) => void;
}

/** Parameters laid out flat: W1 (H×D), w2 (H + D), b1 (H). */
export class ListwiseNet {
  readonly params: Float64Array;
  /** Epochs of training behind these parameters (the best validation epoch when early-stopped). */
  epochs = 0;
  constructor(
    readonly width: number,
    readonly hidden: number,
    readonly std: Standardization,
    params?: Float64Array,
  ) {
    this.params = params ?? new Float64Array(hidden * width + hidden + width + hidden);
  }
  get w1Offset(): number {
    return 0;
  }
  get w2Offset(): number {
    return this.hidden * this.width;
  }
  get b1Offset(): number {
    return this.hidden * this.width + this.hidden + this.width;
  }
  /** Standardized copy of a row. */
  z(row: ArrayLike<number>, out: Float64Array): Float64Array {
    for (let i = 0; i < this.width; i++) out[i] = (row[i] - this.std.mean[i]) / this.std.scale[i];
    return out;
  }
  score(row: ArrayLike<number>, z = new Float64Array(this.width), h = new Float64Array(this.hidden)): number {
    const { width: d, hidden: H, params: p } = this;
    this.z(row, z);
    let s = 0;
    for (let j = 0; j < H; j++) {
      let a = p[this.b1Offset + j];
      const base = j * d;
      for (let i = 0; i < d; i++) a += p[base + i] * z[i];
      h[j] = Math.tanh(a);
      s += p[this.w2Offset + j] * h[j];
    }
    for (let i = 0; i < d; i++) s += p[this.w2Offset + H + i] * z[i];
    return s;
  }
  clone(): ListwiseNet {
    return new ListwiseNet(this.width, this.hidden, this.std, this.params.slice());
  }
}

export function trainListwise(groups: Group[], width: number, std: Standardization, options: RankerTrainOptions): ListwiseNet {
  const rand = prng(options.seed);
  const net = new ListwiseNet(width, options.hidden, std);
  const { params } = net;
  const H = options.hidden;
  const d = width;
  // Small random hidden weights; the linear part starts at zero.
  for (let i = 0; i < H * d; i++) params[i] = (rand() - 0.5) * (2 / Math.sqrt(d));
  for (let j = 0; j < H; j++) params[net.w2Offset + j] = (rand() - 0.5) * 0.2;
  const adam = new Adam(params, options.rate, options.l2, net.b1Offset);
  const grad = new Float64Array(params.length);
  const usable = groups.map(eligibleOnly).filter((g) => g.rows.length >= 2 && g.positive.some(Boolean) && !g.positive.every(Boolean));
  let best = options.validate ? -Infinity : 0;
  let bestParams = params.slice();
  let bestEpoch = options.epochs;
  let stale = 0;
  let previous: number | undefined;
  const order = usable.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, rand);
    let loss = 0;
    let weightSum = 0;
    for (let start = 0; start < order.length; start += options.batch) {
      grad.fill(0);
      let batchWeight = 0;
      for (const gi of order.slice(start, start + options.batch)) {
        const g = usable[gi];
        batchWeight += g.weight;
        loss += g.weight * groupGradient(net, g, grad);
      }
      weightSum += batchWeight;
      if (batchWeight > 0) for (let i = 0; i < grad.length; i++) grad[i] /= batchWeight;
      adam.step(grad);
    }
    const score = options.validate?.(net);
    options.log?.(
      `epoch ${epoch + 1}: loss ${(loss / Math.max(weightSum, 1e-9)).toFixed(4)}${score !== undefined ? `, validation ${score.toFixed(4)}` : ""}`,
    );
    if (score !== undefined) {
      // Judged on the mean of this epoch and the one before (a single epoch's figure is noisy).
      const smoothed = previous === undefined ? score : (score + previous) / 2;
      previous = score;
      if (smoothed > best + 1e-9) {
        best = smoothed;
        bestParams = params.slice();
        bestEpoch = epoch + 1;
        stale = 0;
      } else if (++stale >= 5) break;
    }
  }
  if (options.validate) params.set(bestParams);
  net.epochs = bestEpoch;
  return net;
}

/** Add one question's gradient (times its weight) to `grad`; return its loss. */
function groupGradient(net: ListwiseNet, g: Group, grad: Float64Array): number {
  const { width: d, hidden: H, params: p } = net;
  const n = g.rows.length;
  const zs = g.rows.map(() => new Float64Array(d));
  const hs = g.rows.map(() => new Float64Array(H));
  const s = new Float64Array(n);
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    s[i] = net.score(g.rows[i], zs[i], hs[i]);
    if (s[i] > max) max = s[i];
  }
  let zAll = 0;
  let zPos = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(s[i] - max);
    zAll += e;
    if (g.positive[i]) zPos += e;
  }
  const loss = -Math.log(zPos / zAll);
  for (let i = 0; i < n; i++) {
    const e = Math.exp(s[i] - max);
    const ds = g.weight * (e / zAll - (g.positive[i] ? e / zPos : 0));
    if (ds === 0) continue;
    const z = zs[i];
    const h = hs[i];
    for (let k = 0; k < d; k++) grad[net.w2Offset + H + k] += ds * z[k];
    for (let j = 0; j < H; j++) {
      grad[net.w2Offset + j] += ds * h[j];
      const da = ds * p[net.w2Offset + j] * (1 - h[j] * h[j]);
      if (da === 0) continue;
      grad[net.b1Offset + j] += da;
      const base = j * d;
      for (let k = 0; k < d; k++) grad[base + k] += da * z[k];
    }
  }
  return loss;
}

export interface LogisticModel {
  std: Standardization;
  /** Tanh units before the output (absent: a plain logistic regression). */
  hidden?: { weights: number[][]; bias: number[] };
  /** Output weights over [hidden units…, standardized inputs…]. */
  weights: number[];
  bias: number;
}

export function logisticProbability(m: LogisticModel, x: ArrayLike<number>): number {
  const d = m.std.mean.length;
  const z = Float64Array.from({ length: d }, (_, i) => (x[i] - m.std.mean[i]) / m.std.scale[i]);
  const h = m.hidden?.bias.length ?? 0;
  let a = m.bias;
  for (let j = 0; j < h; j++) {
    let u = m.hidden!.bias[j];
    for (let i = 0; i < d; i++) u += m.hidden!.weights[j][i] * z[i];
    a += m.weights[j] * Math.tanh(u);
  }
  for (let i = 0; i < d; i++) a += m.weights[h + i] * z[i];
  return 1 / (1 + Math.exp(-a));
}

/**
 * A binary classifier by weighted cross-entropy, full batch: logistic regression, or with
 * `hidden` > 0 tanh units beside the linear part (the features interact: a high coverage means
 * little when the ranker's margin is small).
 */
export function trainLogistic(
  rows: Float64Array[],
  labels: number[],
  weights: number[],
  options: { epochs: number; rate: number; l2: number; hidden?: number; seed?: number },
): LogisticModel {
  const d = rows[0]?.length ?? 0;
  const h = options.hidden ?? 0;
  const std = standardization(rows, d);
  // Layout: hidden weights (h × d), output weights (h + d), then the biases: hidden (h), output.
  const W = h * d;
  const O = W;
  const HB = O + h + d;
  const OB = HB + h;
  const params = new Float64Array(OB + 1);
  const rand = prng(options.seed ?? 1);
  for (let i = 0; i < W; i++) params[i] = (rand() - 0.5) * (2 / Math.sqrt(d));
  const adam = new Adam(params, options.rate, options.l2, HB);
  const grad = new Float64Array(params.length);
  const zs = rows.map((r) => Float64Array.from(r, (v, i) => (v - std.mean[i]) / std.scale[i]));
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const act = new Float64Array(h);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    grad.fill(0);
    for (let n = 0; n < zs.length; n++) {
      const z = zs[n];
      let a = params[OB];
      for (let j = 0; j < h; j++) {
        let u = params[HB + j];
        for (let i = 0; i < d; i++) u += params[j * d + i] * z[i];
        act[j] = Math.tanh(u);
        a += params[O + j] * act[j];
      }
      for (let i = 0; i < d; i++) a += params[O + h + i] * z[i];
      const p = 1 / (1 + Math.exp(-a));
      const g = (weights[n] * (p - labels[n])) / total;
      for (let j = 0; j < h; j++) {
        grad[O + j] += g * act[j];
        const gu = g * params[O + j] * (1 - act[j] * act[j]);
        for (let i = 0; i < d; i++) grad[j * d + i] += gu * z[i];
        grad[HB + j] += gu;
      }
      for (let i = 0; i < d; i++) grad[O + h + i] += g * z[i];
      grad[OB] += g;
    }
    adam.step(grad);
  }
  return {
    std,
    ...(h > 0
      ? {
          hidden: {
            weights: Array.from({ length: h }, (_, j) => Array.from(params.subarray(j * d, (j + 1) * d))),
            bias: Array.from(params.subarray(HB, HB + h)),
          },
        }
      : {}),
    weights: Array.from(params.subarray(O, O + h + d)),
    bias: params[OB],
  };
}
