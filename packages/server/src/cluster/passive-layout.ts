/**
 * The passive port range cut into equal, contiguous slices, one per replica: replica i announces
 * only ports of slice i, and a data connection on any port belongs to the replica whose slice holds
 * it. infra/terraform/modules/passive-layout computes the same slices; keep the two in step.
 */
import type { PortRange } from '../data/passive-ports.js';

export interface PortSlice {
  readonly replica: number;
  readonly min: number;
  readonly max: number;
}

export class PassiveLayout {
  readonly slices: readonly PortSlice[];
  private readonly perSlice: number;

  constructor(
    readonly range: PortRange,
    sliceCount: number,
  ) {
    const size = range.max - range.min + 1;
    if (!Number.isInteger(sliceCount) || sliceCount < 1) throw new RangeError(`cluster.slices must be a whole number ≥ 1, got ${sliceCount}`);
    if (!Number.isInteger(range.min) || !Number.isInteger(range.max) || size < 1) {
      throw new RangeError(`passive.portRange ${range.min}-${range.max} is not a range of ports`);
    }
    if (size % sliceCount !== 0) {
      throw new RangeError(`passive.portRange ${range.min}-${range.max} holds ${size} ports, which cannot be cut into ${sliceCount} equal slices`);
    }
    this.perSlice = size / sliceCount;
    this.slices = Array.from({ length: sliceCount }, (_, replica) => ({
      replica,
      min: range.min + replica * this.perSlice,
      max: range.min + (replica + 1) * this.perSlice - 1,
    }));
  }

  /** The replica whose slice holds `port`, or undefined outside the range. */
  ownerOf(port: number): number | undefined {
    if (!Number.isInteger(port) || port < this.range.min || port > this.range.max) return undefined;
    return Math.floor((port - this.range.min) / this.perSlice);
  }

  sliceOf(replica: number): PortSlice {
    const slice = this.slices[replica];
    if (!slice) throw new RangeError(`replica ${replica} has no slice: the layout has ${this.slices.length} (0-${this.slices.length - 1})`);
    return slice;
  }

  /** Every port of the range, in order. */
  ports(): number[] {
    return Array.from({ length: this.range.max - this.range.min + 1 }, (_, i) => this.range.min + i);
  }
}
