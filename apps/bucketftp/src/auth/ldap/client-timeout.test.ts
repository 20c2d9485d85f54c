import { Client } from 'ldapts';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isClientTimeout } from './client-timeout.js';

/** A TCP server that accepts and never answers: a directory that hangs. */
let silent: Server;
const sockets: Socket[] = [];

beforeAll(async () => {
  silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

function url(): string {
  return `ldap://127.0.0.1:${(silent.address() as { port: number }).port}`;
}

describe('isClientTimeout', () => {
  it('recognises the error of a request the directory never answers', async () => {
    const client = new Client({ url: url(), timeout: 100, connectTimeout: 5_000 });
    const error: unknown = await client.bind('cn=alice,dc=example,dc=org', 'secret').catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(Error);
    expect(isClientTimeout(error)).toBe(true);
    await client.unbind().catch(() => undefined);
  });

  it('does not take other failures for a timeout', async () => {
    const client = new Client({ url: 'ldap://127.0.0.1:1', timeout: 100, connectTimeout: 5_000 });
    const refused: unknown = await client.bind('cn=alice,dc=example,dc=org', 'secret').catch((failure: unknown) => failure);
    expect(refused).toBeInstanceOf(Error);
    expect(isClientTimeout(refused)).toBe(false);
    expect(isClientTimeout(new Error('InvalidCredentialsError'))).toBe(false);
    expect(isClientTimeout('Connection timeout')).toBe(false);
  });
});
