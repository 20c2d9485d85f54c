/**
 * The stop functions of started resources, run last-registered first. A start-up registers each
 * resource the moment it has started, so a failed start unwinds exactly what was started so far, and
 * a stop unwinds everything — in both cases once, in reverse order of starting.
 */
export type StopFunction = () => Promise<void> | void;

export class ShutdownStack {
  private readonly entries: { readonly name: string; readonly stop: StopFunction }[] = [];
  private unwinding: Promise<void> | undefined;

  /** Resources registered and not yet stopped. */
  get size(): number {
    return this.entries.length;
  }

  /** Registers a resource that has just started; `name` is used in the error of a failed stop. */
  push(name: string, stop: StopFunction): void {
    if (this.unwinding) throw new Error(`${name} was registered after the shutdown began`);
    this.entries.push({ name, stop });
  }

  /**
   * Stops every registered resource, the last registered first, each after the one before has
   * settled. A failing stop does not keep the others from running: the promise rejects afterwards
   * with that error, or with an AggregateError naming each resource when several failed. Calling it
   * again returns the same promise.
   */
  unwind(): Promise<void> {
    this.unwinding ??= this.run();
    return this.unwinding;
  }

  private async run(): Promise<void> {
    const failures: { name: string; error: unknown }[] = [];
    for (let entry = this.entries.pop(); entry; entry = this.entries.pop()) {
      try {
        await entry.stop();
      } catch (error) {
        failures.push({ name: entry.name, error });
      }
    }
    if (failures.length === 1) throw failures[0]!.error;
    if (failures.length > 1) {
      throw new AggregateError(
        failures.map((failure) => failure.error),
        `stopping ${failures.map((failure) => failure.name).join(', ')} failed`,
      );
    }
  }
}
