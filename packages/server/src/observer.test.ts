import { afterEach, describe, expect, it } from 'vitest';
import type { ServerObserver, TransferRecord } from './observer.js';
import { download, upload } from '@bucketftp/server/testing';
import { startTestServer, type TestServer } from './testing/test-server.js';

let running: TestServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('ServerObserver', () => {
  it('reports sessions, logins, commands with their reply codes, and transfers', async () => {
    const events: string[] = [];
    const transfers: TransferRecord[] = [];
    const observer: ServerObserver = {
      sessionOpened: () => events.push('open'),
      sessionClosed: ({ user }) => events.push(`close ${user}`),
      login: ({ user, ok }) => events.push(`login ${user} ${ok}`),
      command: ({ verb, code }) => events.push(`${verb} ${code}`),
      transfer: (record) => transfers.push(record),
    };
    running = await startTestServer({ observer });
    const client = await running.connect();
    await client.command('USER alice');
    await client.command('PASS wrong');
    await client.command('USER alice');
    await client.command('PASS secret');
    await client.command('TYPE I');
    await upload(client, 'STOR f.bin', Buffer.alloc(1000, 7)); // throws unless 150 … 226
    expect((await download(client, 'RETR f.bin')).length).toBe(1000);
    await client.command('NOPE');
    await client.command('QUIT');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual(
      expect.arrayContaining(['open', 'login alice false', 'PASS 530', 'login alice true', 'PASS 230', 'TYPE 200', 'STOR 150', 'RETR 150', 'unknown 500', 'QUIT 221']),
    );
    expect(events.at(-1)).toBe('close alice');
    expect(transfers.map(({ command, direction, bytes, result, user }) => ({ command, direction, bytes, result, user }))).toEqual([
      { command: 'STOR', direction: 'upload', bytes: 1000, result: 'ok', user: 'alice' },
      { command: 'RETR', direction: 'download', bytes: 1000, result: 'ok', user: 'alice' },
    ]);
  });
});
