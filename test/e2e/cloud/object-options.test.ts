/**
 * Object options through the built server and real clients: a small STOR, a multipart-sized STOR,
 * APPE, REST + STOR and RNFR/RNTO of a file, then a look at the objects behind the server's back.
 * On moto, HeadObject / GetObjectTagging show the SSE-KMS key (made in moto's KMS), the storage
 * class and the tags. fake-gcs-server ignores KMS keys and drops storage classes on copies, so the
 * GCS server is pointed at a recording proxy in front of the emulator and every request that
 * creates an object is checked as sent (temporaries only under the bucket-wide `.bucketftp-tmp/`).
 * `--check-config` names the key of a wrong value.
 */
import { GetObjectTaggingCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { objectWrites, startFaultProxy, type FaultProxy } from '@bucketftp/storage-gcs/testing';
import { createKmsKey } from '@bucketftp/storage-s3/testing';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN } from '../support/cli.js';
import { makeTempDir, removeDir } from '../support/files.js';
import { describeRun, runProgram } from '../support/run.js';
import type { CloudServer } from './support/cloud-server.js';
import { Curl } from './support/curl.js';
import { ftplib } from './support/ftplib.js';
import { useGcsEmulator } from './support/gcs.js';
import { writeHashedPatternFile, type StreamDigest } from './support/hashing.js';
import { MIB } from './support/memory.js';
import { listKeys, objectDigest, useMoto } from './support/s3.js';

const TAGS = { team: 'ingest', 'cost centre': 'a/b+c=d' };
const GCS_KEY = 'projects/acme/locations/europe-west1/keyRings/ftp/cryptoKeys/objects';

let local: string;
let curl: Curl;
/** 20 MiB: more than two 8 MiB parts, a multipart upload. */
let big: { path: string; digest: StreamDigest };
let small: { path: string; digest: StreamDigest };
/** The first 9 MiB of `big`, uploaded before a REST + STOR completes it. */
let bigHead: string;

beforeAll(async () => {
  curl = new Curl();
  local = await makeTempDir('object-options');
  big = { path: join(local, 'big.bin'), digest: await writeHashedPatternFile(join(local, 'big.bin'), 20 * MIB, 'object-options') };
  small = { path: join(local, 'small.txt'), digest: await writeHashedPatternFile(join(local, 'small.txt'), 1000, 'object-options') };
  bigHead = join(local, 'big-head.bin');
  await writeHashedPatternFile(bigHead, 9 * MIB, 'object-options');
});
afterAll(async () => {
  await removeDir(local);
});

/**
 * STOR small, STOR multipart-sized, APPE onto both, REST + STOR over a 9 MiB head, MKD, and
 * RNFR/RNTO of a file; returns the paths of the files that result.
 */
async function uploadEveryWay(server: CloudServer): Promise<string[]> {
  await curl.run(['-T', small.path, `${server.url}/small.txt`]);
  await curl.run(['-T', big.path, `${server.url}/big.bin`]);
  await curl.run(['--append', '-T', small.path, `${server.url}/small.txt`]);
  await curl.run(['--append', '-T', small.path, `${server.url}/big.bin`]);
  await curl.run(['-T', bigHead, `${server.url}/resumed.bin`]);
  const resumed = await ftplib<{ offset: number; size: number }>(server, 'resume', ['resumed.bin', big.path]);
  expect(resumed).toMatchObject({ offset: 9 * MIB, size: 20 * MIB });
  await curl.run(['-Q', 'MKD dir', '-T', small.path, `${server.url}/to-rename.txt`]);
  await curl.run(['-Q', 'RNFR to-rename.txt', '-Q', 'RNTO dir/renamed.txt', `${server.url}/`]);
  return ['dir/', 'small.txt', 'big.bin', 'resumed.bin', 'dir/renamed.txt'];
}

