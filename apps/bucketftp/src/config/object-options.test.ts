/**
 * Object options in the configuration: accepted as the drivers take them (in a user's storage, a
 * mount's, or `defaults`), and every wrong value rejected with the path of its key, as
 * `--check-config` prints it.
 */
import { GCS_STORAGE_CLASSES } from '@bucketftp/storage-gcs/object-options';
import { READABLE_STORAGE_CLASSES } from '@bucketftp/storage-s3/object-options';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.js';
import { HASH, problems } from './config.fixture.js';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const GCS_KEY = 'projects/acme/locations/europe-west1/keyRings/ftp/cryptoKeys/objects';

const withStorage = (storage: string, defaults = '') => `${defaults}users:\n  - username: alice\n    passwordHash: "${HASH}"\n    storage: ${storage}\n`;

describe('object options', () => {
  it('takes the S3 options', () => {
    const config = parseConfig(
      withStorage(`{ driver: s3, bucket: data, serverSideEncryption: aws:kms, kmsKeyId: "${KEY_ARN}", storageClass: STANDARD_IA, tags: { team: ingest, "cost centre": "42" }, acl: bucket-owner-full-control }`),
    );
    expect(config.users[0]?.storage).toMatchObject({
      serverSideEncryption: 'aws:kms',
      kmsKeyId: KEY_ARN,
      storageClass: 'STANDARD_IA',
      tags: { team: 'ingest', 'cost centre': '42' },
      acl: 'bucket-owner-full-control',
    });
  });

  it('takes the GCS options, from defaults too', () => {
    const config = parseConfig(withStorage('{ driver: gcs, prefix: acme }', `defaults:\n  gcs: { bucket: data, kmsKeyName: ${GCS_KEY}, storageClass: NEARLINE }\n`));
    expect(config.users[0]?.storage).toMatchObject({ driver: 'gcs', bucket: 'data', kmsKeyName: GCS_KEY, storageClass: 'NEARLINE' });
  });

  it('takes a temporaries prefix for GCS, and refuses one that would hold or sit in a user folder', () => {
    const config = parseConfig(withStorage('{ driver: gcs, prefix: acme }', 'defaults:\n  gcs: { bucket: data, tempPrefix: ops/ftp-tmp/ }\n'));
    expect(config.users[0]?.storage).toMatchObject({ tempPrefix: 'ops/ftp-tmp/' });
    expect(problems(withStorage('{ driver: gcs, bucket: data, tempPrefix: /tmp }'))).toContainEqual(expect.stringContaining('users[0].storage.tempPrefix: must be folder names'));
    expect(problems(withStorage('{ driver: gcs, bucket: data, tempPrefix: a/../b }'))).toContainEqual(expect.stringContaining('users[0].storage.tempPrefix: must be folder names'));
    expect(problems(withStorage('{ driver: gcs, bucket: data, prefix: .bucketftp-tmp/acme }'))).toContainEqual(
      expect.stringContaining("users[0].storage.prefix: must not lie inside the temporaries' prefix .bucketftp-tmp/"),
    );
    expect(problems(withStorage('{ driver: gcs, bucket: data, prefix: acme, tempPrefix: acme/in/tmp }'))).toContainEqual(
      expect.stringContaining('users[0].storage.tempPrefix: must not lie inside a folder of prefix "acme"'),
    );
  });

  it('offers every class the drivers accept', () => {
    for (const storageClass of READABLE_STORAGE_CLASSES) expect(() => parseConfig(withStorage(`{ driver: s3, bucket: data, storageClass: ${storageClass} }`))).not.toThrow();
    for (const storageClass of GCS_STORAGE_CLASSES) expect(() => parseConfig(withStorage(`{ driver: gcs, bucket: data, storageClass: ${storageClass} }`))).not.toThrow();
  });

  it.each([
    ['an unknown encryption', '{ driver: s3, bucket: data, serverSideEncryption: AES128 }', 'users[0].storage.serverSideEncryption: Invalid option'],
    ['aws:kms without a key', '{ driver: s3, bucket: data, serverSideEncryption: aws:kms }', 'users[0].storage.kmsKeyId: required with serverSideEncryption: aws:kms'],
    ['a key without aws:kms', `{ driver: s3, bucket: data, serverSideEncryption: AES256, kmsKeyId: "${KEY_ARN}" }`, 'users[0].storage.serverSideEncryption: must be aws:kms when kmsKeyId is set'],
    ['GLACIER', '{ driver: s3, bucket: data, storageClass: GLACIER }', 'users[0].storage.storageClass: GLACIER is refused: its objects must be restored before they can be read'],
    ['DEEP_ARCHIVE', '{ driver: s3, bucket: data, storageClass: DEEP_ARCHIVE }', 'users[0].storage.storageClass: DEEP_ARCHIVE is refused'],
    ['an unknown S3 class', '{ driver: s3, bucket: data, storageClass: COLDLINE }', 'users[0].storage.storageClass: must be one of STANDARD, REDUCED_REDUNDANCY'],
    ['eleven tags', `{ driver: s3, bucket: data, tags: { ${Array.from({ length: 11 }, (_, index) => `t${index}: v`).join(', ')} } }`, 'users[0].storage.tags: at most 10 tags, not 11'],
    ['a tag key too long', `{ driver: s3, bucket: data, tags: { ${'k'.repeat(129)}: v } }`, `users[0].storage.tags.${'k'.repeat(129)}: the key must be 1 to 128 characters`],
    ['a tag value too long', `{ driver: s3, bucket: data, tags: { k: ${'v'.repeat(257)} } }`, 'users[0].storage.tags.k: the value must be a string of at most 256 characters'],
    ['a reserved tag key', '{ driver: s3, bucket: data, tags: { "aws:owner": x } }', 'users[0].storage.tags.aws:owner: keys starting with aws: are reserved'],
    ['a tag value that is no string', '{ driver: s3, bucket: data, tags: { k: 7 } }', 'users[0].storage.tags.k'],
    ['an unknown ACL', '{ driver: s3, bucket: data, acl: everyone }', 'users[0].storage.acl: Invalid option'],
    ['a malformed GCS key', '{ driver: gcs, bucket: data, kmsKeyName: my-key }', 'users[0].storage.kmsKeyName: must look like projects/P/locations/L/keyRings/R/cryptoKeys/K'],
    ['an unknown GCS class', '{ driver: gcs, bucket: data, storageClass: GLACIER }', 'users[0].storage.storageClass: Invalid option'],
    ['an S3 option on GCS', '{ driver: gcs, bucket: data, acl: private }', 'users[0].storage: Unrecognized key: "acl"'],
  ])('rejects %s with the path of the key', (_name, storage, expected) => {
    expect(problems(withStorage(storage))).toContainEqual(expect.stringContaining(expected));
  });

  it('rejects a wrong value in defaults under its own path', () => {
    expect(problems(withStorage('{ driver: s3, prefix: a }', 'defaults:\n  s3: { bucket: data, storageClass: GLACIER }\n'))).toContainEqual(
      expect.stringContaining('defaults.s3.storageClass: GLACIER is refused'),
    );
  });
});
