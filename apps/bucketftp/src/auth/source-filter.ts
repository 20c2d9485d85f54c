/**
 * `allowedSources`: the client addresses a user may log in from, as CIDR blocks (`10.0.0.0/8`,
 * `192.0.2.7/32`, `::1/128`; a bare address is a single host). Matched with the engine's AddressList,
 * which also matches IPv4-mapped IPv6 addresses against IPv4 blocks.
 */
import { AddressList } from '@bucketftp/protocol';

/** A predicate telling whether a client address lies in one of `blocks` (a RangeError names a bad block). */
export function sourceFilter(blocks: readonly string[]): (address: string) => boolean {
  const list = new AddressList(blocks);
  return (address) => list.has(address);
}
