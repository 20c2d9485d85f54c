/**
 * Everyday clients through the server into moto: lftp mirrors a tree up (mirror -R) and back down
 * byte-exact, with the objects where the key mapping puts them; Python's ftplib stores, retrieves,
 * lists and deletes in passive and in active mode.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeTree, makeTempDir, makeTree, removeDir, sha256File, writePatternFile, type TreeSpec } from '../support/files.js';
import { describeRun, runProgram } from '../support/run.js';
import { requireTool } from '../support/tools.js';
import { ftplib } from './support/ftplib.js';
import { MIB } from './support/memory.js';
import { listKeys, multipartUploads, objectDigest, useMoto } from './support/s3.js';

const TREE: TreeSpec = {
  dirs: ['empty', 'docs/drafts/old', 'media'],
  files: {
    'top.bin': 1,
    'zero.bin': 0,
    'docs/readme.txt': 1500,
    'docs/drafts/draft-1.bin': 70_000,
    'docs/drafts/old/ancient.bin': 3,
    // Bigger than one 8 MiB part: a multipart upload.
    'media/large.bin': 9 * MIB + 123,
    'media/name with spaces.bin': 4096,
  },
};

interface Transfers {
  stor: string;
  retr: string;
  size: number;
  nlst: string[];
  mlsd: Record<string, { type: string; size?: string }>;
  dele: string;
  nlst_after_dele: string[];
  quit: string;
}

describe('S3: lftp and ftplib', () => {
  const moto = useMoto();
  let local: string;

  beforeAll(async () => {
    local = await makeTempDir('s3-clients');
    await makeTree(join(local, 'source'), TREE, 's3-lftp');
  });
  afterAll(async () => {
    await removeDir(local);
  });

  it('lftp mirrors a tree up (mirror -R) and back down byte-exact', async () => {
    const lftp = requireTool('lftp');
    const { server, bucket, key, prefix } = await moto.serve();
    const source = join(local, 'source');
    const back = join(local, 'back');
    const script = [
      'set net:max-retries 1',
      'set net:timeout 20',
      'set net:reconnect-interval-base 1',
      'set cmd:fail-exit yes',
      `open -u ${server.username},${server.password} -p ${server.port} ${server.host}`,
      `mirror -R --no-perms --verbose "${source}" /mirror`,
      `mirror --verbose /mirror "${back}"`,
    ].join('; ');
    const result = await runProgram(lftp, ['-c', script], { timeoutMs: 90_000 });
    expect(result.code, describeRun(result)).toBe(0);

    expect(await describeTree(back)).toEqual(await describeTree(source));
    const keys = await listKeys(moto.client(), bucket, prefix);
    for (const file of Object.keys(TREE.files)) expect(keys).toContain(key(`mirror/${file}`));
    expect(keys).toContain(key('mirror/empty/'));
    expect(await objectDigest(moto.client(), bucket, key('mirror/media/large.bin'))).toEqual({
      sha256: await sha256File(join(source, 'media/large.bin')),
      bytes: TREE.files['media/large.bin'],
    });
    expect(await multipartUploads(moto.client(), bucket)).toEqual([]);
  }, 120_000);

  it.each(['passive', 'active'])('ftplib stores, retrieves, lists and deletes in %s mode', async (mode) => {
    const { server, bucket, prefix } = await moto.serve();
    const dir = join(local, `ftplib-${mode}`);
    const size = 6 * MIB + 7;
    await writePatternFile(join(dir, 'upload.bin'), size, `s3-ftplib-${mode}`);

    const result = await ftplib<Transfers>(server, 'transfers', [mode, dir]);
    expect(result.stor).toMatch(/^226 /);
    expect(result.retr).toMatch(/^226 /);
    expect(await sha256File(join(dir, 'download.bin'))).toBe(await sha256File(join(dir, 'upload.bin')));
    expect(result.size).toBe(size);
    expect(result.nlst).toEqual(['upload.bin']);
    expect(result.mlsd['upload.bin']).toEqual({ type: 'file', size: String(size) });
    expect(result.dele).toMatch(/^250 /);
    expect(result.nlst_after_dele).toEqual([]);
    expect(result.quit).toMatch(/^221/);
    expect(await listKeys(moto.client(), bucket, prefix)).toEqual([]);
  });
});
