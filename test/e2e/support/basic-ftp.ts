/** A logged-in basic-ftp client for a test server. */
import { Client } from 'basic-ftp';
import type { TestServer } from './server.js';

export async function connectClient(server: TestServer, timeoutMs = 30_000): Promise<Client> {
  const client = new Client(timeoutMs);
  await client.access({ host: server.host, port: server.port, user: server.username, password: server.password });
  return client;
}
