import { describe, expect, it } from 'vitest';
import { parseCidr, sourceFilter } from './source-filter.js';

describe('allowedSources blocks', () => {
  it.each([
    ['10.0.0.0/8', { address: '10.0.0.0', prefix: 8, family: 'ipv4' }],
    ['192.0.2.7', { address: '192.0.2.7', prefix: 32, family: 'ipv4' }],
    ['::1/128', { address: '::1', prefix: 128, family: 'ipv6' }],
    ['2001:db8::/32', { address: '2001:db8::', prefix: 32, family: 'ipv6' }],
  ])('parses %s', (text, expected) => {
    expect(parseCidr(text)).toEqual(expected);
  });

  it.each(['10.0.0.0/33', '::1/129', 'example.com', '10.0.0.0/', '10.0.0.0/8/8', '10.0.0.0/-1', '', '300.1.1.1'])('refuses %j', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it('matches IPv4, IPv6 and IPv4-mapped client addresses', () => {
    const allowed = sourceFilter(['10.0.0.0/8', '192.0.2.7/32', '::1/128']);
    expect(allowed('10.200.3.4')).toBe(true);
    expect(allowed('192.0.2.7')).toBe(true);
    expect(allowed('192.0.2.8')).toBe(false);
    expect(allowed('::1')).toBe(true);
    expect(allowed('::2')).toBe(false);
    expect(allowed('::ffff:10.1.1.1')).toBe(true);
    expect(allowed('11.0.0.1')).toBe(false);
    expect(allowed('not-an-address')).toBe(false);
  });
});
