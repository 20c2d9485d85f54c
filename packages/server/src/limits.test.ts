/** Connection limits, the pre-login command limit and address bans, over real sockets. */
import { afterEach, describe, expect, it } from 'vitest';
import type { LoginRequest } from './auth.js';
import type { RefusalEvent } from './observer.js';
import { ControlClient } from '@bucketftp/server/testing';
import { recordingLogger, type LogEntry } from './testing/recording-logger.js';
import { startTestServer, type TestServer, type TestServerOptions } from './testing/test-server.js';

let running: TestServer | undefined;
let refusals: RefusalEvent[];
let bans: { address: string; failures: number; durationMs: number }[];
let log: LogEntry[];

async function serve(options: TestServerOptions = {}): Promise<TestServer> {
  refusals = [];
  bans = [];
  log = [];
  running = await startTestServer({
    logger: recordingLogger(log),
    observer: { refused: (event) => refusals.push(event), addressBanned: (event) => bans.push(event) },
    ...options,
  });
  return running;
}

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Connects and expects to be turned away before any greeting: one 421 reply, then the close. */
async function expectRefused(server: TestServer, localAddress?: string): Promise<string> {
  const client = await ControlClient.connect({ port: server.port, localAddress });
  const reply = await client.reply();
  expect(reply.code).toBe(421);
  await client.closed;
  expect(client.finished).toBe(true);
  return reply.text;
}

async function failLogin(client: ControlClient): Promise<number> {
  await client.command('USER alice');
  return (await client.command('PASS wrong')).code;
}

describe('maxConnectionsPerAddress', () => {
  it('answers 421 to one connection too many from an address; other addresses are still served', async () => {
    const server = await serve({ limits: { maxConnectionsPerAddress: 2 } });
    const first = await server.connect();
    await server.connect();
    expect(await expectRefused(server)).toMatch(/from your address/);
    expect(refusals).toEqual([{ sid: undefined, remoteAddress: '127.0.0.1', user: undefined, reason: 'max-connections-per-address' }]);
    await server.connect({ localAddress: '127.0.0.2' });
    await first.command('QUIT');
    await first.closed;
    await waitFor(() => server.server.sessionCount === 2);
    expect((await (await server.connect()).command('NOOP')).code).toBe(200);
  });
});

describe('sessions per user', () => {
  it('limits.maxConnectionsPerUser: a second login is answered 421 and closed; the slot frees on QUIT', async () => {
    const server = await serve({ limits: { maxConnectionsPerUser: 1 } });
    const first = await server.login();
    const second = await server.connect();
    await second.command('USER alice');
    expect((await second.command('PASS secret')).code).toBe(421);
    await second.closed;
    expect(refusals.map((event) => [event.reason, event.user])).toEqual([['max-connections-per-user', 'alice']]);
    await first.command('QUIT');
    await first.closed;
    await waitFor(() => server.server.sessionCount === 0);
    const again = await server.login();
    expect((await again.command('PWD')).code).toBe(257);
  });

  it('UserAccount.maxConnections takes precedence, and REIN gives the slot back', async () => {
    const server = await serve({ maxConnections: 1, limits: { maxConnectionsPerUser: 5 } });
    const first = await server.login();
    const second = await server.connect();
    await second.command('USER alice');
    expect((await second.command('PASS secret')).code).toBe(421);
    expect((await first.command('REIN')).code).toBe(220);
    const third = await server.login();
    expect((await third.command('PWD')).code).toBe(257);
  });
});

describe('maxCommandsBeforeLogin', () => {
  it('closes a connection that sends too many lines without logging in, garbage included', async () => {
    const server = await serve({ limits: { maxCommandsBeforeLogin: 4 } });
    const client = await server.connect();
    expect((await client.command('SYST')).code).toBe(215);
    expect((await client.command('NOOP')).code).toBe(200);
    expect((await client.command('\u0001\u0002')).code).toBe(500);
    expect((await client.command('FEAT')).code).toBe(211);
    expect((await client.command('HELP')).code).toBe(421);
    await client.closed;
    expect(refusals.map((event) => event.reason)).toEqual(['commands-before-login']);
  });

  it('does not count commands after the login', async () => {
    const server = await serve({ limits: { maxCommandsBeforeLogin: 3 } });
    const client = await server.login();
    for (let i = 0; i < 10; i++) expect((await client.command('NOOP')).code).toBe(200);
  });
});

