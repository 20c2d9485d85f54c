import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('STRU', () => {
  it('accepts File structure only (RFC 959 §3.1.2)', async () => {
    const context = new FakeContext();
    expect((await context.sendOne('STRU F')).code).toBe(200);
    expect((await context.sendOne('STRU R')).code).toBe(504);
    expect((await context.sendOne('STRU P')).code).toBe(504);
    expect((await context.sendOne('STRU')).code).toBe(501);
  });
});
