import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.js';
import { checkConcurrency, PasswordVerifier } from './password-verifier.js';

const FAST = { ln: 10, r: 8, p: 1 };

describe('PasswordVerifier', () => {
  it('accepts the right password and refuses others, also after a success was cached', async () => {
    const hash = await hashPassword('right', FAST);
    const verifier = new PasswordVerifier();
    expect(await verifier.verify('right', hash)).toBe(true);
    expect(await verifier.verify('right', hash)).toBe(true);
    expect(await verifier.verify('wrong', hash)).toBe(false);
    expect(await verifier.verify('right ', hash)).toBe(false);
  });

  it('does not accept a cached password against another hash (a changed password)', async () => {
    const verifier = new PasswordVerifier();
    const before = await hashPassword('old', FAST);
    const after = await hashPassword('new', FAST);
    expect(await verifier.verify('old', before)).toBe(true);
    expect(await verifier.verify('old', after)).toBe(false);
  });

  it('runs scrypt once for repeated good logins, every time for bad ones, and again after the cache lifetime', async () => {
    let clock = 0;
    let checks = 0;
    const counting = async (password: string, hash: string) => {
      checks += 1;
      return await verifyPassword(password, hash);
    };
    const verifier = new PasswordVerifier(() => clock, counting);
    const hash = await hashPassword('pw', FAST);
    for (let i = 0; i < 5; i++) expect(await verifier.verify('pw', hash)).toBe(true);
    expect(checks).toBe(1);
    for (let i = 0; i < 3; i++) expect(await verifier.verify('nope', hash)).toBe(false);
    expect(checks).toBe(4);
    clock += 61_000;
    expect(await verifier.verify('pw', hash)).toBe(true);
    expect(checks).toBe(5);
  });

  it('answers a burst of identical logins with one scrypt check, not one each', async () => {
    let checks = 0;
    const counting = async (password: string, hash: string) => {
      checks += 1;
      return await verifyPassword(password, hash);
    };
    const verifier = new PasswordVerifier(Date.now, counting);
    const hash = await hashPassword('same', FAST);
    const results = await Promise.all(Array.from({ length: 50 }, () => verifier.verify('same', hash)));
    expect(results.every(Boolean)).toBe(true);
    expect(checks).toBe(1);
  });

  it('runs at most the configured number of checks at once', async () => {
    let running = 0;
    let peak = 0;
    const slow = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return false;
    };
    const verifier = new PasswordVerifier(Date.now, slow, 3);
    await Promise.all(Array.from({ length: 10 }, (_, i) => verifier.verify(`guess ${i}`, 'y')));
    expect(peak).toBe(3);
  });

  it('runs one check per core, leaving a thread of the libuv pool free', () => {
    expect(checkConcurrency(2, 4)).toBe(2);
    expect(checkConcurrency(16, 4)).toBe(3);
    expect(checkConcurrency(16, 64)).toBe(16);
    expect(checkConcurrency(1, 1)).toBe(1);
  });

  it('answers a burst of concurrent logins correctly', async () => {
    const verifier = new PasswordVerifier();
    const hash = await hashPassword('burst', FAST);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => verifier.verify(i % 2 === 0 ? 'burst' : 'guess', hash)));
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i % 2 === 0));
  });
});
