/**
 * Object options on moto: every way the driver creates an object (PutObject, multipart upload,
 * append over an inline and a copied head, file and directory rename, directory marker) carries
 * the configured encryption, storage class, tags and ACL, as HeadObject / GetObjectTagging /
 * GetObjectAcl show; without options none is sent.
 */
import { GetObjectAclCommand, GetObjectTaggingCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { MIB } from './limits.js';
import { encodeTags, objectAttributes, tagProblem } from './object-attributes.js';
import { pattern, sha256, useMoto, type TestBucket } from './test-support.fixture.js';
import { createKmsKey } from './testing/moto.js';

const moto = useMoto();

async function attributesOf({ client, bucket }: TestBucket, key: string) {
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  const tagging = await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
  const tags = Object.fromEntries((tagging.TagSet ?? []).map((tag) => [tag.Key, tag.Value]));
  return { sse: head.ServerSideEncryption, kmsKeyId: head.SSEKMSKeyId, storageClass: head.StorageClass, tags };
}

/**
 * Writes objects every way the driver can and calls `check` with their keys; then renames their
 * directory (every object copied) and calls it again with the new keys.
 */
async function writeEveryWay(bucket: TestBucket, driver: ReturnType<TestBucket['driver']>, check: (key: string) => Promise<void>): Promise<void> {
  await driver.mkdir('/dir');
  await driver.write('/dir/small', pattern(0, 1000));
  await driver.write('/dir/multipart', pattern(0, 12 * MIB));
  // Appends: a head under 5 MiB is read inline, a larger one copied with UploadPartCopy.
  await bucket.client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: 'dir/inline-head', Body: 'plain object, ' }));
  await driver.write('/dir/inline-head', pattern(0, 100), { mode: { kind: 'append' } });
  await bucket.client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: 'dir/copied-head', Body: Buffer.alloc(6 * MIB, 1) }));
  await driver.write('/dir/copied-head', pattern(0, 1 * MIB), { mode: { kind: 'append' } });
  await driver.write('/dir/resumed', pattern(0, 6 * MIB));
  await driver.write('/dir/resumed', pattern(5 * MIB + 10, 6 * MIB), { mode: { kind: 'resume', offset: 5 * MIB + 10 } });
  await bucket.client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: 'dir/to-rename', Body: 'renamed later' }));
  await driver.rename('/dir/to-rename', '/dir/renamed');
  const names = ['', 'small', 'multipart', 'inline-head', 'copied-head', 'resumed', 'renamed'];
  for (const name of names) await check(`dir/${name}`);
  await driver.rename('/dir', '/moved');
  for (const name of names) await check(`moved/${name}`);
}

describe('object options', () => {
  it('encrypts with the KMS key, sets the storage class and replaces the tags of every object written', async () => {
    const bucket = await moto.bucket();
    const kmsKeyId = await createKmsKey(moto.endpoint());
    const driver = bucket.driver({
      objectOptions: { serverSideEncryption: 'aws:kms', kmsKeyId, storageClass: 'STANDARD_IA', tags: { team: 'ingest', 'cost centre': 'a/b+c=d' } },
    });
    // A source object with its own tags: a rename's copy must not keep them.
    await bucket.client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: 'tagged', Body: 'x', Tagging: 'origin=elsewhere' }));
    await driver.rename('/tagged', '/retagged');

    const expected = { sse: 'aws:kms', kmsKeyId, storageClass: 'STANDARD_IA', tags: { team: 'ingest', 'cost centre': 'a/b+c=d' } };
    expect(await attributesOf(bucket, 'retagged')).toEqual(expected);
    await writeEveryWay(bucket, driver, async (key) => {
      expect(await attributesOf(bucket, key), key).toEqual(expected);
    });
    expect(await sha256(await driver.read('/moved/multipart'))).toEqual(await sha256(pattern(0, 12 * MIB)));
    expect(await sha256(await driver.read('/moved/resumed'))).toEqual(await sha256(pattern(0, 6 * MIB)));
  });

  it('sets SSE-S3 and a canned ACL', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver({ objectOptions: { serverSideEncryption: 'AES256', acl: 'public-read' } });
    await writeEveryWay(bucket, driver, async (key) => {
      expect((await attributesOf(bucket, key)).sse, key).toBe('AES256');
      const acl = await bucket.client.send(new GetObjectAclCommand({ Bucket: bucket.bucket, Key: key }));
      expect(acl.Grants, key).toContainEqual(expect.objectContaining({ Permission: 'READ', Grantee: expect.objectContaining({ URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }) }));
    });
  });

  it('sends none of them unless configured', async () => {
    const bucket = await moto.bucket();
    await writeEveryWay(bucket, bucket.driver(), async (key) => {
      const attributes = await attributesOf(bucket, key);
      expect(attributes, key).toMatchObject({ sse: undefined, kmsKeyId: undefined, tags: {} });
      expect([undefined, 'STANDARD'], key).toContain(attributes.storageClass);
      const acl = await bucket.client.send(new GetObjectAclCommand({ Bucket: bucket.bucket, Key: key }));
      expect(acl.Grants?.filter((grant) => grant.Grantee?.URI !== undefined), key).toEqual([]); // no group granted anything
    });
  });
});

describe('checking object options', () => {
  it('refuses what S3 would refuse, or what would make files unreadable', () => {
    const refused = [
      [{ serverSideEncryption: 'aws:kms' }, /needs kmsKeyId/],
      [{ kmsKeyId: 'k' }, /only used with serverSideEncryption aws:kms/],
      [{ serverSideEncryption: 'AES128' }, /AES256 or aws:kms/],
      [{ storageClass: 'GLACIER' }, /restored before they can be read/],
      [{ storageClass: 'DEEP_ARCHIVE' }, /restored before they can be read/],
      [{ storageClass: 'COLD' }, /must be one of STANDARD/],
      [{ acl: 'everyone' }, /acl must be one of private/],
      [{ tags: Object.fromEntries(Array.from({ length: 11 }, (_, index) => [`k${index}`, 'v'])) }, /at most 10 tags/],
      [{ tags: { ['k'.repeat(129)]: 'v' } }, /1 to 128 characters/],
      [{ tags: { k: 'v'.repeat(257) } }, /at most 256 characters/],
      [{ tags: { 'aws:created': 'v' } }, /reserved/],
      [{ tags: { 'a&b': 'v' } }, /only letters/],
    ] as const;
    for (const [options, message] of refused) {
      expect(() => objectAttributes(options as never), JSON.stringify(options)).toThrow(expect.objectContaining({ kind: 'invalid-argument', message: expect.stringMatching(message) }));
    }
  });

  it('encodes tags as URL query parameters and sends nothing for no options', () => {
    expect(encodeTags({ 'a b': 'x/y', é: '=' })).toBe('a%20b=x%2Fy&%C3%A9=%3D');
    expect(objectAttributes({})).toEqual({});
    expect(objectAttributes({ tags: {} })).toEqual({});
    expect(tagProblem('k'.repeat(128), 'v'.repeat(256))).toBeUndefined();
    expect(objectAttributes({ serverSideEncryption: 'aws:kms', kmsKeyId: 'alias/x', storageClass: 'GLACIER_IR', acl: 'bucket-owner-full-control' })).toEqual({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/x',
      StorageClass: 'GLACIER_IR',
      ACL: 'bucket-owner-full-control',
    });
  });
});
