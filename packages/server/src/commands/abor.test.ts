import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('ABOR', () => {
  it('with no transfer answers 225 and drops a prepared data connection (RFC 959 §4.1.3)', async () => {
    const context = new FakeContext();
    await context.send('PASV');
    expect((await context.sendOne('ABOR')).code).toBe(225);
    expect(context.data.calls).toEqual([{ op: 'listenPassive' }, { op: 'reset' }]);
  });

  it('aborts a running transfer and answers 226 after it', async () => {
    const context = new FakeContext();
    context.transfers.current = { command: 'RETR', path: '/f', bytes: 10, bufferedBytes: 0 };
    expect((await context.sendOne('ABOR')).code).toBe(226);
    expect(context.transfers.aborts).toBe(1);
  });

  it('takes no argument', async () => {
    expect((await new FakeContext().sendOne('ABOR now')).code).toBe(501);
  });
});
