/**
 * tnftp's `mget *.csv` sends `NLST *.csv` and fetches every name it gets back: the server expands
 * the wildcard in the last segment (RFC 959 §4.1.3 leaves NLST's file group to the server). A pattern
 * that matches nothing is an empty listing with 226, and tnftp just copies nothing.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, runProgram, type RunResult } from './support/run.js';
import { makeTempDir, namesIn, removeDir } from './support/files.js';
import { startTestServer, type TestServer } from './support/server.js';
import { requireTool } from './support/tools.js';

describe('tnftp mget with wildcards', () => {
  let server: TestServer;
  let local: string;
  let result: RunResult;

  beforeAll(async () => {
    const tnftp = requireTool('tnftp');
    server = await startTestServer();
    await mkdir(join(server.root, 'data', 'nested.csv'), { recursive: true });
    for (const name of ['jan.csv', 'feb.csv', 'notes.txt', 'jan.csv.bak']) {
      await writeFile(join(server.root, 'data', name), `content of ${name}\n`);
    }
    local = await makeTempDir('tnftp-mget');
    await mkdir(join(local, 'sub', 'data'), { recursive: true });
    const commands = [
      `open ${server.host} ${server.port}`,
      `user ${server.username} ${server.password}`,
      'bin',
      'cd data',
      'mget [fj]*.csv',
      'mget *.none',
      'lcd sub',
      'cd /',
      'mget data/f??.csv',
      'quit',
    ];
    // -i: no prompt before each file of an mget.
    result = await runProgram(tnftp, ['-n', '-v', '-i'], { input: `${commands.join('\n')}\n`, cwd: local, timeoutMs: 60_000 });
  }, 90_000);
  afterAll(async () => {
    await server?.close();
    await removeDir(local);
  });

  it('runs to the end without errors', () => {
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout, describeRun(result)).not.toMatch(/^5\d\d /m);
  });

  it('fetches exactly the files matching the pattern', async () => {
    expect((await namesIn(local)).sort()).toEqual(['feb.csv', 'jan.csv', 'sub']);
    expect(await readFile(join(local, 'jan.csv'), 'utf8')).toBe('content of jan.csv\n');
    expect(await readFile(join(local, 'feb.csv'), 'utf8')).toBe('content of feb.csv\n');
  });

  it('fetches matches in another directory by the names NLST gave back (data/feb.csv)', async () => {
    expect(result.stdout).toContain('local: data/feb.csv remote: data/feb.csv');
    expect(await namesIn(join(local, 'sub', 'data'))).toEqual(['feb.csv']);
    expect(await readFile(join(local, 'sub', 'data', 'feb.csv'), 'utf8')).toBe('content of feb.csv\n');
  });
});
