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

  const driverFor = (storage: string) => driverOf(storage, join(dir, 'bucketftp.yaml'), FsDriver);

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
  const driverFor = (storage: string) => driverOf(storage, join(tmpdir(), 'bucketftp.yaml'), GcsDriver);

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
    const parse = (storage: string) => () => parseConfig(oneUser(storage), join(tmpdir(), 'bucketftp.yaml'));
    expect(parse('{ driver: gcs, bucket: acme, directUploadMaxMiB: 65 }')).toThrow(/directUploadMaxMiB/);
    expect(parse('{ driver: gcs, bucket: acme, resumableChunkMiB: 0 }')).toThrow(/resumableChunkMiB/);
    expect(parse('{ driver: gcs, bucket: acme, directUploadMaxMiB: 1.5 }')).toThrow(/directUploadMaxMiB/);
  });
});

/** A configuration of one user whose storage is `storage` (YAML flow style). */
function oneUser(storage: string): string {
  return `users:\n  - username: alice\n    passwordHash: "${HASH}"\n    storage: ${storage}\n`;
}

/** The driver made for that user's storage, which must be a `kind`. */
async function driverOf<T>(storage: string, configPath: string, kind: new (...args: never[]) => T): Promise<T> {
  const storageConfig = parseConfig(oneUser(storage), configPath).users[0]?.storage;
  if (!storageConfig) throw new Error('the user has no storage');
  const driver = await createDriver(storageConfig);
  if (!(driver instanceof kind)) throw new Error(`expected a ${kind.name}, got ${driver.kind}`);
  return driver;
}
