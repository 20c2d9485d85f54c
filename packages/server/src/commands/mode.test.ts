import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('MODE', () => {
  it('accepts Stream mode only (RFC 959 §3.4)', async () => {
    const context = new FakeContext();
    expect((await context.sendOne('MODE S')).code).toBe(200);
    expect((await context.sendOne('MODE s')).code).toBe(200);
    expect((await context.sendOne('MODE B')).code).toBe(504);
    expect((await context.sendOne('MODE C')).code).toBe(504);
    expect((await context.sendOne('MODE')).code).toBe(501);
  });
});
