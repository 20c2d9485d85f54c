import { describe, expect, it } from 'vitest';
import { AddressList, blockContains, parseAddressBlock } from './cidr.js';

describe('parseAddressBlock / blockContains', () => {
  it('matches IPv4 blocks of every prefix length', () => {
    const block = parseAddressBlock('10.1.0.0/16');
    expect(blockContains(block, '10.1.255.7')).toBe(true);
    expect(blockContains(block, '10.2.0.1')).toBe(false);
    expect(blockContains(parseAddressBlock('0.0.0.0/0'), '203.0.113.9')).toBe(true);
    expect(blockContains(parseAddressBlock('192.0.2.1'), '192.0.2.1')).toBe(true);
    expect(blockContains(parseAddressBlock('192.0.2.1'), '192.0.2.2')).toBe(false);
    expect(blockContains(parseAddressBlock('127.0.0.0/8'), '127.0.0.2')).toBe(true);
  });

  it('masks host bits given in the network address', () => {
    expect(blockContains(parseAddressBlock('10.1.2.3/8'), '10.200.0.1')).toBe(true);
  });

  it('matches IPv6 blocks, and IPv4-mapped addresses against IPv4 blocks', () => {
    const block = parseAddressBlock('2001:db8::/32');
    expect(blockContains(block, '2001:DB8:ffff::1')).toBe(true);
    expect(blockContains(block, '2001:db9::1')).toBe(false);
    expect(blockContains(parseAddressBlock('::1/128'), '::1')).toBe(true);
    expect(blockContains(parseAddressBlock('127.0.0.0/8'), '::ffff:127.0.0.5')).toBe(true);
    expect(blockContains(parseAddressBlock('::/0'), '127.0.0.1')).toBe(false);
  });

  it('matches nothing for text that is not an address', () => {
    expect(blockContains(parseAddressBlock('0.0.0.0/0'), 'localhost')).toBe(false);
    expect(blockContains(parseAddressBlock('0.0.0.0/0'), '')).toBe(false);
  });

  it.each(['', 'localhost', '10.0.0.0/33', '::/129', '10.0.0.0/-1', '10.0.0.0/8/8', '10.0.0.0/x', '10.0.0/8'])('refuses %j', (text) => {
    expect(() => parseAddressBlock(text)).toThrow(RangeError);
  });
});

describe('AddressList', () => {
  it('is true when any block contains the address', () => {
    const list = new AddressList(['10.0.0.0/8', '::1', '192.0.2.128/25']);
    expect(list.size).toBe(3);
    expect(list.has('10.9.9.9')).toBe(true);
    expect(list.has('::1')).toBe(true);
    expect(list.has('192.0.2.200')).toBe(true);
    expect(list.has('192.0.2.100')).toBe(false);
    expect(new AddressList([]).has('10.0.0.1')).toBe(false);
  });
});
