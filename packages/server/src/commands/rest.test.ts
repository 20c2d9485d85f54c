import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('REST', () => {
  it('answers 350 and keeps the offset for the next transfer (RFC 3659 §5)', async () => {
    const context = new FakeContext();
    expect((await context.sendOne('REST 1048576')).code).toBe(350);
    expect(context.state.restOffset).toBe(1_048_576);
    expect((await context.sendOne('REST 0')).code).toBe(350);
    expect(context.state.restOffset).toBe(0);
  });

  it('answers 501 to anything but a non-negative number', async () => {
    const context = new FakeContext();
    for (const arg of ['abc', '-1', '1.5', '12abc', '']) {
      expect((await context.sendOne(`REST ${arg}`.trim())).code, arg).toBe(501);
    }
    expect(context.state.restOffset).toBe(0);
  });
});
