/** PROXY protocol v1/v2 on the control connection and on passive data connections, over real sockets. */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProxyProtocolOptions } from './options.js';
import type { RefusalEvent } from './observer.js';
import { sharedTestCertificate } from './testing/certificates.js';
import { connectData, ControlClient, parsePasvReply, portArgument, receiveAll, secureDataClient, secureLogin } from '@bucketftp/server/testing';
import { putFile } from './testing/files.js';
import { proxyV1, proxyV2, proxyV2Local, type Endpoint } from './testing/proxy-headers.js';
import { recordingLogger, type LogEntry } from './testing/recording-logger.js';
import { startTestServer, type TestServer, type TestServerOptions } from './testing/test-server.js';

const CLIENT: Endpoint = { address: '203.0.113.9', port: 40_001 };
const OTHER_CLIENT: Endpoint = { address: '198.51.100.7', port: 40_002 };

let running: TestServer | undefined;
let refusals: RefusalEvent[];
let opened: string[];
let log: LogEntry[];

async function serve(proxy: Partial<ProxyProtocolOptions> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  refusals = [];
  opened = [];
  log = [];
  running = await startTestServer({
    proxyProtocol: { trustedProxies: ['127.0.0.1/32'], headerTimeoutMs: 2000, ...proxy },
    observer: { refused: (event) => refusals.push(event), sessionOpened: (event) => opened.push(event.remoteAddress) },
    logger: recordingLogger(log),
    ...options,
  });
  return running;
}

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** A control connection from the "proxy" (127.0.0.1) that starts with `preface`; resolves after the greeting. */
async function viaProxy(server: TestServer, preface: Buffer, options: { implicitTls?: boolean; localAddress?: string } = {}): Promise<ControlClient> {
  const client = await ControlClient.connect({ port: options.implicitTls ? server.implicitPort : server.port, preface, ...options });
  const greeting = await client.reply();
  if (greeting.code !== 220) throw new Error(`greeting ${greeting.lines.join(' / ')}`);
  return client;
}

async function connectedFrom(client: ControlClient): Promise<string | undefined> {
  const status = await client.command('STAT');
  return status.lines.find((line) => line.includes('Connected from'))?.trim();
}

describe('PROXY protocol on the control connection', () => {
  it('v1: the header names the client, and logs, STAT and the observer see it', async () => {
    const server = await serve();
    const client = await viaProxy(server, proxyV1(CLIENT));
    expect(await connectedFrom(client)).toBe('Connected from 203.0.113.9:40001');
    await client.login();
    expect(opened).toEqual(['203.0.113.9']);
    expect(log).toContainEqual(expect.objectContaining({ message: 'session start', fields: expect.objectContaining({ remote: '203.0.113.9' }) }));
  });

  it('v2: TCP over IPv4 and over IPv6', async () => {
    const server = await serve();
    const four = await viaProxy(server, proxyV2(CLIENT));
    expect(await connectedFrom(four)).toBe('Connected from 203.0.113.9:40001');
    const six = await viaProxy(server, proxyV2({ address: '2001:db8::7', port: 5555 }));
    expect(await connectedFrom(six)).toBe('Connected from 2001:db8::7:5555');
  });

  it('v2 LOCAL (health checks) keeps the connection address', async () => {
    const server = await serve();
    const client = await viaProxy(server, proxyV2Local());
    expect(await connectedFrom(client)).toMatch(/^Connected from 127\.0\.0\.1:\d+$/);
  });

  it('hands the bytes after the header to the session (a command in the same packet)', async () => {
    const server = await serve();
    const client = await viaProxy(server, Buffer.concat([proxyV2(CLIENT), Buffer.from('USER alice\r\n')]));
    expect((await client.reply()).code).toBe(331);
    expect((await client.command('PASS secret')).code).toBe(230);
  });

  it('a trusted proxy that sends no header is cut off without a greeting', async () => {
    const server = await serve();
    const client = await ControlClient.connect({ port: server.port, preface: Buffer.from('USER alice\r\n') });
    await client.closed;
    expect(client.finished).toBe(true);
    expect(refusals).toEqual([expect.objectContaining({ reason: 'proxy-header-invalid', remoteAddress: '127.0.0.1' })]);
  });

  it('a trusted proxy that sends nothing is cut off after headerTimeoutMs', async () => {
    const server = await serve({ headerTimeoutMs: 150 });
    const client = await ControlClient.connect({ port: server.port });
    await client.closed;
    expect(client.finished).toBe(true);
    expect(refusals.map((event) => event.reason)).toEqual(['proxy-header-invalid']);
  });

  it('refuses connections from untrusted addresses (421), header or not', async () => {
    const server = await serve({ trustedProxies: ['127.0.0.2'] });
    for (const preface of [undefined, proxyV1(CLIENT)]) {
      const client = await ControlClient.connect({ port: server.port, preface });
      expect((await client.reply()).code).toBe(421);
      await client.closed;
    }
    expect(refusals.map((event) => [event.reason, event.remoteAddress])).toEqual([
      ['not-from-proxy', '127.0.0.1'],
      ['not-from-proxy', '127.0.0.1'],
    ]);
  });

  it('with allowDirectConnections, untrusted clients are served under their own address and a header from them is refused', async () => {
    const server = await serve({ trustedProxies: ['127.0.0.2'], allowDirectConnections: true });
    const direct = await server.connect();
    expect(await connectedFrom(direct)).toMatch(/^Connected from 127\.0\.0\.1:/);
    await direct.login();
    for (const header of [proxyV1(CLIENT), proxyV2(CLIENT)]) {
      const spoofing = await ControlClient.connect({ port: server.port, preface: header });
      expect((await spoofing.reply()).code).toBe(220);
      const refusal = await spoofing.reply();
      expect(refusal.code).toBe(421);
      await spoofing.closed;
    }
    expect(refusals.map((event) => [event.reason, event.remoteAddress])).toEqual([
      ['proxy-header-untrusted', '127.0.0.1'],
      ['proxy-header-untrusted', '127.0.0.1'],
    ]);
    // The trusted proxy is still served through its header.
    const proxied = await viaProxy(server, proxyV1(CLIENT), { localAddress: '127.0.0.2' });
    expect(await connectedFrom(proxied)).toBe('Connected from 203.0.113.9:40001');
  });

  it('limits count the real client address', async () => {
    const server = await serve({}, { limits: { maxConnectionsPerAddress: 1 } });
    await viaProxy(server, proxyV1(CLIENT));
    await viaProxy(server, proxyV1(OTHER_CLIENT));
    const again = await ControlClient.connect({ port: server.port, preface: proxyV1({ ...CLIENT, port: 40_009 }) });
    expect((await again.reply()).code).toBe(421);
    expect(refusals).toEqual([expect.objectContaining({ reason: 'max-connections-per-address', remoteAddress: '203.0.113.9' })]);
  });

  it('bans the real client address, not the proxy', async () => {
    const server = await serve({}, { bans: { maxFailures: 2, windowMs: 60_000, durationMs: 60_000 } });
    const attacker = await viaProxy(server, proxyV1(CLIENT));
    await attacker.command('USER alice');
    expect((await attacker.command('PASS wrong')).code).toBe(530);
    await attacker.command('USER alice');
    expect((await attacker.command('PASS wrong')).code).toBe(421);
    const banned = await ControlClient.connect({ port: server.port, preface: proxyV1(CLIENT) });
    expect((await banned.reply()).code).toBe(421);
    const other = await viaProxy(server, proxyV1(OTHER_CLIENT));
    await other.login();
  });

  it('reads the header before the TLS handshake on an implicit-TLS port', async () => {
    const certificate = await sharedTestCertificate();
    const server = await serve({}, { tls: { cert: certificate.cert, key: certificate.key }, implicitTls: true });
    const client = await viaProxy(server, proxyV2(CLIENT), { implicitTls: true });
    expect((client.socket as TLSSocket).encrypted).toBe(true);
    expect(await connectedFrom(client)).toBe('Connected from 203.0.113.9:40001');
  });
});

