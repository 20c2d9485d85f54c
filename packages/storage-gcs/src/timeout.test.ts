/**
 * A GCS endpoint that accepts connections and never answers (a real socket on 127.0.0.1): every
 * request must give up after requestTimeoutMs and fail as `unavailable`, with no backend text in
 * the message, instead of waiting as long as the backend stays silent.
 */
import { isStorageError } from '@bucketftp/storage';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GcsDriver } from './gcs-driver.js';

const REQUEST_TIMEOUT_MS = 500;

describe('GCS request timeout', () => {
  let silent: Server;
  let endpoint: string;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.resume(); // read the request, answer nothing
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    endpoint = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('fails a request the backend never answers as unavailable', async () => {
    const driver = new GcsDriver({ bucket: 'silent', apiEndpoint: endpoint, projectId: 'test', requestTimeoutMs: REQUEST_TIMEOUT_MS });
    const started = performance.now();
    const failure = await driver.stat('/file.bin').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isStorageError(failure, 'unavailable'), String(failure)).toBe(true);
    expect((failure as Error).message).toBe('bucket unavailable: /file.bin');
    // The client library retries; each attempt is bounded. A minute is headroom for a loaded machine.
    expect(performance.now() - started).toBeLessThan(60_000);
  }, 120_000);

  it('rejects a request timeout that is not a positive integer', () => {
    expect(() => new GcsDriver({ bucket: 'b', apiEndpoint: endpoint, requestTimeoutMs: 0 })).toThrow(/requestTimeoutMs/);
  });
});
