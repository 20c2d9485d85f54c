/** 50 sessions at once, each uploading and downloading its own 1 MiB file: every byte lands where it belongs. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from './support/basic-ftp.js';
import { makeTempDir, namesIn, removeDir, sha256File, writePatternFile } from './support/files.js';
import { startTestServer, type TestServer } from './support/server.js';

const SESSIONS = 50;
const FILE_SIZE = 1024 * 1024;

describe('parallel sessions', () => {
  let server: TestServer;
  let local: string;
  const expected = new Map<string, string>();

  beforeAll(async () => {
    server = await startTestServer({ passive: { portRange: { min: 42_000, max: 42_199 } } });
    local = await makeTempDir('parallel');
    await mkdir(join(local, 'down'));
    for (let index = 0; index < SESSIONS; index++) {
      const name = `session-${index}.bin`;
      await writePatternFile(join(local, 'up', name), FILE_SIZE, name);
      expected.set(name, await sha256File(join(local, 'up', name)));
    }
  });
  afterAll(async () => {
    await server?.close();
    await removeDir(local);
  });

  it(`serves ${SESSIONS} concurrent upload + download sessions byte-exact`, async () => {
    const names = [...expected.keys()];
    const clients = await Promise.all(names.map(() => connectClient(server)));
    // Every session is logged in at the same time before the transfers start.
    expect(server.server.sessionCount).toBe(SESSIONS);
    const sessions = names.map(async (name, index) => {
      const client = clients[index]!;
      try {
        await client.uploadFrom(join(local, 'up', name), name);
        await client.downloadTo(join(local, 'down', name), name);
      } finally {
        client.close();
      }
    });
    const results = await Promise.allSettled(sessions);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);

    expect(await namesIn(server.root)).toEqual([...expected.keys()].sort());
    for (const [name, hash] of expected) {
      expect(await sha256File(join(server.root, name)), `stored ${name}`).toBe(hash);
      expect(await sha256File(join(local, 'down', name)), `downloaded ${name}`).toBe(hash);
    }
    expect(server.server.passivePortsInUse).toBe(0);
  });
});
