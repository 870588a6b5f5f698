/** A progress bar on stderr: redrawn in place on a terminal, a line per quarter otherwise. */
export class ProgressBar {
  private lastQuarter = -1;
  private lastDraw = 0;
  private readonly tty = Boolean(process.stderr.isTTY);
  private active = false;

  constructor(
    private readonly label: string,
    private readonly enabled = true,
  ) {}

  update(done: number, total: number): void {
    if (!this.enabled || total <= 0) return;
    const share = Math.min(1, done / total);
    if (this.tty) {
      const now = performance.now();
      if (now - this.lastDraw < 100 && done < total) return;
      this.lastDraw = now;
      const width = 30;
      const filled = Math.round(share * width);
      process.stderr.write(
        `\r${this.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${done}/${total}`,
      );
      this.active = true;
    } else {
      const quarter = Math.floor(share * 4);
      if (quarter > this.lastQuarter) {
        this.lastQuarter = quarter;
        process.stderr.write(`${this.label}: ${(share * 100).toFixed(0)}% (${done}/${total})\n`);
      }
    }
  }

  /** End the bar's line (a status message may follow on stderr). */
  done(message?: string): void {
    if (!this.enabled) return;
    if (this.tty && this.active) process.stderr.write("\r\u001b[K");
    this.active = false;
    if (message) process.stderr.write(`${this.label}: ${message}\n`);
  }
}

/** A status line on stderr (only when progress is shown). */
export function status(enabled: boolean, message: string): void {
  if (enabled) process.stderr.write(`bench: ${message}\n`);
}
