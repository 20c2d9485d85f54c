/**
 * Writes a PROXY protocol v2 header (haproxy.org proxy-protocol.txt §2.2) for a relayed TCP
 * connection: the 12-byte signature, version 2 / command PROXY, TCP over IPv4 or IPv6, then source
 * and destination addresses and ports. Both addresses share one family (§2.2), so an IPv4 address
 * next to an IPv6 one is written IPv4-mapped (RFC 4291 §2.5.5.2).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { normalizeAddress, PROXY_V2_SIGNATURE, type ProxyEndpoint } from '@bucketftp/protocol';

const VERSION_2_PROXY = 0x21;
const TCP_OVER_IPV4 = 0x11;
const TCP_OVER_IPV6 = 0x21;

export function encodeProxyV2(source: ProxyEndpoint, destination: ProxyEndpoint): Buffer {
  const from = normalizeAddress(source.address);
  const to = normalizeAddress(destination.address);
  for (const address of [from, to]) {
    if (!isIPv4(address) && !isIPv6(address)) throw new RangeError(`not an IP address: ${address}`);
  }
  const six = !(isIPv4(from) && isIPv4(to));
  const size = six ? 16 : 4;
  const block = Buffer.alloc(2 * size + 4);
  writeAddress(block, 0, from, six);
  writeAddress(block, size, to, six);
  block.writeUInt16BE(source.port, 2 * size);
  block.writeUInt16BE(destination.port, 2 * size + 2);
  const fixed = Buffer.from([VERSION_2_PROXY, six ? TCP_OVER_IPV6 : TCP_OVER_IPV4, 0, 0]);
  fixed.writeUInt16BE(block.length, 2);
  return Buffer.concat([PROXY_V2_SIGNATURE, fixed, block]);
}

function writeAddress(target: Buffer, at: number, address: string, six: boolean): void {
  if (!six) {
    address.split('.').forEach((part, i) => target.writeUInt8(Number(part), at + i));
    return;
  }
  const groups = isIPv4(address) ? ipv4Mapped(address) : expandIPv6(address);
  groups.forEach((group, i) => target.writeUInt16BE(group, at + 2 * i));
}

function ipv4Mapped(address: string): number[] {
  const [a = 0, b = 0, c = 0, d = 0] = address.split('.').map(Number);
  return [0, 0, 0, 0, 0, 0xffff, (a << 8) | b, (c << 8) | d];
}

function expandIPv6(address: string): number[] {
  const zoneless = address.split('%')[0] ?? address;
  const [head = '', tail] = zoneless.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  if (tail === undefined) return left;
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
