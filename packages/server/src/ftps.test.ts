/** FTPS over real sockets with Node's TLS client: explicit and implicit TLS, PROT P, session reuse, policies, reloads. */
import { once } from 'node:events';
import { constants } from 'node:crypto';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TlsFailureEvent, TlsHandshakeEvent } from './observer.js';
import type { TlsOptions } from './options.js';
import { createTestCertificate, sharedTestCertificate, type TestCertificate } from './testing/certificates.js';
import { ControlClient, downloadTls, openPassive, receiveAll, secureDataClient, secureLogin, sessionTicket, uploadTls } from '@bucketftp/server/testing';
import { patternBytes, putFile, readFile } from './testing/files.js';
import { startTestServer, type TestServer, type TestServerOptions } from './testing/test-server.js';

let certificate: TestCertificate;
let running: TestServer | undefined;
let handshakes: TlsHandshakeEvent[];
let failures: TlsFailureEvent[];

beforeAll(async () => {
  certificate = await sharedTestCertificate();
});

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function serve(tls: Partial<TlsOptions> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  handshakes = [];
  failures = [];
  running = await startTestServer({
    tls: { cert: certificate.cert, key: certificate.key, ...tls },
    observer: { tlsHandshake: (event) => handshakes.push(event), tlsHandshakeFailed: (event) => failures.push(event) },
    ...options,
  });
  return running;
}

function peerFingerprint(control: ControlClient): string {
  return (control.socket as TLSSocket).getPeerCertificate().fingerprint256;
}

