import { describe, expect, it } from 'vitest';
import { describeStorageDriver } from './conformance/index.js';
import { chunksOf, dir, expectKind, file, listed, put, readText } from './conformance/helpers.js';
import { StorageError } from './errors.js';
import { MemoryDriver } from './memory-driver.js';
import { MountDriver } from './mount-driver.js';
import type { Capabilities } from './types.js';

describeStorageDriver('mount (one root mount over memory)', async () => ({
  driver: new MountDriver([{ path: '/', driver: new MemoryDriver() }]),
}));

class MinimalMemoryDriver extends MemoryDriver {
  override readonly capabilities: Capabilities = { append: false, resume: false, renameDirectories: false, setModified: false };
}

describeStorageDriver('mount (one root mount over memory without append, resume or directory renames)', async () => ({
  driver: new MountDriver([{ path: '/', driver: new MinimalMemoryDriver() }]),
}));

/** `/` read-only on `home`, `/inbox` on `inbox`, `/archive/2024` on `archive`. */
async function layout() {
  const home = new MemoryDriver();
  const inbox = new MemoryDriver();
  const archive = new MemoryDriver();
  await put(home, '/readme.txt', 'read me');
  await home.mkdir('/inbox'); // hidden by the mount of the same name
  await home.mkdir('/docs');
  const driver = new MountDriver([
    { path: '/', driver: home, readOnly: true },
    { path: '/inbox', driver: inbox },
    { path: '/archive/2024', driver: archive },
  ]);
  return { home, inbox, archive, driver };
}

describe('MountDriver routing', () => {
  it('sends each path to the mount with the longest prefix, relative to its mount point', async () => {
    const { driver, inbox, archive } = await layout();
    await put(driver, '/inbox/a.txt', 'to the inbox');
    await put(driver, '/archive/2024/b.txt', 'to the archive');
    expect(await readText(inbox, '/a.txt')).toBe('to the inbox');
    expect(await readText(archive, '/b.txt')).toBe('to the archive');
    expect(await readText(driver, '/readme.txt')).toBe('read me');
  });

  it('prefers a deeper mount inside another one', async () => {
    const outer = new MemoryDriver();
    const deep = new MemoryDriver();
    const driver = new MountDriver([
      { path: '/inbox', driver: outer },
      { path: '/inbox/deep', driver: deep },
    ]);
    await put(driver, '/inbox/deep/x', 'deep');
    await put(driver, '/inbox/y', 'outer');
    expect(await listed(deep, '/')).toEqual([file('x', 4)]);
    expect(await listed(outer, '/')).toEqual([file('y', 5)]);
    expect(await listed(driver, '/inbox')).toEqual([dir('deep'), file('y', 5)]);
  });
});

describe('MountDriver listings', () => {
  it('shows mount points as directories among the entries of the covering storage, once each', async () => {
    const { driver } = await layout();
    expect(await listed(driver, '/')).toEqual([dir('archive'), dir('docs'), dir('inbox'), file('readme.txt', 7)]);
  });

  it('presents the folders above a mount point, which no storage holds', async () => {
    const { driver } = await layout();
    expect(await listed(driver, '/archive')).toEqual([dir('2024')]);
    expect(await driver.stat('/archive')).toMatchObject({ name: 'archive', type: 'dir', size: 0 });
    expect(await driver.stat('/archive/2024')).toMatchObject({ name: '2024', type: 'dir' });
    expect(await driver.stat('/')).toMatchObject({ name: '/', type: 'dir' });
  });

  it('hides a file of the covering storage that has a mount point’s name', async () => {
    const home = new MemoryDriver();
    await put(home, '/inbox', 'shadowed');
    const driver = new MountDriver([
      { path: '/', driver: home },
      { path: '/inbox', driver: new MemoryDriver() },
    ]);
    expect(await listed(driver, '/')).toEqual([dir('inbox')]);
    expect(await driver.stat('/inbox')).toMatchObject({ type: 'dir' });
  });

  it('without a root mount, lists the mount points at / and knows nothing else there', async () => {
    const driver = new MountDriver([
      { path: '/inbox', driver: new MemoryDriver() },
      { path: '/archive', driver: new MemoryDriver() },
    ]);
    expect(await listed(driver, '/')).toEqual([dir('archive'), dir('inbox')]);
    await expectKind(driver.stat('/other'), 'not-found');
    await expectKind(listed(driver, '/other'), 'not-found');
    await expectKind(driver.read('/other'), 'not-found');
    await expectKind(put(driver, '/other', 'x'), 'permission');
    await expectKind(driver.mkdir('/other'), 'permission');
    await expectKind(driver.mkdir('/missing/other'), 'not-found');
  });
});

describe('MountDriver mount points', () => {
  it('cannot be removed, renamed, replaced or deleted, and exist already', async () => {
    const { driver } = await layout();
    await expectKind(driver.rmdir('/inbox'), 'permission');
    await expectKind(driver.rmdir('/archive'), 'permission');
    await expectKind(driver.rename('/inbox', '/inbox2'), 'permission');
    await expectKind(driver.rename('/archive', '/old'), 'permission');
    await expectKind(driver.rename('/inbox/x', '/archive/2024'), 'permission');
    await expectKind(driver.delete('/inbox'), 'is-a-directory');
    await expectKind(driver.read('/inbox'), 'is-a-directory');
    await expectKind(put(driver, '/archive', 'x'), 'is-a-directory');
    await expectKind(driver.mkdir('/inbox'), 'exists');
    await expectKind(driver.mkdir('/archive'), 'exists');
    expect(await listed(driver, '/')).toEqual([dir('archive'), dir('docs'), dir('inbox'), file('readme.txt', 7)]);
  });

  it('refuses a rename from one mount to another with unsupported, changing nothing', async () => {
    const { driver, inbox, archive } = await layout();
    await put(driver, '/inbox/report.csv', 'a,b');
    const error = await driver.rename('/inbox/report.csv', '/archive/2024/report.csv').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ kind: 'unsupported', message: expect.stringContaining('rename across storages') });
    expect(await listed(inbox, '/')).toEqual([file('report.csv', 3)]);
    expect(await listed(archive, '/')).toEqual([]);
  });

  it('renames within one mount', async () => {
    const { driver, inbox } = await layout();
    await put(driver, '/inbox/a', 'a');
    await driver.mkdir('/inbox/done');
    await driver.rename('/inbox/a', '/inbox/done/a');
    expect(await listed(inbox, '/done')).toEqual([file('a', 1)]);
  });
});

