/** PROXY protocol headers as a load balancer sends them (haproxy.org proxy-protocol.txt §2.1, §2.2), for tests. */
import { isIPv6 } from 'node:net';
import { PROXY_V2_SIGNATURE } from '@bucketftp/protocol';

export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

const SERVER: Endpoint = { address: '127.0.0.1', port: 21 };

export function proxyV1(source: Endpoint, destination: Endpoint = SERVER): Buffer {
  const family = isIPv6(source.address) ? 'TCP6' : 'TCP4';
  const target = family === 'TCP6' && !isIPv6(destination.address) ? { address: '::1', port: destination.port } : destination;
  return Buffer.from(`PROXY ${family} ${source.address} ${target.address} ${source.port} ${target.port}\r\n`, 'latin1');
}

export function proxyV2(source: Endpoint, destination: Endpoint = SERVER): Buffer {
  const six = isIPv6(source.address);
  const target = six && !isIPv6(destination.address) ? { address: '::1', port: destination.port } : destination;
  const block = Buffer.concat([addressBytes(source.address, six), addressBytes(target.address, six), Buffer.alloc(4)]);
  block.writeUInt16BE(source.port, block.length - 4);
  block.writeUInt16BE(target.port, block.length - 2);
  return Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([0x21, six ? 0x21 : 0x11, 0, block.length]), block]);
}

/** v2 LOCAL: a health check by the proxy itself. */
export function proxyV2Local(): Buffer {
  return Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([0x20, 0x00, 0, 0])]);
}

function addressBytes(address: string, six: boolean): Buffer {
  if (!six) return Buffer.from(address.split('.').map(Number));
  const [head = '', tail = ''] = address.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = groups(head);
  const right = groups(tail);
  const all = address.includes('::') ? [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right] : left;
  const bytes = Buffer.alloc(16);
  all.forEach((group, i) => bytes.writeUInt16BE(group, i * 2));
  return bytes;
}