describe('explicit FTPS (RFC 4217)', () => {
  it('announces AUTH TLS, PBSZ and PROT in FEAT', async () => {
    const server = await serve();
    const client = await server.connect();
    const feat = await client.command('FEAT');
    expect(feat.lines).toEqual(expect.arrayContaining([' AUTH TLS', ' PBSZ', ' PROT']));
  });

  it('AUTH TLS, login and PROT P transfers both ways byte-exact over TLS data connections', async () => {
    const server = await serve();
    const content = patternBytes(3 * 1024 * 1024 + 17, 4);
    const client = await server.connect();
    await secureLogin(client);
    expect(await uploadTls(client, 'STOR up.bin', content)).toBe(true);
    expect((await readFile(server.storage, '/up.bin')).equals(content)).toBe(true);
    const back = await downloadTls(client, 'RETR up.bin');
    expect(back.data.equals(content)).toBe(true);
    const listing = await downloadTls(client, 'NLST');
    expect(listing.data.toString()).toBe('up.bin\r\n');
    expect((await client.command('QUIT')).lines[0]).toBe(`221-You have transferred ${2 * content.length} bytes in 2 files.`);
  });

  it('the data connection resumes the control connection TLS session (RFC 4217 §10.2)', async () => {
    const server = await serve();
    await putFile(server.storage, '/f.txt', 'resumed');
    const client = await server.connect();
    await secureLogin(client);
    const transfer = await downloadTls(client, 'RETR f.txt');
    expect(transfer).toMatchObject({ resumed: true });
    expect(transfer.data.toString()).toBe('resumed');
    expect(handshakes.map(({ channel, resumed }) => ({ channel, resumed }))).toEqual([
      { channel: 'control', resumed: false },
      { channel: 'data', resumed: true },
    ]);
  });

  it('resumes TLS 1.2 sessions by session ID when the client takes no tickets', async () => {
    const server = await serve();
    await putFile(server.storage, '/f.txt', 'by id');
    const client = await ControlClient.connect({ port: server.port });
    await client.reply();
    const noTickets = { maxVersion: 'TLSv1.2', secureOptions: constants.SSL_OP_NO_TICKET } as const;
    const control = await client.startTls(noTickets);
    await client.login();
    await client.command('PBSZ 0');
    await client.command('PROT P');
    const plain = await openPassive(client);
    expect((await client.command('RETR f.txt')).code).toBe(150);
    const data = connectTls({ socket: plain, session: control.getSession(), rejectUnauthorized: false, ...noTickets });
    await once(data, 'secureConnect');
    const resumed = data.isSessionReused();
    expect((await receiveAll(data)).toString()).toBe('by id');
    expect((await client.reply()).code).toBe(226);
    expect(resumed).toBe(true);
    expect(handshakes.at(-1)).toMatchObject({ channel: 'data', protocol: 'TLSv1.2', resumed: true });
  });

  it('with requireDataSessionReuse, a data connection that does not resume is answered 425 after 150', async () => {
    const server = await serve({ requireDataSessionReuse: true });
    await putFile(server.storage, '/f.txt', 'reuse me');
    const client = await server.connect();
    await secureLogin(client);
    const plain = await openPassive(client);
    expect((await client.command('RETR f.txt')).code).toBe(150);
    const fresh = connectTls({ socket: plain, rejectUnauthorized: false });
    fresh.on('error', () => undefined);
    await once(fresh, 'close');
    expect((await client.reply()).code).toBe(425);
    expect(failures).toEqual([expect.objectContaining({ channel: 'data', reason: 'session-not-reused' })]);
    // The same session then transfers fine when it resumes.
    expect(await downloadTls(client, 'RETR f.txt')).toMatchObject({ resumed: true });
  });

  it('a PROT P upload whose connection is reset answers 426 and keeps the previous file (discard)', async () => {
    const server = await serve();
    await putFile(server.storage, '/keep.bin', 'original content');
    const client = await server.connect();
    await secureLogin(client);
    const plain = await openPassive(client);
    plain.on('error', () => undefined);
    expect((await client.command('STOR keep.bin')).code).toBe(150);
    const secure = await secureDataClient(plain, client.tlsSession);
    secure.on('error', () => undefined);
    secure.write(patternBytes(200_000, 9));
    await waitForUploadProgress(client, 100_000);
    plain.resetAndDestroy();
    expect((await client.reply()).code).toBe(426);
    expect((await readFile(server.storage, '/keep.bin')).toString()).toBe('original content');
    expect((await client.command('NOOP')).code).toBe(200);
  });

  it('keeps plain data connections under PROT C after AUTH TLS', async () => {
    const server = await serve();
    await putFile(server.storage, '/f.txt', 'clear data');
    const client = await server.connect();
    await client.startTls();
    await client.login();
    const plain = await openPassive(client);
    const received = receiveAll(plain);
    expect((await client.command('RETR f.txt')).code).toBe(150);
    expect((await received).toString()).toBe('clear data');
    expect((await client.reply()).code).toBe(226);
  });

  it('answers 425 when the client does not complete the data TLS handshake in time', async () => {
    const server = await serve({ handshakeTimeoutMs: 200 });
    await putFile(server.storage, '/f.txt', 'x');
    const client = await server.connect();
    await secureLogin(client);
    const plain = await openPassive(client);
    plain.on('error', () => undefined);
    expect((await client.command('RETR f.txt')).code).toBe(150);
    expect((await client.reply()).code).toBe(425);
    expect(failures).toEqual([expect.objectContaining({ channel: 'data', reason: 'timeout' })]);
    expect((await client.command('NOOP')).code).toBe(200);
  });

  it('ends the session when the control handshake fails, and keeps serving others', async () => {
    const server = await serve();
    const broken = await server.connect();
    expect((await broken.command('AUTH TLS')).code).toBe(234);
    broken.write('this is not a TLS ClientHello\r\n');
    await broken.closed;
    expect(failures).toEqual([expect.objectContaining({ channel: 'control' })]);
    const other = await server.connect();
    await secureLogin(other);
    expect((await other.command('PWD')).code).toBe(257);
  });

  it('drops commands pipelined in the clear behind AUTH TLS instead of running them under TLS', async () => {
    const server = await serve();
    const client = await server.connect();
    client.write('AUTH TLS\r\nUSER alice\r\nPASS secret\r\n');
    expect((await client.reply()).code).toBe(234);
    const plain = client.socket;
    plain.removeAllListeners('data');
    const secure = connectTls({ socket: plain, rejectUnauthorized: false });
    await once(secure, 'secureConnect');
    const replies: string[] = [];
    secure.on('data', (chunk: Buffer) => replies.push(chunk.toString()));
    secure.write('PWD\r\n');
    await new Promise<void>((resolve) => secure.once('data', () => resolve()));
    expect(replies.join('')).toMatch(/^530 /);
    secure.destroy();
  });

  it('refuses CCC (534) and a second AUTH (503)', async () => {
    const server = await serve();
    const client = await server.connect();
    await client.startTls();
    expect((await client.command('CCC')).code).toBe(534);
    expect((await client.command('AUTH TLS')).code).toBe(503);
    await client.login();
  });

  it('answers AUTH with 502 when TLS is not configured', async () => {
    running = await startTestServer();
    const client = await running.connect();
    expect((await client.command('AUTH TLS')).code).toBe(502);
    const feat = await client.command('FEAT');
    expect(feat.lines.filter((line) => /AUTH|PBSZ|PROT/.test(line))).toEqual([]);
  });

  it('refuses clients below minVersion', async () => {
    const server = await serve({ minVersion: 'TLSv1.3' });
    const client = await server.connect();
    await expect(client.startTls({ maxVersion: 'TLSv1.2' })).rejects.toThrow();
    await client.closed;
    expect(failures).toEqual([expect.objectContaining({ channel: 'control' })]);
    const modern = await server.connect();
    const secure = await modern.startTls();
    expect(secure.getProtocol()).toBe('TLSv1.3');
  });
});

