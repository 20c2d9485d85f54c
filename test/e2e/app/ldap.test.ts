/**
 * LDAP logins through the built CLI: a real slapd (search-then-bind with a service account over
 * StartTLS, memberOf) and moto. A member of cn=acme-partners gets `partners/{username}` in one bucket
 * without any per-user entry: curl uploads, the object lands under the templated prefix, lftp lists
 * it. A wrong password and a user no mapping matches are answered 530; a directory that stops
 * answering makes logins fail closed (421) within the provider's timeout and shows in /readyz;
 * passwords stay out of the logs.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createBucket, motoClient, startMoto, type MotoServer } from '@bucketftp/storage-s3/testing';
import { ControlClient } from '@bucketftp/server/testing';
import { directoryLdif, startSlapd, SUFFIX, type SlapdServer } from 'bucketftp/testing';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../support/files.js';
import { describeRun, runProgram } from '../support/run.js';
import { requireTool } from '../support/tools.js';
import { baseConfig, eventually, freePorts, httpGet, startApp, writeJson, type Ports, type RunningApp } from './support/app.js';

const PASSWORDS = { alice: 'alice-ldap-pw-51', bob: 'bob-ldap-pw-77', service: 'svc-ldap-pw-93' };

describe('ldap provider in the running server', () => {
  let dir: string;
  let ports: Ports;
  let slapd: SlapdServer | undefined;
  let moto: MotoServer | undefined;
  let s3: S3Client | undefined;
  let app: RunningApp | undefined;
  let bucket: string;

  beforeAll(async () => {
    dir = await makeTempDir('app-ldap');
    ports = await freePorts();
    slapd = await startSlapd(
      directoryLdif({
        services: [{ cn: 'ftp-service', password: PASSWORDS.service }],
        people: [
          { uid: 'alice', password: PASSWORDS.alice },
          { uid: 'bob', password: PASSWORDS.bob },
        ],
        groups: [{ cn: 'acme-partners', members: ['alice'] }],
      }),
    );
    moto = await startMoto();
    s3 = motoClient(moto.endpoint);
    bucket = await createBucket(s3, 'ldap');
    await writeFile(join(dir, 'directory-ca.pem'), slapd.caPem);
    await writeJson(join(dir, 'config.yaml'), {
      ...baseConfig(ports),
      defaults: { s3: { bucket, endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } },
      auth: {
        providers: [
          {
            type: 'ldap',
            name: 'corp',
            url: slapd.url,
            startTls: true,
            timeoutMs: 1_000,
            ca: { file: 'directory-ca.pem' },
            search: {
              baseDn: `ou=people,${SUFFIX}`,
              filter: '(&(objectClass=inetOrgPerson)(uid={username}))',
              bindDn: `cn=ftp-service,ou=services,${SUFFIX}`,
              bindPassword: { env: 'LDAP_BIND_PASSWORD' },
            },
            groups: { source: 'memberOf' },
            mappings: [{ group: 'cn=acme-partners', user: { storage: { driver: 's3', prefix: 'partners/{username}' } } }],
          },
        ],
      },
    });
    app = await startApp(join(dir, 'config.yaml'), { env: { LDAP_BIND_PASSWORD: PASSWORDS.service } });
  });

  afterAll(async () => {
    const logs = JSON.stringify(app?.logs() ?? []) + (app?.stderr() ?? '');
    expect(await app?.stop()).toBe(0);
    s3?.destroy();
    await moto?.stop();
    await slapd?.stop();
    await removeDir(dir);
    for (const password of Object.values(PASSWORDS)) expect(logs).not.toContain(password);
  });

  it('stores a partner’s upload under partners/{username} and lists it back', async () => {
    const source = join(dir, 'report.csv');
    await writeFile(source, 'id,total\n1,42\n');
    const curl = await runProgram(requireTool('curl'), ['--silent', '--show-error', '--max-time', '30', '--user', `alice:${PASSWORDS.alice}`, '-T', source, `ftp://127.0.0.1:${ports.ftp}/report.csv`], { timeoutMs: 40_000 });
    expect(curl.code, describeRun(curl)).toBe(0);

    const object = await s3!.send(new GetObjectCommand({ Bucket: bucket, Key: 'partners/alice/report.csv' }));
    expect(await object.Body?.transformToString()).toBe('id,total\n1,42\n');

    const script = ['set net:max-retries 1', 'set net:timeout 10', 'set cmd:fail-exit yes', 'set ftp:ssl-allow no', `open -u alice,${PASSWORDS.alice} -p ${ports.ftp} 127.0.0.1`, 'cls -1'].join('; ');
    const lftp = await runProgram(requireTool('lftp'), ['-c', script], { timeoutMs: 30_000 });
    expect(lftp.code, describeRun(lftp)).toBe(0);
    expect(lftp.stdout.split('\n').filter(Boolean)).toEqual(['report.csv']);
  });

  it('answers 530 to a wrong password and to a user no mapping matches', async () => {
    for (const [username, password] of [
      ['alice', 'not-her-password'],
      ['bob', PASSWORDS.bob],
    ] as const) {
      const control = await ControlClient.connect({ host: '127.0.0.1', port: ports.ftp, greeting: true });
      try {
        expect((await control.command(`USER ${username}`)).code).toBe(331);
        expect((await control.command(`PASS ${password}`)).code).toBe(530);
      } finally {
        control.destroy();
      }
    }
    await app!.waitForLog((line) => typeof line.msg === 'string' && line.msg.includes('no mapping matches') && line.user === 'bob');
  });

  it('fails closed with 421 while the directory does not answer, and reports it in /readyz', async () => {
    type Readiness = { providers: { provider: string; type: string; state: string }[] };
    const corp = async () => (await httpGet(ports.http, '/readyz')).json<Readiness>().providers.find((provider) => provider.provider === 'corp');
    expect(await corp()).toEqual({ provider: 'corp', type: 'ldap', state: 'up' });
    await slapd!.pause();
    try {
      const control = await ControlClient.connect({ host: '127.0.0.1', port: ports.ftp, greeting: true });
      try {
        expect((await control.command('USER alice')).code).toBe(331);
        const started = Date.now();
        expect((await control.command(`PASS ${PASSWORDS.alice}`)).code).toBe(421);
        expect(Date.now() - started).toBeLessThan(3_000);
      } finally {
        control.destroy();
      }
      await eventually(async () => ((await corp())?.state === 'down' ? true : undefined), 'corp down in /readyz');
    } finally {
      slapd!.resume();
    }
    const control = await ControlClient.connect({ host: '127.0.0.1', port: ports.ftp, greeting: true });
    try {
      await control.login('alice', PASSWORDS.alice);
    } finally {
      control.destroy();
    }
    await eventually(async () => ((await corp())?.state === 'up' ? true : undefined), 'corp up again in /readyz');
  });
});
