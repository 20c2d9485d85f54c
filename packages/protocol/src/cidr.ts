/**
 * Address blocks in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`, or one address) for the lists of
 * trusted proxies and addresses exempt from bans. IPv4-mapped IPv6 addresses match IPv4 blocks.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { normalizeAddress } from './hostport.js';

export interface AddressBlock {
  readonly family: 4 | 6;
  /** The network address as a big integer (32 or 128 bits). */
  readonly network: bigint;
  readonly prefixLength: number;
}

/** Parses `address[/prefix]`; throws a RangeError naming the bad entry (configuration errors surface early). */
export function parseAddressBlock(text: string): AddressBlock {
  const [addressText = '', prefixText, ...extra] = text.trim().split('/');
  const address = normalizeAddress(addressText);
  const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : undefined;
  if (family === undefined || extra.length > 0) throw new RangeError(`not an address or CIDR block: ${JSON.stringify(text)}`);
  const bits = family === 4 ? 32 : 128;
  const prefixLength = prefixText === undefined ? bits : Number(prefixText);
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) throw new RangeError(`bad prefix length in ${JSON.stringify(text)}`);
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > bits) {
    throw new RangeError(`prefix length out of range in ${JSON.stringify(text)}`);
  }
  return { family, network: toBigInt(address) & mask(bits, prefixLength), prefixLength };
}

/** Whether `address` lies in `block`. Anything that is not an IP address matches nothing. */
export function blockContains(block: AddressBlock, address: string): boolean {
  const normalized = normalizeAddress(address);
  const family = isIPv4(normalized) ? 4 : isIPv6(normalized) ? 6 : undefined;
  if (family !== block.family) return false;
  const bits = family === 4 ? 32 : 128;
  return (toBigInt(normalized) & mask(bits, block.prefixLength)) === block.network;
}

/** A list of blocks, parsed once; `has(address)` is true when any block contains it. */
export class AddressList {
  private readonly blocks: readonly AddressBlock[];

  constructor(entries: readonly string[]) {
    this.blocks = entries.map(parseAddressBlock);
  }

  get size(): number {
    return this.blocks.length;
  }

  has(address: string): boolean {
    return this.blocks.some((block) => blockContains(block, address));
  }
}

function mask(bits: number, prefixLength: number): bigint {
  if (prefixLength === 0) return 0n;
  const all = (1n << BigInt(bits)) - 1n;
  return (all >> BigInt(bits - prefixLength)) << BigInt(bits - prefixLength);
}

function toBigInt(address: string): bigint {
  if (isIPv4(address)) return address.split('.').reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
  const zoneless = address.split('%')[0] ?? address;
  const [head = '', tail] = zoneless.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? left : [...left, ...new Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return all.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}
