import { describe, expect, it } from 'vitest';
import { isAddressBlock } from '../config/address-blocks.js';
import { sourceFilter } from './source-filter.js';

describe('allowedSources blocks', () => {
  it.each(['10.0.0.0/8', '192.0.2.7', '::1/128', '2001:db8::/32'])('accepts %s', (text) => {
    expect(isAddressBlock(text)).toBe(true);
  });

  it.each(['10.0.0.0/33', '::1/129', 'example.com', '10.0.0.0/', '10.0.0.0/8/8', '10.0.0.0/-1', '', '300.1.1.1'])('refuses %j', (text) => {
    expect(isAddressBlock(text)).toBe(false);
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

  it('refuses to build a filter from a bad block', () => {
    expect(() => sourceFilter(['10.0.0.0/33'])).toThrow(RangeError);
  });
});
