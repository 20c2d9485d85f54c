/**
 * Bounds one upload's memory and concurrency, and counts what it held (the peak is reported in
 * the upload's stats and asserted by the tests).
 *
 * - A part buffer of `n` bytes is reserved only when `held + n ≤ budgetBytes`, or when nothing is
 *   held (so a part bigger than the budget can still go, alone). Hence
 *       peak held bytes ≤ max(budgetBytes, largest part of the upload).
 * - At most `maxInFlight` parts upload at once; a full buffer waits for a free slot, and while it
 *   waits the writer pulls nothing from the source (backpressure).
 */
import { raceAbort } from './abort.js';

export class UploadWindow {
  #heldBytes = 0;
  #peakBytes = 0;
  #inFlight = 0;
  #wake: (() => void) | undefined;
  #changed: Promise<void>;

  constructor(
    readonly budgetBytes: number,
    readonly maxInFlight: number,
  ) {
    this.#changed = this.#nextChange();
  }

  get heldBytes(): number {
    return this.#heldBytes;
  }

  get peakBytes(): number {
    return this.#peakBytes;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Waits until `bytes` may be held, then holds them. */
  async reserve(bytes: number, signal: AbortSignal): Promise<void> {
    await this.#until(() => this.#heldBytes === 0 || this.#heldBytes + bytes <= this.budgetBytes, signal);
    this.#heldBytes += bytes;
    this.#peakBytes = Math.max(this.#peakBytes, this.#heldBytes);
  }

  release(bytes: number): void {
    this.#heldBytes -= bytes;
    this.#notify();
  }

  /** Waits for an upload slot, then takes it. */
  async beginUpload(signal: AbortSignal): Promise<void> {
    await this.#until(() => this.#inFlight < this.maxInFlight, signal);
    this.#inFlight += 1;
  }

  endUpload(): void {
    this.#inFlight -= 1;
    this.#notify();
  }

  async #until(condition: () => boolean, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    while (!condition()) await raceAbort(this.#changed, signal);
  }

  #nextChange(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#wake = resolve;
    });
  }

  #notify(): void {
    const wake = this.#wake;
    this.#changed = this.#nextChange();
    wake?.();
  }
}
