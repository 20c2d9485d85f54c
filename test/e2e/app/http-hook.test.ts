/**
 * Users known to an HTTP hook, through the built CLI, a real S3 emulator and real clients. The hook
 * is the shipped example (examples/http-hook/receiver.mjs) run as its own process: one bucket, no
 * per-user entries, every hook user under `customers/{username}/` from one `userTemplate`.
 * - curl uploads as a hook user and the object lands under that user's prefix; lftp downloads it;
 * - a wrong password is 530 and counted; a repeated login is answered from the cache (no request);
 * - a changed `userTemplate` (users file reloaded) ends the user's open session at its next command;
 * - the hook going down fails closed: 421, logged, counted, and /readyz reports the provider down.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createBucket, motoClient, startMoto, type MotoServer } from '@bucketftp/storage-s3/testing';
import { ControlClient } from '@bucketftp/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, writePatternFile } from '../support/files.js';
import { describeRun, runProgram } from '../support/run.js';
import { requireTool } from '../support/tools.js';
import { baseConfig, eventually, freePorts, httpGet, sample, startApp, testHash, writeJson, type Ports, type RunningApp } from './support/app.js';

const RECEIVER = fileURLToPath(new URL('../../../examples/http-hook/receiver.mjs', import.meta.url));
const TOKEN = 'e2e-hook-token-0123456789';

interface Hook {
  readonly child: ChildProcess;
  readonly port: number;
  /** The receiver's log lines (one per accepted login). */
  readonly lines: () => string[];
}

async function startReceiver(usersFile: string): Promise<Hook> {
  const child = spawn(process.execPath, [RECEIVER, 'serve'], {
    env: { ...process.env, HOOK_TOKEN: TOKEN, HOOK_USERS: usersFile, HOOK_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let partial = '';
  const listening = new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`receiver exited (${code})`)));
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      partial += text;
      for (let end = partial.indexOf('\n'); end !== -1; end = partial.indexOf('\n')) {
        const line = partial.slice(0, end);
        partial = partial.slice(end + 1);
        lines.push(line);
        const parsed = JSON.parse(line) as { msg?: string; port?: number };
        if (parsed.msg === 'hook listening' && parsed.port) resolve(parsed.port);
      }
    });
  });
  return { child, port: await listening, lines: () => lines.filter((line) => line.includes('"accepted"')) };
}

async function receiverHash(password: string): Promise<string> {
  const result = await runProgram(process.execPath, [RECEIVER, 'hash', password]);
  return result.stdout.trim();
}

