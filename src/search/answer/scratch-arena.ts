/**
 * Zeroed typed arrays for one call's working state, carved out of a few large buffers. A typed
 * array of more than 64 bytes gets a backing store of its own outside the JS heap, about 1.5–3 µs
 * to allocate and again to collect; describing an article's sentences needs a dozen or more of
 * them, for a dozen articles per question. A view of a buffer costs a tenth of that.
 *
 * A view is valid until the next reset(): nothing carved from an arena may outlive the call that
 * reset it (copy what must be kept).
 */

/** First buffer sizes (elements); a buffer doubles when a call needs more. */
const INITIAL_FLOAT64 = 1 << 13;
const INITIAL_UINT8 = 1 << 13;

export class ScratchArena {
  private f64 = new Float64Array(INITIAL_FLOAT64);
  private f64Used = 0;
  private u8 = new Uint8Array(INITIAL_UINT8);
  private u8Used = 0;

  /** Start a new call: every view handed out before may now be overwritten. */
  reset(): void {
    this.f64Used = 0;
    this.u8Used = 0;
  }

  /** `n` zeros. */
  float64(n: number): Float64Array {
    if (this.f64Used + n > this.f64.length) {
      // Views already handed out keep the old buffer; this call goes on in a larger one.
      this.f64 = new Float64Array(Math.max(2 * this.f64.length, 2 * n));
      this.f64Used = 0;
    }
    const view = this.f64.subarray(this.f64Used, this.f64Used + n);
    this.f64Used += n;
    return view.fill(0);
  }

  /** `n` zeros. */
  uint8(n: number): Uint8Array {
    if (this.u8Used + n > this.u8.length) {
      this.u8 = new Uint8Array(Math.max(2 * this.u8.length, 2 * n));
      this.u8Used = 0;
    }
    const view = this.u8.subarray(this.u8Used, this.u8Used + n);
    this.u8Used += n;
    return view.fill(0);
  }
}
