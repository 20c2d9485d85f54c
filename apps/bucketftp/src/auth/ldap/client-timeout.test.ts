import { Client } from 'ldapts';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isClientTimeout } from './client-timeout.js';

/** A TCP server that accepts and never answers (a directory that hangs), and one that hangs up at once. */
let silent: Server;
let hangingUp: Server;
const sockets: Socket[] = [];

async function listening(server: Server): Promise<Server> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

beforeAll(async () => {
  silent = await listening(createServer((socket) => sockets.push(socket)));
  hangingUp = await listening(createServer((socket) => socket.destroy()));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all([silent, hangingUp].map((server) => new Promise((resolve) => server.close(resolve))));
});

function url(server: Server): string {
  return `ldap://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe('isClientTimeout', () => {
  it('recognises the error of a request the directory never answers', async () => {
    const client = new Client({ url: url(silent), timeout: 100, connectTimeout: 5_000 });
    const error: unknown = await client.bind('cn=alice,dc=example,dc=org', 'secret').catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(Error);
    expect(isClientTimeout(error)).toBe(true);
    await client.unbind().catch(() => undefined);
  });

  it('does not take other failures for a timeout', async () => {
    // Timers far beyond the hang-up, so only the closed connection can end the bind.
    const client = new Client({ url: url(hangingUp), timeout: 10_000, connectTimeout: 10_000 });
    const closed: unknown = await client.bind('cn=alice,dc=example,dc=org', 'secret').catch((failure: unknown) => failure);
    expect(closed).toBeInstanceOf(Error);
    expect(isClientTimeout(closed)).toBe(false);
    expect(isClientTimeout(new Error('InvalidCredentialsError'))).toBe(false);
    expect(isClientTimeout('Connection timeout')).toBe(false);
  });
});
