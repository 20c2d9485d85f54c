/**
 * Bandwidth limits of one process (so, per replica): a token bucket per user and direction, shared
 * by all of that user's sessions, and a server-wide bucket per direction. A chunk passes both.
 */
import type { UserAccount } from '../auth.js';
import { Throttle } from '../data/throttle.js';
import { TokenBucket, type Clock } from './token-bucket.js';

export type Direction = 'upload' | 'download';

/** Bytes per second; 0 = unlimited. */
export type Rates = Readonly<Record<Direction, number>>;

interface Shared {
  readonly bucket: TokenBucket;
  /** Transfers using the bucket now; it is forgotten at zero, so idle users cost nothing. */
  holders: number;
}

export class Bandwidth {
  private readonly server: Readonly<Record<Direction, TokenBucket | undefined>>;
  private readonly users = new Map<string, Shared>();

  constructor(
    serverRates: Rates,
    private readonly clock?: Clock,
  ) {
    this.server = {
      upload: serverRates.upload > 0 ? new TokenBucket(serverRates.upload, clock) : undefined,
      download: serverRates.download > 0 ? new TokenBucket(serverRates.download, clock) : undefined,
    };
  }

  /** User buckets held now (tests, diagnostics). */
  get userBuckets(): number {
    return this.users.size;
  }

  /** The stage limiting one file transfer of `account`, by its own limits and the server's. */
  forAccount(direction: Direction, account: Pick<UserAccount, 'username' | 'limits'>): Throttle | undefined {
    const limits = account.limits;
    const own = direction === 'upload' ? limits?.uploadBytesPerSecond : limits?.downloadBytesPerSecond;
    return this.throttle(direction, account.username, own ?? 0);
  }

  /**
   * The stage limiting one file transfer of `username`, whose own limit is `userRate` (0 = none),
   * or undefined when nothing limits it: then there is no stage at all.
   */
  throttle(direction: Direction, username: string, userRate: number): Throttle | undefined {
    const buckets: TokenBucket[] = [];
    let release = (): void => undefined;
    if (userRate > 0) {
      const key = `${direction}:${username}`;
      let shared = this.users.get(key);
      if (!shared) {
        shared = { bucket: new TokenBucket(userRate, this.clock), holders: 0 };
        this.users.set(key, shared);
      }
      // A reloaded users file may have changed the limit; the sessions share the newest.
      shared.bucket.setRate(userRate);
      shared.holders += 1;
      buckets.push(shared.bucket);
      const held = shared;
      release = () => {
        held.holders -= 1;
        if (held.holders === 0 && this.users.get(key) === held) this.users.delete(key);
      };
    }
    const server = this.server[direction];
    if (server) buckets.push(server);
    if (buckets.length === 0) return undefined;
    return new Throttle(buckets, release);
  }
}
