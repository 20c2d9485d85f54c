import { describe, expect, it } from 'vitest';
import { parseProxyHeader } from '@bucketftp/protocol';
import { encodeProxyV2 } from './proxy-v2-encode.js';

describe('encodeProxyV2', () => {
  it('writes a header the parser reads back: IPv4', () => {
    const header = encodeProxyV2({ address: '198.51.100.7', port: 50_123 }, { address: '10.1.2.3', port: 30_004 });
    expect(header).toHaveLength(16 + 12);
    expect(parseProxyHeader(header)).toEqual({
      status: 'ok',
      length: 28,
      header: { kind: 'proxied', version: 2, source: { address: '198.51.100.7', port: 50_123 }, destination: { address: '10.1.2.3', port: 30_004 } },
    });
  });

  it('writes IPv6, and an IPv4 address beside an IPv6 one IPv4-mapped', () => {
    const six = parseProxyHeader(encodeProxyV2({ address: '2001:db8::7', port: 1 }, { address: 'fd00::1:2', port: 30_000 }));
    expect(six).toMatchObject({ status: 'ok', length: 52, header: { source: { address: '2001:db8::7' }, destination: { address: 'fd00::1:2', port: 30_000 } } });
    const mixed = parseProxyHeader(encodeProxyV2({ address: '2001:db8::7', port: 1 }, { address: '10.0.0.1', port: 30_000 }));
    expect(mixed).toMatchObject({ status: 'ok', header: { source: { address: '2001:db8::7' }, destination: { address: '10.0.0.1' } } });
  });

  it('refuses what is not an IP address', () => {
    expect(() => encodeProxyV2({ address: 'example.com', port: 1 }, { address: '10.0.0.1', port: 2 })).toThrow(/not an IP address/);
  });
});
