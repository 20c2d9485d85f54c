/** lftp mirrors a tree of nested folders up (mirror -R) and back down, in passive and in active mode. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, runProgram } from './support/run.js';
import { describeTree, makeTempDir, makeTree, removeDir, type TreeSpec } from './support/files.js';
import { startTestServer, type TestServer } from './support/server.js';
import { requireTool } from './support/tools.js';

const TREE: TreeSpec = {
  dirs: ['empty', 'docs/drafts/old', 'media'],
  files: {
    'top.bin': 1,
    'zero.bin': 0,
    'docs/readme.txt': 1500,
    'docs/drafts/draft-1.bin': 70_000,
    'docs/drafts/old/ancient.bin': 3,
    'media/large.bin': 3 * 1024 * 1024 + 123,
    'media/medium.bin': 256 * 1024,
    'media/name with spaces.bin': 4096,
  },
};

describe('lftp mirror', () => {
  let server: TestServer;
  let local: string;
  let lftpPath: string;

  beforeAll(async () => {
    lftpPath = requireTool('lftp');
    server = await startTestServer({ passive: { portRange: { min: 41_000, max: 41_199 } } });
    local = await makeTempDir('lftp');
    await makeTree(join(local, 'source'), TREE, 'lftp');
  });
  afterAll(async () => {
    await server?.close();
    await removeDir(local);
  });

  it.each([
    { mode: 'passive', passive: 'on', used: /---> (EPSV|PASV)\b/, unused: /---> (EPRT|PORT)\b/ },
    { mode: 'active', passive: 'off', used: /---> (EPRT|PORT)\b/, unused: /---> (EPSV|PASV)\b/ },
  ])('mirrors a tree up and down byte-exact in $mode mode', async ({ mode, passive, used, unused }) => {
    const source = join(local, 'source');
    const remote = `/mirror-${mode}`;
    const back = join(local, `back-${mode}`);
    const script = [
      'set net:max-retries 1',
      'set net:timeout 10',
      'set net:reconnect-interval-base 1',
      `set ftp:passive-mode ${passive}`,
      'set cmd:fail-exit yes',
      `open -u ${server.username},${server.password} -p ${server.port} ${server.host}`,
      `mirror -R --no-perms --verbose "${source}" "${remote}"`,
      `mirror --verbose "${remote}" "${back}"`,
    ].join('; ');
    // -d prints the dialogue on stderr, which shows the data connection mode actually used.
    const result = await runProgram(lftpPath, ['-d', '-c', script], { timeoutMs: 45_000 });
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stderr).toMatch(used);
    expect(result.stderr).not.toMatch(unused);

    const expected = await describeTree(source);
    expect(expected.length).toBe(TREE.dirs.length + 2 + Object.keys(TREE.files).length); // + docs/drafts, docs
    expect(await describeTree(join(server.root, remote))).toEqual(expected);
    expect(await describeTree(back)).toEqual(expected);
  });
});
