/**
 * A cloud SDK is large: importing the Pub/Sub client adds about 40 MiB to the process, each AWS
 * client about 18 MiB. A sink loads its SDK and makes its client on its first delivery, so a server
 * pays only for the sinks it has, and only once they have something to send.
 */
export class LazyClient<T> {
  #made: Promise<T> | undefined;

  constructor(private readonly make: () => Promise<T>) {}

  /** The client, made on the first call; a failed attempt is forgotten so the next one tries again. */
  get(): Promise<T> {
    this.#made ??= this.make().catch((error: unknown) => {
      this.#made = undefined;
      throw error;
    });
    return this.#made;
  }

  /** Closes the client if it was ever made. */
  async close(closeClient: (client: T) => void | Promise<void>): Promise<void> {
    const made = this.#made;
    this.#made = undefined;
    const client = await made?.catch(() => undefined);
    if (client !== undefined) await closeClient(client);
  }
}
