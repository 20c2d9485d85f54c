/** TLS 1.2 cipher suites offered by default and through `tls.ciphers`, tried by Node's TLS client. */
import { connect, type ConnectionOptions } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sharedTestCertificate, type TestCertificate } from '../testing/certificates.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let certificate: TestCertificate;
let running: TestServer | undefined;

beforeAll(async () => {
  certificate = await sharedTestCertificate();
});

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function serve(ciphers?: string): Promise<TestServer> {
  running = await startTestServer({ tls: { cert: certificate.cert, key: certificate.key, ciphers }, implicitTls: true });
  return running;
}

/** Handshakes with the implicit-FTPS port; resolves with the negotiated suite, or the error's code. */
function handshake(server: TestServer, options: ConnectionOptions): Promise<{ cipher: string; version: string } | { error: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: server.implicitPort, rejectUnauthorized: false, ...options });
    socket.once('secureConnect', () => {
      resolve({ cipher: socket.getCipher().name, version: socket.getProtocol() ?? '' });
      socket.destroy();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

const tls12 = (ciphers: string): ConnectionOptions => ({ ciphers, maxVersion: 'TLSv1.2' });

describe('TLS 1.2 cipher suites', () => {
  it('refuses suites without forward secrecy or AEAD by default', async () => {
    const server = await serve();
    for (const weak of ['AES128-SHA', 'AES256-SHA256', 'AES128-GCM-SHA256', 'ECDHE-RSA-AES128-SHA']) {
      expect(await handshake(server, tls12(weak)), weak).toEqual({ error: expect.stringMatching(/HANDSHAKE_FAILURE|NO_SHARED_CIPHER|ECONNRESET/) });
    }
  });

  it('accepts ECDHE with AES-GCM or ChaCha20-Poly1305, and TLS 1.3 as before', async () => {
    const server = await serve();
    for (const strong of ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305']) {
      expect(await handshake(server, tls12(strong))).toEqual({ cipher: strong, version: 'TLSv1.2' });
    }
    expect(await handshake(server, {})).toEqual({ cipher: expect.stringMatching(/^TLS_/), version: 'TLSv1.3' });
  });

  it('tls.ciphers replaces the TLS 1.2 list', async () => {
    const server = await serve('ECDHE-RSA-AES128-SHA');
    expect(await handshake(server, tls12('ECDHE-RSA-AES128-SHA'))).toEqual({ cipher: 'ECDHE-RSA-AES128-SHA', version: 'TLSv1.2' });
    expect(await handshake(server, tls12('ECDHE-RSA-AES128-GCM-SHA256'))).toEqual({ error: expect.any(String) });
    expect(await handshake(server, {})).toEqual({ cipher: expect.stringMatching(/^TLS_/), version: 'TLSv1.3' });
  });
});
