import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsDriver } from '@bucketftp/storage-fs';
import { GcsDriver } from '@bucketftp/storage-gcs';
import { parseConfig } from '../config/load.js';
import { createDriver } from './create-driver.js';
import { HASH } from '../config/config.fixture.js';

describe('createDriver for a local folder', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bucketftp-create-driver-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function driverFor(storage: string): Promise<FsDriver> {
    const config = parseConfig(`users:\n  - username: alice\n    passwordHash: "${HASH}"\n    storage: ${storage}\n`, join(dir, 'bucketftp.yaml'));
    const storageConfig = config.users[0]?.storage;
    if (!storageConfig) throw new Error('the user has no storage');
    const driver = await createDriver(storageConfig);
    if (!(driver instanceof FsDriver)) throw new Error(`expected an FsDriver, got ${driver.kind}`);
    return driver;
  }

  it('commits without fsync unless the storage says durable', async () => {
    expect((await driverFor('{ driver: fs, root: ./files }')).durable).toBe(false);
  });

  it('passes durable: true from the configuration to the driver', async () => {
    expect((await driverFor('{ driver: fs, root: ./files, durable: true }')).durable).toBe(true);
  });

  it('passes durable: false through as well', async () => {
    expect((await driverFor('{ driver: fs, root: ./files, durable: false }')).durable).toBe(false);
  });
});

describe('createDriver for a GCS bucket', () => {
  async function driverFor(storage: string): Promise<GcsDriver> {
    const config = parseConfig(`users:\n  - username: alice\n    passwordHash: "${HASH}"\n    storage: ${storage}\n`, join(tmpdir(), 'bucketftp.yaml'));
    const storageConfig = config.users[0]?.storage;
    if (!storageConfig) throw new Error('the user has no storage');
    const driver = await createDriver(storageConfig);
    if (!(driver instanceof GcsDriver)) throw new Error(`expected a GcsDriver, got ${driver.kind}`);
    return driver;
  }

  it("keeps the driver's upload defaults when the configuration sets none", async () => {
    expect((await driverFor('{ driver: gcs, bucket: acme, projectId: p }')).uploadSettings).toEqual({
      directUploadMaxBytes: 8 * 1024 * 1024,
      resumableChunkSize: undefined,
    });
  });

  it('passes directUploadMaxMiB and resumableChunkMiB to the driver in bytes', async () => {
    const driver = await driverFor('{ driver: gcs, bucket: acme, projectId: p, directUploadMaxMiB: 0, resumableChunkMiB: 16 }');
    expect(driver.uploadSettings).toEqual({ directUploadMaxBytes: 0, resumableChunkSize: 16 * 1024 * 1024 });
  });

  it('refuses sizes outside their ranges', () => {
    const parse = (storage: string) => () => parseConfig(`users:\n  - username: alice\n    passwordHash: "${HASH}"\n    storage: ${storage}\n`, join(tmpdir(), 'bucketftp.yaml'));
    expect(parse('{ driver: gcs, bucket: acme, directUploadMaxMiB: 65 }')).toThrow(/directUploadMaxMiB/);
    expect(parse('{ driver: gcs, bucket: acme, resumableChunkMiB: 0 }')).toThrow(/resumableChunkMiB/);
    expect(parse('{ driver: gcs, bucket: acme, directUploadMaxMiB: 1.5 }')).toThrow(/directUploadMaxMiB/);
  });
});
