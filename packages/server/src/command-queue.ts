/**
 * The order a session answers in. Queued items run one at a time, the next only when the previous
 * one is done (replies stay in order, backpressure comes for free). While a transfer runs, commands
 * marked `duringTransfer` (ABOR, STAT, QUIT, NOOP) run at once; everything else waits until the
 * transfer and those commands have finished.
 */
import type { ParsedCommand } from '@bucketftp/protocol';
import type { Transfers } from './context.js';

/** A command, or the error reply to a line that was not one (kept in order with the commands). */
export type QueueItem =
  | { readonly kind: 'command'; readonly command: ParsedCommand }
  | { readonly kind: 'error'; readonly code: number; readonly text: string };

export interface CommandQueueDeps {
  /** limits.maxPendingCommands: more waiting items than this calls `overflow` instead. */
  readonly maxPending: number;
  readonly transfers: Pick<Transfers, 'current' | 'idle'>;
  /** The command table's `duringTransfer` flag of a verb. */
  duringTransfer(verb: string): boolean;
  execute(item: QueueItem): Promise<void>;
  overflow(): void;
  /** The session is closing: nothing more runs. */
  stopped(): boolean;
}

export class CommandQueue {
  private readonly items: QueueItem[] = [];
  /** Commands answered at once during a transfer that have not finished yet. */
  private readonly immediate = new Set<Promise<void>>();
  private pumping = false;

  constructor(private readonly deps: CommandQueueDeps) {}

  push(item: QueueItem): void {
    if (this.answeredAtOnce(item) && this.deps.transfers.current) {
      const task = this.deps.execute(item).finally(() => this.immediate.delete(task));
      this.immediate.add(task);
      return;
    }
    if (this.items.length >= this.deps.maxPending) {
      this.deps.overflow();
      return;
    }
    this.items.push(item);
    void this.pump();
  }

  /** Drops everything still waiting (the session closes, or AUTH TLS discards plaintext commands). */
  clear(): void {
    this.items.length = 0;
  }

  private answeredAtOnce(item: QueueItem): boolean {
    return item.kind === 'command' && this.deps.duringTransfer(item.command.verb);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.items.length > 0 && !this.deps.stopped()) {
        const item = this.items.shift()!;
        if (!this.answeredAtOnce(item)) await this.transfersSettled();
        await this.deps.execute(item);
      }
    } finally {
      this.pumping = false;
    }
  }

  /**
   * Waits for the running transfer and for the commands answered during it, so that e.g. ABOR's 426
   * and 226 always come before the reply to a command queued behind the transfer.
   */
  private async transfersSettled(): Promise<void> {
    while (this.deps.transfers.current || this.immediate.size > 0) {
      await this.deps.transfers.idle();
      await Promise.all(this.immediate);
    }
  }
}