describe('PROXY protocol and data connections (RFC 2577)', () => {
  it('accepts a passive data connection whose header names the control connection client', async () => {
    const server = await serve();
    await putFile(server.storage, '/f.txt', 'through the proxy');
    const client = await viaProxy(server, proxyV1(CLIENT));
    await client.login();
    const { port } = parsePasvReply(await client.command('PASV'));
    const data = await connectData(port);
    data.write(proxyV2({ address: CLIENT.address, port: 40_100 }));
    const received = receiveAll(data);
    expect((await client.command('RETR f.txt')).code).toBe(150);
    expect((await received).toString()).toBe('through the proxy');
    expect((await client.reply()).code).toBe(226);
  });

  it('drops data connections naming another client or carrying no header, and keeps waiting for the right one', async () => {
    const server = await serve();
    const client = await viaProxy(server, proxyV1(CLIENT));
    await client.login();
    const { port } = parsePasvReply(await client.command('PASV'));
    const foreign = await connectData(port);
    foreign.write(proxyV1({ address: OTHER_CLIENT.address, port: 40_200 }));
    const bare = await connectData(port);
    bare.write('upload without a header');
    await Promise.all([closedBy(foreign), closedBy(bare)]);
    expect(log).toContainEqual(expect.objectContaining({ message: 'refused passive data connection from a foreign address', fields: expect.objectContaining({ from: OTHER_CLIENT.address }) }));
    const right = await connectData(port);
    right.end(Buffer.concat([proxyV1({ address: CLIENT.address, port: 40_300 }), Buffer.from('uploaded')]));
    expect((await client.command('STOR up.txt')).code).toBe(150);
    expect((await client.reply()).code).toBe(226);
    expect((await client.command('SIZE up.txt')).text).toBe('8');
  });

  it('reads the header before the TLS handshake of a PROT P data connection', async () => {
    const certificate = await sharedTestCertificate();
    const server = await serve({}, { tls: { cert: certificate.cert, key: certificate.key, requireDataSessionReuse: true } });
    await putFile(server.storage, '/f.txt', 'private, through the proxy');
    const client = await viaProxy(server, proxyV1(CLIENT));
    await secureLogin(client);
    const { port } = parsePasvReply(await client.command('PASV'));
    const plain = await connectData(port);
    plain.write(proxyV2({ address: CLIENT.address, port: 40_400 }));
    expect((await client.command('RETR f.txt')).code).toBe(150);
    const secure = await secureDataClient(plain, client.tlsSession);
    expect(secure.isSessionReused()).toBe(true);
    expect((await receiveAll(secure)).toString()).toBe('private, through the proxy');
    expect((await client.reply()).code).toBe(226);
  });

  it('checks PORT targets against the real client address', async () => {
    const server = await serve();
    const client = await viaProxy(server, proxyV1(CLIENT));
    await client.login();
    expect((await client.command(`PORT ${portArgument('127.0.0.1', 40_000)}`)).code).toBe(501);
  });
});

function closedBy(socket: Socket): Promise<void> {
  socket.on('error', () => undefined);
  return new Promise((resolve) => socket.once('close', () => resolve()));
}