describe('users from an HTTP hook', () => {
  let dir: string;
  let ports: Ports;
  let moto: MotoServer;
  let bucket: string;
  let hook: Hook;
  let app: RunningApp;
  let curlPath: string;
  let lftpPath: string;

  const usersFile = (prefix: string) => ({
    users: [{ username: 'ops', passwordHash: opsHash, storage: { driver: 's3', prefix: 'ops' } }],
    userTemplate: { storage: { driver: 's3', prefix: `${prefix}/{username}` }, permissions: ['list', 'read', 'write', 'mkdir'] },
  });
  let opsHash: string;

  async function keys(prefix: string): Promise<string[]> {
    const s3 = motoClient(moto.endpoint);
    try {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
    } finally {
      s3.destroy();
    }
  }

  const curl = (...args: string[]) => runProgram(curlPath, ['--silent', '--show-error', '--max-time', '30', ...args], { timeoutMs: 40_000 });
  const url = (user: string, password: string, path = '') => `ftp://${user}:${password}@127.0.0.1:${ports.ftp}/${path}`;

  beforeAll(async () => {
    curlPath = requireTool('curl');
    lftpPath = requireTool('lftp');
    dir = await makeTempDir('app-http-hook');
    ports = await freePorts();
    moto = await startMoto();
    const s3 = motoClient(moto.endpoint);
    try {
      bucket = await createBucket(s3, 'hook');
    } finally {
      s3.destroy();
    }
    await writeJson(join(dir, 'hook-users.json'), {
      alice: { passwordHash: await receiverHash('alice-pw'), tenant: 'acme' },
      bob: { passwordHash: await receiverHash('bob-pw'), tenant: 'globex', user: { readOnly: true } },
      carol: { passwordHash: await receiverHash('carol-pw'), tenant: 'initech' },
    });
    hook = await startReceiver(join(dir, 'hook-users.json'));
    opsHash = await testHash('ops-pw');
    await writeJson(join(dir, 'users.yaml'), usersFile('customers'));
    await writeJson(join(dir, 'config.yaml'), {
      ...baseConfig(ports, { http: { readyCacheMs: 100, pingTimeoutMs: 1000 } }),
      defaults: { s3: { bucket, endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } },
      usersFile: 'users.yaml',
      auth: {
        providers: [{ type: 'config' }, { type: 'http', name: 'hook', url: `http://127.0.0.1:${hook.port}/login`, bearerToken: { env: 'E2E_HOOK_TOKEN' }, timeoutMs: 2000, cacheTtlMs: 60_000 }],
      },
    });
    app = await startApp(join(dir, 'config.yaml'), { env: { E2E_HOOK_TOKEN: TOKEN } });
  }, 60_000);
  afterAll(async () => {
    expect(await app?.stop()).toBe(0);
    hook?.child.kill('SIGTERM');
    await moto?.stop();
    await removeDir(dir);
  });

  it('puts a hook user under customers/{username}/ in the bucket: curl uploads, lftp downloads', async () => {
    await writePatternFile(join(dir, 'report.bin'), 300_000, 'hook-upload');
    const upload = await curl('--ftp-create-dirs', '-T', join(dir, 'report.bin'), url('alice', 'alice-pw', 'in/report.bin'));
    expect(upload.code, describeRun(upload)).toBe(0);
    expect(await keys('customers/')).toEqual(['customers/alice/in/', 'customers/alice/in/report.bin']);
    const script = ['set cmd:fail-exit yes', 'set net:max-retries 1', `open -u alice,alice-pw -p ${ports.ftp} 127.0.0.1`, `get in/report.bin -o ${join(dir, 'back.bin')}`].join('; ');
    const download = await runProgram(lftpPath, ['-c', script], { timeoutMs: 45_000 });
    expect(download.code, describeRun(download)).toBe(0);
    expect(await readFile(join(dir, 'back.bin'))).toEqual(await readFile(join(dir, 'report.bin')));
    // The configured user still logs in, and the hook never hears of it.
    const ops = await curl('--list-only', url('ops', 'ops-pw'));
    expect(ops.code, describeRun(ops)).toBe(0);
  });

  it('answers a repeated login from the cache, applies the hook user’s settings, and refuses a wrong password with 530', async () => {
    const before = hook.lines().length;
    const listed = await curl('--list-only', url('alice', 'alice-pw', 'in/'));
    expect(listed.stdout.trim()).toBe('report.bin');
    expect(hook.lines().length).toBe(before); // cached: no request to the hook
    const readOnly = await curl('-T', join(dir, 'report.bin'), url('bob', 'bob-pw', 'nope.bin'));
    expect(readOnly.code, describeRun(readOnly)).not.toBe(0);
    expect(await keys('customers/bob')).toEqual([]);
    const wrong = await curl('--list-only', url('alice', 'not-her-password'));
    expect(wrong.code).toBe(67); // curl: login denied
    const metrics = (await httpGet(ports.http, '/metrics')).text;
    expect(sample(metrics, 'bucketftp_logins_total{provider="hook",result="ok"}')).toBeGreaterThanOrEqual(4);
    expect(sample(metrics, 'bucketftp_logins_total{provider="hook",result="failed"}')).toBe(1);
    expect(sample(metrics, 'bucketftp_logins_total{provider="config",result="ok"}')).toBe(1);
    expect(sample(metrics, 'bucketftp_auth_provider_up{provider="hook"}')).toBe(1);
    expect(JSON.stringify(app.logs())).not.toContain('alice-pw');
  });

  it('ends an open session of a hook user at its next command when the userTemplate changes', async () => {
    const control = await ControlClient.connect({ host: '127.0.0.1', port: ports.ftp, greeting: true });
    try {
      await control.login('alice', 'alice-pw');
      expect((await control.command('PWD')).code).toBe(257);
      await writeJson(join(dir, 'users.yaml'), usersFile('archive'));
      app.signal('SIGHUP');
      await app.waitForLog((line) => line.msg === 'users reloaded' && JSON.stringify(line.changed).includes('alice'));
      expect((await control.command('PWD')).code).toBe(421);
    } finally {
      control.destroy();
    }
    await writeFile(join(dir, 'second.txt'), 'moved\n');
    const upload = await curl('-T', join(dir, 'second.txt'), url('alice', 'alice-pw', 'second.txt'));
    expect(upload.code, describeRun(upload)).toBe(0);
    expect(await keys('archive/')).toEqual(['archive/alice/second.txt']);
  });

  it('fails closed when the hook is down: 421, logged and counted, and /readyz reports the provider down', async () => {
    hook.child.kill('SIGTERM');
    await once(hook.child, 'exit');
    const control = await ControlClient.connect({ host: '127.0.0.1', port: ports.ftp, greeting: true });
    try {
      // carol never logged in: nothing cached, so the hook must be asked.
      await control.command('USER carol');
      const reply = await control.command('PASS carol-pw');
      expect(reply.code).toBe(421);
      await control.closed;
    } finally {
      control.destroy();
    }
    await app.waitForLog((line) => line.msg === 'login refused: the identity backend is unavailable');
    await app.waitForLog((line) => line.msg === 'auth provider unavailable; its logins are refused with 421' && line.provider === 'hook');
    const ready = await eventually(async () => {
      const answer = await httpGet(ports.http, '/readyz');
      const body = answer.json<{ providers: { provider: string; state: string }[] }>();
      return body.providers.some((provider) => provider.provider === 'hook' && provider.state === 'down') ? answer : undefined;
    }, 'the hook reported down');
    expect(ready.status).toBe(200);
    expect(ready.json()).toMatchObject({ providers: [{ provider: 'config', type: 'config', state: 'up' }, { provider: 'hook', type: 'http', state: 'down' }] });
    const metrics = (await httpGet(ports.http, '/metrics')).text;
    expect(sample(metrics, 'bucketftp_logins_total{provider="hook",result="unavailable"}')).toBe(1);
    expect(sample(metrics, 'bucketftp_auth_provider_up{provider="hook"}')).toBe(0);
    // The configured users are not affected.
    const ops = await curl('--list-only', url('ops', 'ops-pw'));
    expect(ops.code, describeRun(ops)).toBe(0);
  });
});
