import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('TYPE', () => {
  it.each([
    ['A', 'ascii', 'Type set to A.'],
    ['A N', 'ascii', 'Type set to A.'],
    ['a  n', 'ascii', 'Type set to A.'],
    ['I', 'binary', 'Type set to I.'],
    ['L 8', 'binary', 'Type set to I.'],
  ])('TYPE %s → 200', async (arg, type, text) => {
    const context = new FakeContext();
    if (type === 'ascii') context.state.type = 'binary';
    expect(await context.sendOne(`TYPE ${arg}`)).toMatchObject({ code: 200, lines: [text] });
    expect(context.state.type).toBe(type);
  });

  it.each(['E', 'A T', 'L 7', 'X'])('TYPE %s → 504 and the type stays', async (arg) => {
    const context = new FakeContext();
    expect((await context.sendOne(`TYPE ${arg}`)).code).toBe(504);
    expect(context.state.type).toBe('ascii');
  });

  it('needs an argument', async () => {
    expect((await new FakeContext().sendOne('TYPE')).code).toBe(501);
  });
});