describe('MountDriver read-only mounts', () => {
  it('refuse every change with permission and still serve reads', async () => {
    const { driver, home } = await layout();
    await expectKind(put(driver, '/new.txt', 'x'), 'permission');
    await expectKind(put(driver, '/readme.txt', 'x'), 'permission');
    await expectKind(driver.mkdir('/docs/sub'), 'permission');
    await expectKind(driver.rmdir('/docs'), 'permission');
    await expectKind(driver.delete('/readme.txt'), 'permission');
    await expectKind(driver.rename('/readme.txt', '/r.txt'), 'permission');
    await expectKind(driver.setModified('/readme.txt', new Date(0)), 'permission');
    expect(await readText(driver, '/readme.txt')).toBe('read me');
    expect(await listed(home, '/')).toEqual([dir('docs'), dir('inbox'), file('readme.txt', 7)]);
  });
});

describe('MountDriver capabilities', () => {
  it('declares what any mount can do and answers unsupported on a mount that cannot', async () => {
    const full = new MemoryDriver();
    const minimal = new MinimalMemoryDriver();
    const driver = new MountDriver([
      { path: '/full', driver: full },
      { path: '/minimal', driver: minimal },
    ]);
    expect(driver.capabilities).toEqual({ append: true, resume: true, renameDirectories: true, setModified: true });
    await put(driver, '/full/f', 'one');
    await put(driver, '/minimal/f', 'one');
    await driver.write('/full/f', chunksOf('+two'), { mode: { kind: 'append' } });
    await expectKind(driver.write('/minimal/f', chunksOf('+two'), { mode: { kind: 'append' } }), 'unsupported');
    await expectKind(driver.write('/minimal/f', chunksOf('X'), { mode: { kind: 'resume', offset: 1 } }), 'unsupported');
    await expectKind(driver.setModified('/minimal/f', new Date(0)), 'unsupported');
    await driver.setModified('/full/f', new Date(0));
    expect((await driver.stat('/full/f')).mtime).toEqual(new Date(0));
    expect(await readText(driver, '/full/f')).toBe('one+two');
    expect(await readText(driver, '/minimal/f')).toBe('one');
  });

  it('passes stored hashes through, and answers undefined where the storage keeps none', async () => {
    class Hashing extends MemoryDriver {
      override async storedHash(path: string): Promise<string | undefined> {
        await this.stat(path);
        return 'abc123';
      }
    }
    const withHashes = new Hashing();
    const withoutHashes = new MemoryDriver();
    Object.defineProperty(withoutHashes, 'storedHash', { value: undefined });
    const driver = new MountDriver([
      { path: '/hashed', driver: withHashes },
      { path: '/plain', driver: withoutHashes },
    ]);
    await put(driver, '/hashed/h', 'hash me');
    await put(driver, '/plain/h', 'hash me');
    expect(await driver.storedHash('/hashed/h', 'SHA-256')).toBe('abc123');
    expect(await driver.storedHash('/plain/h', 'SHA-256')).toBeUndefined();
    await expectKind(driver.storedHash('/hashed', 'SHA-256'), 'is-a-directory');
    await expectKind(driver.storedHash('/nowhere/x', 'MD5'), 'not-found');
  });
});

describe('MountDriver lifecycle', () => {
  it('pings every mounted storage and fails when one is unreachable', async () => {
    class Unreachable extends MemoryDriver {
      override async ping(): Promise<void> {
        throw new StorageError('unavailable', 'down');
      }
    }
    await expect(new MountDriver([{ path: '/', driver: new MemoryDriver() }]).ping()).resolves.toBeUndefined();
    const broken = new MountDriver([
      { path: '/', driver: new MemoryDriver() },
      { path: '/down', driver: new Unreachable() },
    ]);
    await expectKind(broken.ping(), 'unavailable');
  });

  it('closes each driver once, even when it is mounted twice', async () => {
    let closed = 0;
    class Counting extends MemoryDriver {
      async close(): Promise<void> {
        closed += 1;
      }
    }
    const shared = new Counting();
    await new MountDriver([
      { path: '/a', driver: shared },
      { path: '/b', driver: shared, readOnly: true },
    ]).close();
    expect(closed).toBe(1);
  });

  it('refuses an empty, duplicate or unnormalised mount table', () => {
    const memory = new MemoryDriver();
    expect(() => new MountDriver([])).toThrow(RangeError);
    expect(() => new MountDriver([{ path: '/a', driver: memory }, { path: '/a', driver: memory }])).toThrow(/two mounts at \/a/);
    expect(() => new MountDriver([{ path: '/a/', driver: memory }])).toThrow(StorageError);
    expect(() => new MountDriver([{ path: 'a', driver: memory }])).toThrow(StorageError);
  });
});
