import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStorageDriver } from '@bucketftp/storage/conformance';
import { FsDriver } from './fs-driver.js';
import { UPLOAD_TEMP_PREFIX } from './root-jail.js';

for (const durable of [false, true]) {
  describeStorageDriver(`fs (durable: ${durable})`, async () => {
    const root = await mkdtemp(join(tmpdir(), 'bucketftp-fs-'));
    return { driver: new FsDriver({ root, durable }), cleanup: () => rm(root, { recursive: true, force: true }) };
  });
}

const bytes = (text: string) => new TextEncoder().encode(text);

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield bytes(part);
}

async function* failing(...parts: string[]): AsyncGenerator<Uint8Array> {
  yield* chunks(...parts);
  throw new Error('connection reset');
}

async function collectNames(items: AsyncIterable<{ name: string }>): Promise<string[]> {
  const names: string[] = [];
  for await (const item of items) names.push(item.name);
  return names.sort();
}

describe('FsDriver on a real folder', () => {
  let sandbox: string;
  let root: string;
  let outside: string;
  let driver: FsDriver;

  beforeEach(async () => {
    sandbox = await mkdtemp(join(tmpdir(), 'bucketftp-fs-jail-'));
    root = join(sandbox, 'root');
    outside = join(sandbox, 'outside');
    await mkdir(root);
    await mkdir(outside);
    await writeFile(join(outside, 'secret.txt'), 'secret');
    driver = new FsDriver({ root });
  });

  afterEach(async () => {
    await rm(sandbox, { recursive: true, force: true });
  });

  it('stores a virtual path at the same place under the root', async () => {
    await driver.mkdir('/a');
    await driver.write('/a/b c.txt', chunks('mapped'));
    expect(await readFile(join(root, 'a', 'b c.txt'), 'utf8')).toBe('mapped');
  });

  it('locates a virtual path as its file under the root, with a file:// URL', () => {
    const local = join(root, 'a', 'b c.txt');
    expect(driver.locate('/a/b c.txt')).toEqual({ driver: 'fs', key: local, url: pathToFileURL(local).href });
    expect(driver.locate('/')).toEqual({ driver: 'fs', key: root, url: pathToFileURL(root).href });
  });

  describe('the root jail', () => {
    it('refuses paths that are not normalised, such as ../ escapes, as invalid-name', async () => {
      const attacks = ['/../outside/secret.txt', '/a/../../outside/secret.txt', '../outside', '/..', '/./x', '//x', '/x/'];
      for (const path of attacks) {
        await expect(driver.stat(path), path).rejects.toMatchObject({ kind: 'invalid-name' });
        await expect(driver.read(path), path).rejects.toMatchObject({ kind: 'invalid-name' });
        await expect(driver.write(path, chunks('pwned')), path).rejects.toMatchObject({ kind: 'invalid-name' });
        await expect(driver.delete(path), path).rejects.toMatchObject({ kind: 'invalid-name' });
        await expect(driver.rename('/x', path), path).rejects.toMatchObject({ kind: 'invalid-name' });
      }
      expect(await readdir(outside)).toEqual(['secret.txt']);
      expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
    });

    it('refuses, as permission, to follow a symlink that leads outside the root', async () => {
      await symlink(outside, join(root, 'escape'));
      await symlink(join(outside, 'secret.txt'), join(root, 'secret-link'));
      await expect(driver.stat('/escape')).rejects.toMatchObject({ kind: 'permission' });
      await expect(driver.read('/escape/secret.txt')).rejects.toMatchObject({ kind: 'permission' });
      await expect(driver.read('/secret-link')).rejects.toMatchObject({ kind: 'permission' });
      await expect(driver.write('/escape/new.txt', chunks('pwned'))).rejects.toMatchObject({ kind: 'permission' });
      await expect(driver.write('/escape/missing/new.txt', chunks('pwned'))).rejects.toMatchObject({ kind: 'permission' });
      await expect(driver.write('/secret-link', chunks('pwned'))).rejects.toMatchObject({ kind: 'permission' });
      await expect(driver.mkdir('/escape/dir')).rejects.toMatchObject({ kind: 'permission' });
      await expect(driver.delete('/escape/secret.txt')).rejects.toMatchObject({ kind: 'permission' });
      await expect(driver.rename('/escape/secret.txt', '/stolen')).rejects.toMatchObject({ kind: 'permission' });
      await expect(collectNames(driver.list('/escape'))).rejects.toMatchObject({ kind: 'permission' });
      expect(await readdir(outside)).toEqual(['secret.txt']);
      expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
    });

    it('leaves symlinks that lead outside the root out of listings', async () => {
      await symlink(outside, join(root, 'escape'));
      await writeFile(join(root, 'plain.txt'), 'plain');
      expect(await collectNames(driver.list('/'))).toEqual(['plain.txt']);
    });

    it('follows a symlink that stays inside the root', async () => {
      await mkdir(join(root, 'real'));
      await writeFile(join(root, 'real', 'f.txt'), 'inside');
      await symlink(join(root, 'real'), join(root, 'alias'));
      expect(await collectNames(driver.list('/alias'))).toEqual(['f.txt']);
      expect(await driver.stat('/alias')).toMatchObject({ type: 'dir' });
      expect(await collectNames(driver.list('/'))).toEqual(['alias', 'real']);
    });

    it('works with a root that is itself reached through a symlink', async () => {
      await symlink(root, join(sandbox, 'root-link'));
      const linked = new FsDriver({ root: join(sandbox, 'root-link') });
      await linked.write('/through-link.txt', chunks('ok'));
      expect(await readFile(join(root, 'through-link.txt'), 'utf8')).toBe('ok');
    });

    it('reports a missing root as unavailable', async () => {
      const lost = new FsDriver({ root: join(sandbox, 'no-such-root') });
      await expect(lost.ping()).rejects.toMatchObject({ kind: 'unavailable' });
      await expect(lost.stat('/')).rejects.toMatchObject({ kind: 'unavailable' });
      await expect(driver.ping()).resolves.toBeUndefined();
    });
  });

  describe('upload temporaries', () => {
    it('leaves no temporary file behind after a success, a failure, an abort or a kept partial', async () => {
      await driver.write('/f', chunks('original'));
      await driver.write('/f', chunks('replaced'));
      await expect(driver.write('/f', failing('lost'))).rejects.toThrow('connection reset');
      await expect(driver.write('/f', failing('more'), { mode: { kind: 'append' } })).rejects.toThrow();
      await expect(driver.write('/f', failing('RE'), { mode: { kind: 'resume', offset: 2 } })).rejects.toThrow();
      await expect(driver.write('/new', failing('lost'))).rejects.toThrow();
      await expect(driver.write('/kept', failing('part'), { partial: 'keep' })).rejects.toThrow();
      const controller = new AbortController();
      async function* aborting(): AsyncGenerator<Uint8Array> {
        yield bytes('x');
        controller.abort();
        await new Promise<never>(() => undefined);
      }
      await expect(driver.write('/f', aborting(), { signal: controller.signal })).rejects.toMatchObject({
        kind: 'aborted',
      });
      expect((await readdir(root)).sort()).toEqual(['f', 'kept']);
      expect(await readFile(join(root, 'f'), 'utf8')).toBe('replaced');
    });

    it('removes its temporary file when the commit fails', async () => {
      async function* racing(): AsyncGenerator<Uint8Array> {
        yield bytes('file data');
        await mkdir(join(root, 'taken'));
        await writeFile(join(root, 'taken', 'inside'), 'x');
      }
      await expect(driver.write('/taken', racing())).rejects.toMatchObject({ kind: 'is-a-directory' });
      expect(await readdir(root)).toEqual(['taken']);
      expect(await readdir(join(root, 'taken'))).toEqual(['inside']);
    });

    it('stages an upload under the reserved prefix, beside its target', async () => {
      let staged: string[] = [];
      async function* observing(): AsyncGenerator<Uint8Array> {
        yield bytes('first');
        staged = await readdir(root);
        yield bytes(' second');
      }
      await driver.write('/target', observing());
      expect(staged).toHaveLength(1);
      expect(staged[0]?.startsWith(UPLOAD_TEMP_PREFIX)).toBe(true);
      expect(await readdir(root)).toEqual(['target']);
    });

    it('refuses the reserved prefix as a user-given name', async () => {
      const reserved = `/${UPLOAD_TEMP_PREFIX}mine`;
      await expect(driver.write(reserved, chunks('x'))).rejects.toMatchObject({ kind: 'invalid-name' });
      await expect(driver.mkdir(`${reserved}-dir`)).rejects.toMatchObject({ kind: 'invalid-name' });
      await expect(driver.stat(`${reserved}/below`)).rejects.toMatchObject({ kind: 'invalid-name' });
      expect(await readdir(root)).toEqual([]);
    });

    it('hides temporaries left by a crash, and removes them with their otherwise empty directory', async () => {
      await mkdir(join(root, 'd'));
      await writeFile(join(root, 'd', `${UPLOAD_TEMP_PREFIX}crashed`), 'half an upload');
      expect(await collectNames(driver.list('/d'))).toEqual([]);
      await driver.rmdir('/d');
      await expect(stat(join(root, 'd'))).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('still refuses to remove a directory that holds user files besides temporaries', async () => {
      await mkdir(join(root, 'd'));
      await writeFile(join(root, 'd', `${UPLOAD_TEMP_PREFIX}crashed`), 'half an upload');
      await writeFile(join(root, 'd', 'user.txt'), 'user');
      await expect(driver.rmdir('/d')).rejects.toMatchObject({ kind: 'not-empty' });
      expect((await readdir(join(root, 'd'))).sort()).toEqual([`${UPLOAD_TEMP_PREFIX}crashed`, 'user.txt']);
    });

    it('keeps the permission bits of a file it replaces', async () => {
      await writeFile(join(root, 'private'), 'old');
      await chmod(join(root, 'private'), 0o600);
      await driver.write('/private', chunks('new'));
      expect((await stat(join(root, 'private'))).mode & 0o777).toBe(0o600);
    });

    it('appends to and resumes a read-only file, which stays read-only', async () => {
      await writeFile(join(root, 'ro'), 'abcdef');
      await chmod(join(root, 'ro'), 0o444);
      await driver.write('/ro', chunks('gh'), { mode: { kind: 'append' } });
      await driver.write('/ro', chunks('XY'), { mode: { kind: 'resume', offset: 3 } });
      expect(await readFile(join(root, 'ro'), 'utf8')).toBe('abcXY');
      expect((await stat(join(root, 'ro'))).mode & 0o777).toBe(0o444);
    });
  });

  it('does not serve a FIFO as a file', async () => {
    execFileSync('mkfifo', [join(root, 'pipe')]);
    await expect(driver.read('/pipe')).rejects.toMatchObject({ kind: 'not-found' });
    await expect(driver.stat('/pipe')).rejects.toMatchObject({ kind: 'not-found' });
    expect(await collectNames(driver.list('/'))).toEqual([]);
  });
});