describe('S3: object options on every object the server writes', () => {
  const moto = useMoto();

  async function attributesOf(client: S3Client, bucket: string, key: string) {
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const tagging = await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
    const tags = Object.fromEntries((tagging.TagSet ?? []).map((tag) => [tag.Key, tag.Value]));
    return { sse: head.ServerSideEncryption, kmsKeyId: head.SSEKMSKeyId, storageClass: head.StorageClass, tags };
  }

  it('SSE-KMS with the key, STANDARD_IA and the tags, on uploads, appends, resumes, folders and renames', { timeout: 120_000 }, async () => {
    const kmsKeyId = await createKmsKey(moto.endpoint());
    const { server, bucket, key } = await moto.serve({
      storageOptions: { serverSideEncryption: 'aws:kms', kmsKeyId, storageClass: 'STANDARD_IA', tags: TAGS },
    });
    const paths = await uploadEveryWay(server);
    expect(await listKeys(moto.client(), bucket)).toEqual(paths.map(key).sort());
    for (const path of paths) {
      expect(await attributesOf(moto.client(), bucket, key(path)), path).toEqual({ sse: 'aws:kms', kmsKeyId, storageClass: 'STANDARD_IA', tags: TAGS });
    }
    // The bytes are what the clients sent (the appends added `small` once more to each file).
    expect(await objectDigest(moto.client(), bucket, key('resumed.bin'))).toEqual(big.digest);
    expect((await curl.download(`${server.url}/small.txt`)).bytes).toBe(2000);
    expect((await curl.download(`${server.url}/big.bin`)).bytes).toBe(20 * MIB + 1000);
  });
});

describe('GCS: object options on every object the server writes', () => {
  const gcs = useGcsEmulator();
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(gcs.apiEndpoint());
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('the KMS key on every object written, temporaries included, and the class on every file kept', { timeout: 120_000 }, async () => {
    const { server, bucket, key } = await gcs.serve({ apiEndpoint: proxy.endpoint, storageOptions: { kmsKeyName: GCS_KEY, storageClass: 'COLDLINE' } });
    const first = proxy.requests.length;
    const paths = await uploadEveryWay(server);
    const writes = objectWrites(proxy.requests.slice(first));

    const [files] = await bucket.getFiles();
    expect(files.map((file) => file.name).sort()).toEqual(paths.map(key).sort());
    expect(writes.length).toBeGreaterThanOrEqual(12);
    for (const write of writes) expect(write.kmsKeyName, write.name).toBe(GCS_KEY);
    const kept = writes.filter((write) => paths.map(key).includes(write.name));
    // Each path: the placeholder upload, small files sent whole, copy or compose commits, the rename's copy.
    expect(new Set(kept.map((write) => write.name))).toEqual(new Set(paths.map(key)));
    for (const write of kept) expect(write.storageClass, write.name).toBe('COLDLINE');
    // Temporaries only under the bucket-wide prefix, outside the user's, and none left.
    for (const write of writes) expect([...paths, 'to-rename.txt'].map(key).includes(write.name) || write.name.startsWith('.bucketftp-tmp/'), write.name).toBe(true);
    // The STORs create new files, small ones sent whole and big ones streamed straight onto their
    // names; the two appends and the resume are staged.
    expect(writes.filter((write) => write.name.startsWith('.bucketftp-tmp/')).length).toBeGreaterThanOrEqual(3);
    expect((await bucket.getFiles({ prefix: '.bucketftp-tmp/' }))[0]).toEqual([]);
    expect(await curl.download(`${server.url}/resumed.bin`)).toEqual(big.digest);
  });
});

describe('--check-config', () => {
  it('names the key of a refused object option', async () => {
    const dir = await makeTempDir('object-options-config');
    try {
      const config = join(dir, 'bucketftp.yaml');
      const storage = '{ driver: s3, bucket: data, serverSideEncryption: aws:kms, storageClass: GLACIER, tags: { "aws:x": y } }';
      await writeFile(config, `users:\n  - username: alice\n    passwordHash: "$scrypt$ln=10,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"\n    storage: ${storage}\n`);
      const result = await runProgram(process.execPath, [CLI_BIN, '--config', config, '--check-config'], { timeoutMs: 20_000 });
      expect(result.code, describeRun(result)).toBe(1);
      expect(result.stderr).toMatch(/^ {2}- users\[0\]\.storage\.storageClass: GLACIER is refused: its objects must be restored/m);
      expect(result.stderr).toMatch(/^ {2}- users\[0\]\.storage\.kmsKeyId: required with serverSideEncryption: aws:kms$/m);
      expect(result.stderr).toMatch(/^ {2}- users\[0\]\.storage\.tags\.aws:x: keys starting with aws: are reserved$/m);
    } finally {
      await removeDir(dir);
    }
  });
});
