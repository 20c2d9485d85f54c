/**
 * curl through a load balancer that speaks the PROXY protocol (a small relay on 127.0.0.2 that
 * prepends a v1 or v2 header naming the real client, 127.0.0.3): the server sees the real client,
 * so active-mode data connections to it pass the RFC 2577 check; without a header, or straight
 * from an untrusted address, the connection is refused.
 */
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROXY_V2_SIGNATURE } from '@bucketftp/protocol';
import { describeRun, runProgram } from '../support/run.js';
import { makeTempDir, removeDir, sha256File, writePatternFile } from '../support/files.js';
import { requireTool } from '../support/tools.js';
import { startSecureServer, type SecureServer } from './support/secure-server.js';

const PROXY_ADDRESS = '127.0.0.2';
const CLIENT_ADDRESS = '127.0.0.3';

type HeaderStyle = 'v1' | 'v2' | 'none';

function header(style: HeaderStyle, client: Socket): Buffer {
  const source = { address: client.remoteAddress ?? '', port: client.remotePort ?? 0 };
  const destination = { address: client.localAddress ?? '', port: client.localPort ?? 0 };
  if (style === 'none') return Buffer.alloc(0);
  if (style === 'v1') return Buffer.from(`PROXY TCP4 ${source.address} ${destination.address} ${source.port} ${destination.port}\r\n`, 'latin1');
  const block = Buffer.alloc(12);
  Buffer.from(source.address.split('.').map(Number)).copy(block, 0);
  Buffer.from(destination.address.split('.').map(Number)).copy(block, 4);
  block.writeUInt16BE(source.port, 8);
  block.writeUInt16BE(destination.port, 10);
  return Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([0x21, 0x11, 0, 12]), block]);
}

/** A TCP relay on 127.0.0.2 that connects onwards from 127.0.0.2 and starts with a PROXY header. */
async function startRelay(targetPort: number, style: HeaderStyle): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const relay: Server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: targetPort, localAddress: PROXY_ADDRESS });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    upstream.once('connect', () => {
      upstream.write(header(style, client));
      client.pipe(upstream);
      upstream.pipe(client);
    });
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  relay.listen({ host: PROXY_ADDRESS, port: 0 });
  await once(relay, 'listening');
  return {
    port: (relay.address() as AddressInfo).port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    },
  };
}

describe('curl through a PROXY-protocol relay', () => {
  let server: SecureServer;
  let local: string;
  let curlPath: string;

  beforeAll(async () => {
    curlPath = requireTool('curl');
    server = await startSecureServer({ proxyProtocol: { trustedProxies: [`${PROXY_ADDRESS}/32`], headerTimeoutMs: 1000 } });
    local = await makeTempDir('proxy-curl');
    await writePatternFile(join(server.root, 'file.bin'), 1024 * 1024 + 77, 'proxy-file');
  });
  afterAll(async () => {
    await server?.close();
    await removeDir(local);
  });

  /** curl from 127.0.0.3, in active mode (the server connects straight back to the client). */
  function curl(port: number, host: string, target: string) {
    const url = `ftp://${server.username}:${server.password}@${host}:${port}/file.bin`;
    return runProgram(curlPath, ['--silent', '--show-error', '--max-time', '20', '--interface', CLIENT_ADDRESS, '--ftp-port', CLIENT_ADDRESS, '-o', target, url], {
      timeoutMs: 30_000,
    });
  }

  it.each(['v1', 'v2'] as const)('serves the real client behind a %s header: logs see 127.0.0.3 and PORT to it is allowed', async (style) => {
    const relay = await startRelay(server.port, style);
    try {
      const target = join(local, `through-${style}.bin`);
      const before = server.sessions.length;
      const result = await curl(relay.port, PROXY_ADDRESS, target);
      expect(result.code, describeRun(result)).toBe(0);
      expect(await sha256File(target)).toBe(await sha256File(join(server.root, 'file.bin')));
      expect(server.sessions.slice(before)).toEqual([CLIENT_ADDRESS]);
    } finally {
      await relay.close();
    }
  });

  it('refuses a relay that sends no header, and a client connecting directly from an untrusted address', async () => {
    const relay = await startRelay(server.port, 'none');
    try {
      const before = server.sessions.length;
      const viaRelay = await curl(relay.port, PROXY_ADDRESS, join(local, 'no-header.bin'));
      expect(viaRelay.code, describeRun(viaRelay)).not.toBe(0);
      const direct = await runProgram(
        curlPath,
        ['--silent', '--verbose', '--max-time', '20', '-o', join(local, 'direct.bin'), `ftp://${server.username}:${server.password}@127.0.0.1:${server.port}/file.bin`],
        { timeoutMs: 30_000 },
      );
      expect(direct.code, describeRun(direct)).not.toBe(0);
      expect(direct.stderr).toContain('421');
      expect(server.sessions.length).toBe(before);
    } finally {
      await relay.close();
    }
  });
});
