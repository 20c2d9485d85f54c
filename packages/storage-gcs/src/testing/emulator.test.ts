import { Storage } from '@google-cloud/storage';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startGcsEmulator } from './emulator.js';

describe('startGcsEmulator', () => {
  it('serves the JSON API on loopback until stopped', async () => {
    const emulator = await startGcsEmulator();
    expect(emulator.apiEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const storage = new Storage({ apiEndpoint: emulator.apiEndpoint, projectId: emulator.projectId, retryOptions: { autoRetry: false } });
    await emulator.createBucket('probe');
    const bucket = storage.bucket('probe');
    await bucket.file('hello.txt').save('hello', { resumable: false });
    const [content] = await bucket.file('hello.txt').download();
    expect(content.toString()).toBe('hello');
    await emulator.stop();
    await emulator.stop();
    // Nothing listens any more (a client request could also fail on a pooled keep-alive socket first).
    const port = Number(new URL(emulator.apiEndpoint).port);
    await expect(refused(port)).resolves.toBe('ECONNREFUSED');
  });

  it('has no bucket until one is created, as GCS', async () => {
    const emulator = await startGcsEmulator();
    try {
      const storage = new Storage({ apiEndpoint: emulator.apiEndpoint, projectId: emulator.projectId, retryOptions: { autoRetry: false } });
      await expect(storage.bucket('absent').file('x').save('1', { resumable: false })).rejects.toMatchObject({ code: 404 });
      await expect(emulator.createBucket('taken')).resolves.toBeUndefined();
      await expect(emulator.createBucket('taken')).rejects.toThrow(/409/);
    } finally {
      await emulator.stop();
    }
  });

  it('runs side by side with another emulator, each with its own objects', async () => {
    const [one, two] = await Promise.all([startGcsEmulator(), startGcsEmulator()]);
    try {
      await Promise.all([one.createBucket('side'), two.createBucket('side')]);
      const first = new Storage({ apiEndpoint: one.apiEndpoint, projectId: one.projectId }).bucket('side');
      const second = new Storage({ apiEndpoint: two.apiEndpoint, projectId: two.projectId }).bucket('side');
      await first.file('only-here').save('1', { resumable: false });
      expect((await second.file('only-here').exists())[0]).toBe(false);
      await one.stop();
      await second.file('still-works').save('2', { resumable: false });
      expect((await second.file('still-works').download())[0].toString()).toBe('2');
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  });
});

/** The error code of a TCP connection attempt to `port` on loopback, or 'connected'. */
function refused(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}
