/**
 * One of the ranker's networks, packed for scoring: hidden weights in one row-major Float64Array,
 * evaluated four hidden units at a time. Each unit still adds its inputs in the same order as a
 * plain row-by-row loop, so the score is bit-for-bit the same; the four running sums are
 * independent, so the CPU overlaps them instead of waiting on one chain of additions (about twice
 * as fast: the ranker scores every candidate sentence of every question).
 */
import type { Network } from "./ranker.js";

/** Hidden units evaluated together (four sums fit in registers with room to spare). */
const LANES = 4;

export class NetworkKernel {
  private readonly weights: Float64Array;
  private readonly bias: Float64Array;
  /** Output weights over [hidden units…, standardized inputs…]. */
  private readonly out: Float64Array;
  private readonly outBias: number;
  private readonly hidden: number;

  constructor(
    network: Network,
    private readonly inputs: number,
  ) {
    const rows = network.hidden?.weights ?? [];
    this.hidden = rows.length;
    this.weights = new Float64Array(this.hidden * inputs);
    rows.forEach((row, j) => this.weights.set(row, j * inputs));
    this.bias = Float64Array.from(network.hidden?.bias ?? []);
    this.out = Float64Array.from(network.output.weights);
    this.outBias = network.output.bias;
  }

  /** The network's score of standardized inputs `z`. */
  score(z: Float64Array): number {
    const { weights: w, bias, out, hidden: h, inputs: d } = this;
    let s = this.outBias;
    let j = 0;
    for (; j + LANES <= h; j += LANES) {
      let a0 = bias[j];
      let a1 = bias[j + 1];
      let a2 = bias[j + 2];
      let a3 = bias[j + 3];
      const r0 = j * d;
      const r1 = r0 + d;
      const r2 = r1 + d;
      const r3 = r2 + d;
      for (let i = 0; i < d; i++) {
        const zi = z[i];
        a0 += w[r0 + i] * zi;
        a1 += w[r1 + i] * zi;
        a2 += w[r2 + i] * zi;
        a3 += w[r3 + i] * zi;
      }
      s += out[j] * Math.tanh(a0);
      s += out[j + 1] * Math.tanh(a1);
      s += out[j + 2] * Math.tanh(a2);
      s += out[j + 3] * Math.tanh(a3);
    }
    for (; j < h; j++) {
      let a = bias[j];
      const r = j * d;
      for (let i = 0; i < d; i++) a += w[r + i] * z[i];
      s += out[j] * Math.tanh(a);
    }
    for (let i = 0; i < d; i++) s += out[h + i] * z[i];
    return s;
  }

  /**
   * score(za) into into[0] and score(zb) into into[1], each bit-for-bit the same: one pass over the
   * weights serves both (each weight loaded once for two sums), about 1.6× faster a candidate.
   */
  scorePair(za: Float64Array, zb: Float64Array, into: Float64Array): void {
    const { weights: w, bias, out, hidden: h, inputs: d } = this;
    let sa = this.outBias;
    let sb = this.outBias;
    let j = 0;
    for (; j + LANES <= h; j += LANES) {
      let a0 = bias[j];
      let a1 = bias[j + 1];
      let a2 = bias[j + 2];
      let a3 = bias[j + 3];
      let b0 = a0;
      let b1 = a1;
      let b2 = a2;
      let b3 = a3;
      const r0 = j * d;
      const r1 = r0 + d;
      const r2 = r1 + d;
      const r3 = r2 + d;
      for (let i = 0; i < d; i++) {
        const x = za[i];
        const y = zb[i];
        const w0 = w[r0 + i];
        const w1 = w[r1 + i];
        const w2 = w[r2 + i];
        const w3 = w[r3 + i];
        a0 += w0 * x;
        b0 += w0 * y;
        a1 += w1 * x;
        b1 += w1 * y;
        a2 += w2 * x;
        b2 += w2 * y;
        a3 += w3 * x;
        b3 += w3 * y;
      }
      sa += out[j] * Math.tanh(a0);
      sa += out[j + 1] * Math.tanh(a1);
      sa += out[j + 2] * Math.tanh(a2);
      sa += out[j + 3] * Math.tanh(a3);
      sb += out[j] * Math.tanh(b0);
      sb += out[j + 1] * Math.tanh(b1);
      sb += out[j + 2] * Math.tanh(b2);
      sb += out[j + 3] * Math.tanh(b3);
    }
    for (; j < h; j++) {
      let a = bias[j];
      let b = bias[j];
      const r = j * d;
      for (let i = 0; i < d; i++) {
        a += w[r + i] * za[i];
        b += w[r + i] * zb[i];
      }
      sa += out[j] * Math.tanh(a);
      sb += out[j] * Math.tanh(b);
    }
    for (let i = 0; i < d; i++) {
      sa += out[h + i] * za[i];
      sb += out[h + i] * zb[i];
    }
    into[0] = sa;
    into[1] = sb;
  }
}
