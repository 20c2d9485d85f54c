/**
 * `allowedSources`: the client addresses a user may log in from, as CIDR blocks (`10.0.0.0/8`,
 * `192.0.2.7/32`, `::1/128`; a bare address is a single host). Checked with node:net's BlockList,
 * which also matches IPv4-mapped IPv6 addresses against IPv4 blocks.
 */
import { BlockList, isIP } from 'node:net';

export interface CidrBlock {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/** The block `text` names, or undefined when it is not an address with an optional `/prefix`. */
export function parseCidr(text: string): CidrBlock | undefined {
  const [address = '', prefixText, ...rest] = text.split('/');
  const version = isIP(address);
  if (rest.length > 0 || version === 0) return undefined;
  const bits = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** A predicate telling whether a client address lies in one of `blocks` (each already checked by parseCidr). */
export function sourceFilter(blocks: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const text of blocks) {
    const block = parseCidr(text);
    if (!block) throw new RangeError(`not a CIDR block: ${text}`);
    list.addSubnet(block.address, block.prefix, block.family);
  }
  return (address) => {
    const version = isIP(address);
    return version !== 0 && list.check(address, version === 4 ? 'ipv4' : 'ipv6');
  };
}
