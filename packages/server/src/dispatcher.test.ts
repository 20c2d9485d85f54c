import { describe, expect, it } from 'vitest';
import { MemoryDriver, StorageError } from '@bucketftp/storage';
import { commandTable } from './commands/index.js';
import { FakeContext } from './testing/fake-context.js';
import { putFile } from './testing/files.js';

/** A syntactically fine argument for each verb, so only the rule under test can refuse it. */
const SAMPLE_ARGS: Record<string, string> = {
  PORT: '127,0,0,1,200,10',
  EPRT: '|1|127.0.0.1|51210|',
  TYPE: 'I',
  MODE: 'S',
  STRU: 'F',
  REST: '0',
  ALLO: '10',
  OPTS: 'UTF8 ON',
  SITE: 'HELP',
};

describe('dispatch', () => {
  it('answers 500 to an unknown command (RFC 959 §4.2)', async () => {
    expect(await new FakeContext().sendOne('FROBNICA x')).toMatchObject({ code: 500, lines: ['Command "FROBNICA" not understood.'] });
  });

  it('answers 530 to every command that needs a login, before running it', async () => {
    const needLogin = commandTable.specs.filter((spec) => spec.auth);
    expect(needLogin.length).toBeGreaterThan(30);
    for (const spec of needLogin) {
      const context = new FakeContext({ loggedIn: false });
      const arg = spec.arg === 'none' ? '' : (SAMPLE_ARGS[spec.name] ?? 'x');
      const replies = await context.send(`${spec.name} ${arg}`.trim());
      expect(replies.map((reply) => reply.code), spec.name).toEqual([530]);
      expect(context.transfers.started, spec.name).toHaveLength(0);
      expect(context.data.calls, spec.name).toHaveLength(0);
    }
  });

  it('lets the commands that need no login through', async () => {
    const open = commandTable.specs.filter((spec) => !spec.auth).map((spec) => spec.name);
    expect(open.sort()).toEqual(['ACCT', 'AUTH', 'CCC', 'FEAT', 'HELP', 'NOOP', 'OPTS', 'PASS', 'PBSZ', 'PROT', 'QUIT', 'REIN', 'STAT', 'SYST', 'USER']);
  });

  it('answers 501 to an argument given to a verb that takes none, and to a missing one', async () => {
    for (const spec of commandTable.specs) {
      if (spec.arg === 'optional') continue;
      const context = new FakeContext();
      const line = spec.arg === 'none' ? `${spec.name} extra` : spec.name;
      expect((await context.sendOne(line)).code, line).toBe(501);
    }
  });

  it('answers 550 to a read-only account for every command that changes something', async () => {
    const context = new FakeContext({ permissions: ['list', 'read'] });
    await context.storage.mkdir('/d');
    await putFile(context.storage, '/f', 'content');
    for (const line of ['STOR f', 'APPE f', 'STOU', 'DELE f', 'MKD m', 'RMD d', 'RNFR f']) {
      expect((await context.sendOne(line)).code, line).toBe(550);
    }
    expect(context.transfers.started).toHaveLength(0);
    expect((await context.storage.stat('/f')).size).toBe(7);
    expect((await context.storage.stat('/d')).type).toBe('dir');
  });

  it('checks RNTO against the rename permission too', async () => {
    const context = new FakeContext({ permissions: ['list', 'read'] });
    context.state.renameFrom = '/f';
    expect((await context.sendOne('RNTO g')).code).toBe(550);
  });

  it('turns storage errors into replies without backend text', async () => {
    class FailingDriver extends MemoryDriver {
      override async mkdir(): Promise<void> {
        throw new StorageError('unavailable', 'backend said: connection refused to 10.0.0.1');
      }
      override async delete(): Promise<void> {
        throw new Error('socket hang up at s3.internal');
      }
    }
    const context = new FakeContext({ storage: new FailingDriver() });
    const unavailable = await context.sendOne('MKD a');
    expect(unavailable.code).toBe(451);
    expect(unavailable.lines.join(' ')).not.toMatch(/refused|10\.0\.0\.1/);
    const unexpected = await context.sendOne('DELE a');
    expect(unexpected).toMatchObject({ code: 451, lines: ['Requested action aborted: local error in processing.'] });
  });

  it('answers 501 to an unusable path', async () => {
    expect((await new FakeContext().sendOne('CWD a\u0000b')).code).toBe(501);
  });
});
