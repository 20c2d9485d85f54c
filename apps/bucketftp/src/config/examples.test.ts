import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';
import { externalUserSchema } from './user-schema.js';

const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));

describe('the shipped examples', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bucketftp-examples-'));
    for (const file of ['production.yaml', 'users.yaml']) await copyFile(join(EXAMPLES, file), join(dir, file));
    await mkdir(join(dir, 'secrets'));
    await writeFile(join(dir, 'secrets', 's3-secret-access-key'), 'example-secret\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('demo.yaml is valid', async () => {
    const loaded = await loadConfig(join(EXAMPLES, 'demo.yaml'));
    expect(loaded.users.map((user) => user.username)).toEqual(['demo']);
  });

  it('dropbox.yaml is valid, with its drop-box rules per user and per mount', async () => {
    const hash = '$scrypt$ln=15,r=8,p=1$eQ1bLafacMCa-m5EMVk9yg$NXByUPc2d_wTDe55qbsZbzAom1dCJoBDhE0fixQFDYw';
    const env = { ACME_DROP_PASSWORD_HASH: hash, GLOBEX_DROP_PASSWORD_HASH: hash };
    const loaded = await loadConfig(join(EXAMPLES, 'dropbox.yaml'), { env });
    expect(loaded.users.map((user) => user.username)).toEqual(['acme-drop', 'globex-drop']);
    expect(loaded.users[0]).toMatchObject({ permissions: ['list', 'write'], overwrite: false, maxFileSize: 500 * 1024 ** 2, hidden: ['.*'] });
    expect(loaded.users[1]?.mounts?.map((mount) => [mount.path, mount.maxFileSize, mount.allowedNames])).toEqual([
      ['/', undefined, undefined],
      ['/inbox', 20 * 1024 ** 2, ['*.xml']],
      ['/bulk', 20 * 1024 ** 3, undefined],
    ]);
  });

  it('production.yaml and its users.yaml are valid once their secrets are given', async () => {
    const env = {
      S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      OPS_PASSWORD_HASH: '$scrypt$ln=15,r=8,p=1$eQ1bLafacMCa-m5EMVk9yg$NXByUPc2d_wTDe55qbsZbzAom1dCJoBDhE0fixQFDYw',
      PARTNER_S3_KEY_ID: 'partner',
      PARTNER_S3_SECRET: 'partner-secret',
      BUCKETFTP_WEBHOOK_SECRET: 'a-webhook-secret-of-some-length',
    };
    const loaded = await loadConfig(join(dir, 'production.yaml'), { env });
    expect(loaded.users.map((user) => user.username)).toEqual(['ops', 'acme', 'globex', 'initech', 'partner']);
    expect(loaded.config.events.sinks).toMatchObject([
      { type: 'webhook', name: 'webhook', url: 'https://hooks.example.com/bucketftp', secret: 'a-webhook-secret-of-some-length', maxQueue: 10_000 },
    ]);
    expect(loaded.users[1]?.storage).toMatchObject({
      driver: 's3',
      bucket: 'acme-ftp',
      region: 'eu-west-1',
      prefix: 'customers/acme',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example-secret' },
      serverSideEncryption: 'aws:kms',
      storageClass: 'STANDARD_IA',
      tags: { customer: 'acme', source: 'ftp' },
    });
    expect(loaded.users[2]?.storage).toMatchObject({ driver: 'gcs', kmsKeyName: expect.stringMatching(/^projects\//), storageClass: 'NEARLINE' });
    expect(loaded.users[3]?.mounts?.map((mount) => [mount.path, mount.storage.driver, mount.readOnly])).toEqual([
      ['/', 's3', true],
      ['/inbox', 's3', false],
      ['/archive', 'gcs', true],
    ]);
    expect(loaded.users[0]?.limits).toEqual({ uploadBytesPerSecond: 10_485_760, downloadBytesPerSecond: 52_428_800 });
    expect(loaded.users[1]?.limits).toBeUndefined();
    expect(loaded.config.server.limits).toMatchObject({ uploadBytesPerSecond: 0, downloadBytesPerSecond: 0 });
    expect(loaded.config.metrics).toEqual({ perUser: true, maxUsers: 100 });
  });

  it('http-hook/bucketftp.yaml is valid: no configured users, every hook user under customers/{username}', async () => {
    const loaded = await loadConfig(join(EXAMPLES, 'http-hook', 'bucketftp.yaml'), { env: { HOOK_TOKEN: 'change-me-0123456789' } });
    expect(loaded.users).toEqual([]);
    expect(loaded.config.auth.providers).toMatchObject([{ type: 'http', url: 'http://127.0.0.1:8080/login', bearerToken: 'change-me-0123456789' }]);
    expect(loaded.userTemplate).toEqual({ storage: { driver: 's3', prefix: 'customers/{username}' } });
  });

  it('http-hook/hook.schema.json names exactly the fields of an external user and of the request', async () => {
    const schema = JSON.parse(await readFile(join(EXAMPLES, 'http-hook', 'hook.schema.json'), 'utf8')) as {
      $defs: { User: { properties: Record<string, unknown> }; Request: { properties: Record<string, unknown> } };
    };
    const fields = Object.keys(externalUserSchema({ baseDir: '/', env: {} }).shape).sort();
    expect(Object.keys(schema.$defs.User.properties).sort()).toEqual(fields);
    expect(Object.keys(schema.$defs.Request.properties).sort()).toEqual(['clientAddress', 'password', 'protocol', 'serverAddress', 'tls', 'username']);
  });
});

