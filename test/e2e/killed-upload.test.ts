/**
 * curl killed in the middle of `curl -T` over an existing file: the data connection's FIN looks like
 * the end of the file, but the control connection closed without QUIT before the 226, so the upload
 * must not be committed. The old file stays exactly as it was and no temporary file is left.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeTree, makeTempDir, removeDir, sha256File, writePatternFile } from './support/files.js';
import { killCurlDuringUpload } from './support/killed-curl.js';
import { startTestServer, type TestServer } from './support/server.js';

const MIB = 1024 * 1024;

describe('curl killed during an upload (fs driver)', () => {
  let server: TestServer;
  let local: string;

  beforeAll(async () => {
    server = await startTestServer();
    local = await makeTempDir('killed-upload');
  });
  afterAll(async () => {
    await server?.close();
    await removeDir(local);
  });

  it('leaves the existing file intact and no temporary file behind', async () => {
    await writePatternFile(join(server.root, 'existing.bin'), MIB + 3, 'killed-existing');
    const before = await describeTree(server.root);
    expect(before).toEqual([`existing.bin ${await sha256File(join(server.root, 'existing.bin'))}`]);
    const source = join(local, 'replacement.bin');
    await writePatternFile(source, 50 * MIB, 'killed-replacement');

    const { bytesBeforeKill } = await killCurlDuringUpload(server.server, {
      source,
      url: `${server.url}/existing.bin`,
      rateBytesPerSecond: 4 * MIB,
      killAfterBytes: 2 * MIB,
    });

    expect(bytesBeforeKill).toBeLessThan(50 * MIB);
    expect(await describeTree(server.root)).toEqual(before);
  });
});
