import { describe, expect, it } from 'vitest';
import { DEFAULT_BANS } from '../options.js';
import { BanList } from './ban-list.js';

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

describe('BanList', () => {
  const options = { ...DEFAULT_BANS, maxFailures: 3, windowMs: 60_000, durationMs: 300_000 };

  it('bans an address at the maxFailures-th failure within the window, for durationMs', () => {
    const time = clock();
    const bans = new BanList(options, time.now);
    expect(bans.recordFailure('192.0.2.1')).toBe(false);
    expect(bans.recordFailure('192.0.2.1')).toBe(false);
    expect(bans.isBanned('192.0.2.1')).toBe(false);
    expect(bans.recordFailure('192.0.2.1')).toBe(true);
    expect(bans.isBanned('192.0.2.1')).toBe(true);
    expect(bans.isBanned('192.0.2.2')).toBe(false);
    time.advance(299_999);
    expect(bans.isBanned('192.0.2.1')).toBe(true);
    time.advance(1);
    expect(bans.isBanned('192.0.2.1')).toBe(false);
  });

  it('forgets failures older than the window', () => {
    const time = clock();
    const bans = new BanList(options, time.now);
    bans.recordFailure('192.0.2.1');
    bans.recordFailure('192.0.2.1');
    time.advance(60_001);
    expect(bans.recordFailure('192.0.2.1')).toBe(false);
    expect(bans.recordFailure('192.0.2.1')).toBe(false);
    expect(bans.recordFailure('192.0.2.1')).toBe(true);
  });

  it('treats spellings of one address as one (IPv4-mapped IPv6)', () => {
    const bans = new BanList(options, clock().now);
    bans.recordFailure('::ffff:192.0.2.9');
    bans.recordFailure('192.0.2.9');
    expect(bans.recordFailure('::FFFF:192.0.2.9')).toBe(true);
    expect(bans.isBanned('192.0.2.9')).toBe(true);
  });

  it('never bans exempt addresses, and bans nobody when maxFailures is 0', () => {
    const exempt = new BanList({ ...options, exempt: ['10.0.0.0/8'] }, clock().now);
    const off = new BanList({ ...options, maxFailures: 0 }, clock().now);
    for (let i = 0; i < 10; i++) {
      exempt.recordFailure('10.1.2.3');
      off.recordFailure('192.0.2.1');
    }
    expect(exempt.isBanned('10.1.2.3')).toBe(false);
    expect(off.isBanned('192.0.2.1')).toBe(false);
  });

  it('tracks at most maxTracked addresses, forgetting the least recently seen', () => {
    const bans = new BanList({ ...options, maxTracked: 2 }, clock().now);
    bans.recordFailure('192.0.2.1');
    bans.recordFailure('192.0.2.1');
    bans.recordFailure('192.0.2.2');
    bans.recordFailure('192.0.2.3'); // 192.0.2.1 is forgotten
    expect(bans.recordFailure('192.0.2.1')).toBe(false);
    expect(bans.recordFailure('192.0.2.1')).toBe(false);
    expect(bans.recordFailure('192.0.2.1')).toBe(true);
  });
});
