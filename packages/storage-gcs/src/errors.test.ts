import { createServer } from 'node:net';
import { Storage } from '@google-cloud/storage';
import { describe, expect, it } from 'vitest';
import { chunksOf, textOf } from './data.fixture.js';
import { driverOn, freshBucket, useProxiedGcsEmulator } from './emulator.fixture.js';
import type { Fault, FaultRule, SeenRequest } from './fault-proxy.fixture.js';
import { GcsDriver } from './gcs-driver.js';

const gcs = useProxiedGcsEmulator();

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

describe('classification of GCS failures', () => {
  it.each([
    [400, undefined, 'invalid-argument'],
    [401, undefined, 'permission'],
    [403, undefined, 'permission'],
    [403, 'rateLimitExceeded', 'unavailable'],
    [403, 'quotaExceeded', 'quota'],
    [408, undefined, 'unavailable'],
    [412, undefined, 'unavailable'],
    [413, undefined, 'quota'],
    [429, undefined, 'unavailable'],
    [500, undefined, 'unavailable'],
    [503, undefined, 'unavailable'],
  ])('answers HTTP %i (reason %s) with %s, keeping the backend error as cause only', async (status, reason, kind) => {
    const { driver } = await driverOn(gcs);
    gcs.proxy().failWhen(() => ({ status, ...(reason ? { reason } : {}) }));
    const error = await driver.stat('/some/file').catch((failure: unknown) => failure);
    expect(error).toMatchObject({ name: 'StorageError', kind, message: expect.stringContaining('/some/file') });
    expect((error as Error).message).not.toContain('injected');
    expect((error as Error).message).not.toContain('test proxy');
    expect((error as Error).cause).toMatchObject({ code: status });
  });

  it('answers a missing bucket with storage-missing (a permanent configuration error), not with not-found', async () => {
    const { driver } = await driverOn(gcs);
    gcs.proxy().failWhen(() => ({ status: 404, reason: 'notFound', message: 'The specified bucket does not exist.' }));
    await expect(driver.stat('/f')).rejects.toMatchObject({ kind: 'storage-missing' });
    await expect(driver.delete('/f')).rejects.toMatchObject({ kind: 'storage-missing' });
    expect(gcs.proxy().requests).toHaveLength(2); // neither fell back to a directory probe
  });

  it('answers a missing object with not-found', async () => {
    const { driver } = await driverOn(gcs);
    await expect(driver.read('/missing')).rejects.toMatchObject({ kind: 'not-found' });
    await expect(driver.delete('/missing')).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('answers an unreachable endpoint with unavailable, from operations and from ping', async () => {
    const storage = new Storage({ apiEndpoint: `http://127.0.0.1:${await closedPort()}`, retryOptions: { autoRetry: false } });
    const driver = new GcsDriver({ bucket: 'nowhere', storage });
    await expect(driver.stat('/f')).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(driver.write('/f', chunksOf('x'))).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(driver.ping()).rejects.toMatchObject({ kind: 'unavailable', cause: expect.objectContaining({ code: 'ECONNREFUSED' }) });
  });

  it('answers ping from a reachable bucket', async () => {
    const { driver } = await driverOn(gcs);
    await expect(driver.ping()).resolves.toBeUndefined();
  });

  it('answers a refused mkdir precondition (a concurrent mkdir) with exists', async () => {
    const { driver } = await driverOn(gcs);
    gcs.proxy().failWhen((request) => (request.method === 'POST' && request.url.includes('/upload/') ? { status: 412 } : undefined));
    await expect(driver.mkdir('/d')).rejects.toMatchObject({ kind: 'exists' });
  });

  it.each([
    { uploads: 'staged', directUploadMaxBytes: 0 },
    { uploads: 'sent whole', directUploadMaxBytes: undefined },
  ])('answers an upload whose data request fails with the failure, leaving nothing behind ($uploads)', async ({ directUploadMaxBytes }) => {
    const { driver, bucket } = await driverOn(gcs, directUploadMaxBytes === undefined ? {} : { directUploadMaxBytes });
    await driver.write('/f', chunksOf('original'));
    const dataRequest = (request: SeenRequest) => request.method === 'PUT' || (request.method === 'POST' && request.url.includes('uploadType=multipart'));
    gcs.proxy().failWhen((request) => (dataRequest(request) ? { status: 403 } : undefined));
    await expect(driver.write('/f', chunksOf('replacement'))).rejects.toMatchObject({ kind: 'permission' });
    gcs.proxy().failWhen(undefined);
    const [files] = await bucket.getFiles();
    expect(files.map((file) => file.name)).toEqual(['f']);
    expect(await textOf(await driver.read('/f'))).toBe('original');
  });

  it('answers an operation whose signal fired with aborted', async () => {
    const { driver } = await driverOn(gcs);
    const controller = new AbortController();
    controller.abort();
    await expect(driver.stat('/f', { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
    await expect(driver.list('/', { signal: controller.signal })[Symbol.asyncIterator]().next()).rejects.toMatchObject({
      kind: 'aborted',
    });
  });

  it('repeats the commit copy of an upload when its connection is reset before any answer', async () => {
    const { driver } = await driverOn(gcs, { directUploadMaxBytes: 0 });
    gcs.proxy().failWhen(once((request) => request.url.includes('/rewriteTo/'), { reset: true }));
    await expect(driver.write('/f', chunksOf('committed anyway'))).resolves.toMatchObject({ size: 16 });
    expect(await textOf(await driver.read('/f'))).toBe('committed anyway');
  });

  /** A driver that holds no upload whole, its requests through the fault proxy; the proxy's requests from now on. */
  async function streamingThroughProxy() {
    const proxy = gcs.proxy();
    const storage = new Storage({ apiEndpoint: proxy.endpoint, projectId: gcs.emulator().projectId });
    const driver = new GcsDriver({ bucket: await freshBucket(gcs), storage, directUploadMaxBytes: 0 });
    const first = proxy.requests.length;
    const sessionsStarted = () => proxy.requests.slice(first).filter(sessionStart).length;
    return { proxy, driver, sessionsStarted };
  }
  const sessionStart = (request: SeenRequest) => request.method === 'POST' && request.url.includes('uploadType=resumable');

  it('lets the client retry a reset upload request, because temporaries are uploaded create-only', async () => {
    const { proxy, driver, sessionsStarted } = await streamingThroughProxy();
    await driver.write('/f', chunksOf('first')); // an existing file is replaced through a temporary
    proxy.failWhen(once(sessionStart, { reset: true }));
    await expect(driver.write('/f', chunksOf('uploaded on the second try'))).resolves.toMatchObject({ size: 26 });
    expect(await textOf(await driver.read('/f'))).toBe('uploaded on the second try');
    expect(sessionsStarted()).toBe(3); // the first file's, then the replacement's twice
  });

  it("starts a new file's upload session again when its connection is reset before any answer", async () => {
    const { proxy, driver, sessionsStarted } = await streamingThroughProxy();
    proxy.failWhen(once(sessionStart, { reset: true }));
    await expect(driver.write('/f', chunksOf('streamed onto its name'))).resolves.toMatchObject({ size: 22 });
    expect(await textOf(await driver.read('/f'))).toBe('streamed onto its name');
    expect(sessionsStarted()).toBe(2);
  });

  it("fails a new file's upload whose data request is reset, and leaves no file behind", async () => {
    const { proxy, driver } = await streamingThroughProxy();
    proxy.failWhen(once((request) => request.method === 'PUT' && request.url.includes('upload_id='), { reset: true }));
    await expect(driver.write('/f', chunksOf('never finalised'))).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(driver.stat('/f')).rejects.toMatchObject({ kind: 'not-found' });
    expect(proxy.requests.some((request) => request.method === 'DELETE' && request.url.includes('upload_id='))).toBe(true);
  });
});

/** A rule that answers the first matching request with `fault` and forwards everything else. */
function once(matches: (request: SeenRequest) => boolean, fault: Fault): FaultRule {
  let fired = false;
  return (request) => {
    if (fired || !matches(request)) return undefined;
    fired = true;
    return fault;
  };
}