describe('bans after repeated failed logins (RFC 2577 §5)', () => {
  const banOptions = { maxFailures: 3, windowMs: 60_000, durationMs: 60_000 };

  it('bans an address after maxFailures failures over several connections, logs it and reports it', async () => {
    const server = await serve({ bans: banOptions, limits: { maxLoginFailures: 2 } });
    const first = await server.connect();
    expect(await failLogin(first)).toBe(530);
    expect(await failLogin(first)).toBe(421); // maxLoginFailures ends this connection
    const second = await server.connect();
    const reply = await (async () => {
      await second.command('USER alice');
      return await second.command('PASS wrong');
    })();
    expect(reply.code).toBe(421);
    expect(reply.text).toMatch(/from your address/);
    await second.closed;
    expect(bans).toEqual([{ address: '127.0.0.1', failures: 3, durationMs: 60_000 }]);
    expect(log).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'address banned after repeated failed logins', fields: expect.objectContaining({ address: '127.0.0.1' }) }),
    );
    // New connections from the banned address are refused before the greeting, even with the right password.
    expect(await expectRefused(server)).toMatch(/failed logins/);
    expect(refusals.map((event) => event.reason)).toEqual(['login-failures', 'banned', 'banned']);
    // Other addresses are not affected.
    const other = await server.connect({ localAddress: '127.0.0.2' });
    await other.login();
  });

  it('a session opened before the ban cannot log in afterwards', async () => {
    const server = await serve({ bans: banOptions });
    const early = await server.connect();
    const attacker = await server.connect();
    for (let i = 0; i < 2; i++) expect(await failLogin(attacker)).toBe(530);
    expect(await failLogin(attacker)).toBe(421);
    await early.command('USER alice');
    expect((await early.command('PASS secret')).code).toBe(421);
    await early.closed;
  });

  it('an identity backend that fails answers 421 and closes (fail closed), without counting a failure', async () => {
    const requests: LoginRequest[] = [];
    let down = true;
    const server = await serve({
      bans: { ...banOptions, maxFailures: 1 },
      beforeAuthenticate: (request) => {
        requests.push(request);
        if (down) throw new Error('hook unreachable');
      },
    });
    for (let i = 0; i < 2; i++) {
      const client = await server.connect();
      await client.command('USER alice');
      const reply = await client.command('PASS secret');
      expect(reply.code).toBe(421);
      expect(reply.text).toMatch(/unavailable/);
      await client.closed;
    }
    expect(bans).toEqual([]);
    expect(log).toContainEqual(expect.objectContaining({ level: 'error', message: 'login refused: the identity backend is unavailable' }));
    expect(JSON.stringify(log)).not.toContain('secret');
    down = false;
    await (await server.connect()).login();
    expect(requests.at(-1)).toMatchObject({ username: 'alice', remoteAddress: '127.0.0.1', localAddress: '127.0.0.1', secured: false });
  });

  it('never bans exempt addresses', async () => {
    const server = await serve({ bans: { ...banOptions, exempt: ['127.0.0.0/8'] }, limits: { maxLoginFailures: 10 } });
    const client = await server.connect();
    for (let i = 0; i < 5; i++) expect(await failLogin(client)).toBe(530);
    await client.login();
    expect(bans).toEqual([]);
  });
});

describe('slow clients (slowloris)', () => {
  /** Writes one byte every 100 ms (never a line end) until the server closes the connection; at most 10 s. */
  async function dribble(client: ControlClient): Promise<void> {
    let open = true;
    void client.closed.then(() => (open = false));
    for (let i = 0; open && i < 100; i++) {
      client.write('N');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('limits.commandLineTimeoutMs: a line still unfinished that long after its first byte is answered 421 and closed', async () => {
    const server = await serve({ limits: { commandLineTimeoutMs: 500, loginTimeoutMs: 0 } });
    const client = await server.connect();
    await dribble(client);
    const reply = await client.reply();
    expect(reply.code).toBe(421);
    expect(reply.text).toMatch(/Command line not completed/);
    await client.closed;
    expect(client.finished).toBe(true);
    expect(refusals.map((event) => event.reason)).toEqual(['command-line-timeout']);
  });

  it('limits.commandLineTimeoutMs: a line split over packets, and pauses between complete lines, are fine', async () => {
    const server = await serve({ limits: { commandLineTimeoutMs: 400, loginTimeoutMs: 0 } });
    const client = await server.connect();
    client.write('NO');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await client.command('OP')).code).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await client.command('NOOP')).code).toBe(200);
    expect(refusals).toEqual([]);
  });

  it('limits.loginTimeoutMs: a client that keeps talking without logging in is answered 421 and closed', async () => {
    const server = await serve({ limits: { loginTimeoutMs: 500, maxCommandsBeforeLogin: 0 } });
    const client = await server.connect();
    let last = await client.command('NOOP');
    for (let i = 0; i < 100 && last.code === 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      last = await client.command('NOOP');
    }
    expect(last.code).toBe(421);
    expect(last.text).toMatch(/No login within/);
    await client.closed;
    expect(refusals.map((event) => event.reason)).toEqual(['login-timeout']);
  });

  it('limits.loginTimeoutMs: stops at a successful login and starts again after REIN', async () => {
    const server = await serve({ limits: { loginTimeoutMs: 500 } });
    const client = await server.login();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await client.command('NOOP')).code).toBe(200);
    expect((await client.command('REIN')).code).toBe(220);
    await client.closed;
    expect(refusals.map((event) => event.reason)).toEqual(['login-timeout']);
  });

  it('maxConnectionsPerAddress is 50 by default', async () => {
    const server = await serve({ limits: {} });
    for (let i = 0; i < 50; i++) await server.connect();
    expect(await expectRefused(server)).toMatch(/from your address/);
    await server.connect({ localAddress: '127.0.0.2' });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
