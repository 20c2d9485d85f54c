/** More PASV requests from one client address than there are passive ports: they wait for a port (passive.portWaitMs). */
import { afterEach, describe, expect, it } from 'vitest';
import type { PassivePortWaitEvent } from '../observer.js';
import { download } from '@bucketftp/server/testing';
import { patternBytes, putFile } from '../testing/files.js';
import { freePortBlock } from '../testing/port-block.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import type { PassiveOptions } from '../options.js';

let running: TestServer | undefined;
let waits: PassivePortWaitEvent[];

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function serve(ports: number, passive: PassiveOptions = {}): Promise<TestServer> {
  const min = await freePortBlock(ports);
  waits = [];
  running = await startTestServer({
    passive: { portRange: { min, max: min + ports - 1 }, ...passive },
    observer: { passivePortWait: (event) => waits.push(event) },
  });
  return running;
}

describe('passive port pressure', () => {
  it('12 parallel sessions from one address share 3 passive ports: every PASV + RETR succeeds', async () => {
    const server = await serve(3);
    const content = patternBytes(256 * 1024, 7);
    await putFile(server.storage, '/file.bin', content);
    const clients = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const client = await server.login();
        expect((await client.command('TYPE I')).code).toBe(200);
        return client;
      }),
    );
    const results = await Promise.all(
      clients.map(async (client) => {
        const first = await download(client, 'RETR file.bin');
        const second = await download(client, 'RETR file.bin');
        expect([first.length, second.length]).toEqual([content.length, content.length]);
        return first.equals(content) && second.equals(content);
      }),
    );
    expect(results).toEqual(Array.from({ length: 12 }, () => true));
    // At most 3 of the first 12 PASV found a port at once; the others waited for one.
    expect(waits.length).toBeGreaterThanOrEqual(9);
    expect(waits.every((event) => event.outcome === 'ok')).toBe(true);
  });

  it('answers 425 once passive.portWaitMs has passed without a free port, and reports the refusal', async () => {
    const server = await serve(1, { portWaitMs: 300 });
    const holder = await server.login();
    expect((await holder.command('PASV')).code).toBe(227); // the only port, never connected to
    const waiter = await server.login();
    const reply = await waiter.command('PASV');
    expect(reply.code).toBe(425);
    expect(waits).toEqual([{ outcome: 'timeout', waitedMs: expect.any(Number) }]);
    expect(waits[0]!.waitedMs).toBeGreaterThanOrEqual(250);
  });

  it('answers 425 at once when passive.maxPortWaiters requests are waiting already', async () => {
    const server = await serve(1, { portWaitMs: 60_000, maxPortWaiters: 1 });
    const holder = await server.login();
    expect((await holder.command('PASV')).code).toBe(227);
    const first = await server.login();
    const queued = first.command('PASV');
    await waitFor(() => server.server.passivePortWaiters === 1);
    const second = await server.login();
    expect((await second.command('PASV')).code).toBe(425);
    expect(waits).toEqual([{ outcome: 'queue-full', waitedMs: 0 }]);
    // The queued one gets the port as soon as it is given back.
    expect((await holder.command('ABOR')).code).toBeLessThan(500);
    expect((await queued).code).toBe(227);
    expect(waits.at(-1)).toEqual({ outcome: 'ok', waitedMs: expect.any(Number) });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
