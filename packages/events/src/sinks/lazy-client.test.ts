import { describe, expect, it } from 'vitest';
import { LazyClient } from './lazy-client.js';

describe('LazyClient', () => {
  it('makes the client on the first get, once', async () => {
    let made = 0;
    const lazy = new LazyClient(async () => ({ id: ++made }));
    expect(made).toBe(0);
    const [first, second] = await Promise.all([lazy.get(), lazy.get()]);
    expect(first).toBe(second);
    expect(made).toBe(1);
  });

  it('tries again after a failed attempt', async () => {
    let attempts = 0;
    const lazy = new LazyClient(async () => {
      attempts++;
      if (attempts === 1) throw new Error('module not found');
      return 'client';
    });
    await expect(lazy.get()).rejects.toThrow('module not found');
    await expect(lazy.get()).resolves.toBe('client');
    expect(attempts).toBe(2);
  });

  it('closes a client that was made, and nothing when none was', async () => {
    const closed: string[] = [];
    const unused = new LazyClient(async () => 'never');
    await unused.close((client) => void closed.push(client));
    expect(closed).toEqual([]);
    const used = new LazyClient(async () => 'client');
    await used.get();
    await used.close((client) => void closed.push(client));
    expect(closed).toEqual(['client']);
  });
});