describe('TLS policies', () => {
  it('requireTlsForLogin: USER is refused with 530 on a plain connection, accepted after AUTH TLS', async () => {
    const server = await serve({ requireTlsForLogin: true });
    const client = await server.connect();
    expect((await client.command('USER alice')).code).toBe(530);
    expect((await client.command('PASS secret')).code).toBe(503);
    await client.startTls();
    await client.login();
  });

  it('an account with requireTls cannot log in over a plain connection (530), but can over TLS', async () => {
    const server = await serve({}, { requireTls: true });
    const plain = await server.connect();
    await plain.command('USER alice');
    expect((await plain.command('PASS secret')).code).toBe(530);
    expect((await plain.command('PWD')).code).toBe(530);
    const secure = await server.connect();
    await secure.startTls();
    await secure.login();
  });

  it('requireProtectedData: PROT C is refused with 534, and a transfer without PROT P with 521', async () => {
    const server = await serve({ requireProtectedData: true });
    await putFile(server.storage, '/f.txt', 'secret data');
    const client = await server.connect();
    await client.startTls();
    await client.login();
    await openPassive(client);
    expect((await client.command('RETR f.txt')).code).toBe(521);
    expect((await client.command('PBSZ 0')).code).toBe(200);
    expect((await client.command('PROT C')).code).toBe(534);
    expect((await client.command('PROT P')).code).toBe(200);
    await sessionTicket(client);
    expect((await downloadTls(client, 'RETR f.txt')).data.toString()).toBe('secret data');
  });
});

describe('implicit FTPS', () => {
  it('speaks TLS from the first byte and protects data connections by default', async () => {
    const server = await serve({}, { implicitTls: true });
    await putFile(server.storage, '/f.txt', 'implicit');
    const client = await server.connect({ implicitTls: true });
    expect((client.socket as TLSSocket).encrypted).toBe(true);
    await client.login();
    await client.command('TYPE I');
    await sessionTicket(client);
    // No PBSZ/PROT sent: PROT P is in effect from the start.
    const transfer = await downloadTls(client, 'RETR f.txt');
    expect(transfer).toMatchObject({ resumed: true });
    expect(transfer.data.toString()).toBe('implicit');
    expect((await client.command('AUTH TLS')).code).toBe(503);
  });

  it('closes a connection that does not speak TLS on the implicit port', async () => {
    const server = await serve({ handshakeTimeoutMs: 5000 }, { implicitTls: true });
    const client = await ControlClient.connect({ port: server.implicitPort });
    client.write('USER alice\r\n');
    await client.closed;
    expect(client.finished).toBe(true);
    expect(failures).toEqual([expect.objectContaining({ channel: 'control', sid: undefined })]);
  });

  it('closes a connection that never starts the handshake after handshakeTimeoutMs', async () => {
    const server = await serve({ handshakeTimeoutMs: 150 }, { implicitTls: true });
    const client = await ControlClient.connect({ port: server.implicitPort });
    await client.closed;
    expect(failures).toEqual([expect.objectContaining({ reason: 'timeout' })]);
  });
});

describe('setTlsCredentials', () => {
  it('serves new handshakes with the new certificate; older sessions keep resuming', async () => {
    const server = await serve();
    await putFile(server.storage, '/f.txt', 'reloaded');
    const before = await server.connect();
    await secureLogin(before);
    expect(peerFingerprint(before)).toBe(certificate.fingerprint);

    const next = await createTestCertificate('bucketftp reloaded');
    server.server.setTlsCredentials({ cert: next.cert, key: next.key });

    const after = await server.connect();
    await after.startTls();
    expect(peerFingerprint(after)).toBe(next.fingerprint);
    expect(await downloadTls(before, 'RETR f.txt')).toMatchObject({ resumed: true });
  });

  it('throws on unusable credentials and keeps the old ones', async () => {
    const server = await serve();
    expect(() => server.server.setTlsCredentials({ cert: 'not a certificate', key: certificate.key })).toThrow();
    const client = await server.connect();
    await client.startTls();
    expect(peerFingerprint(client)).toBe(certificate.fingerprint);
  });

  it('throws when TLS was never configured', async () => {
    running = await startTestServer();
    expect(() => running!.server.setTlsCredentials({ cert: certificate.cert, key: certificate.key })).toThrow(/not configured/);
  });
});

/** Polls STAT until the running transfer reports at least `bytes` bytes. */
async function waitForUploadProgress(control: ControlClient, bytes: number): Promise<void> {
  for (;;) {
    const status = await control.command('STAT');
    const match = /: (\d+) bytes so far/.exec(status.lines.join('\n'));
    if (match && Number(match[1]) >= bytes) return;
  }
}
