/**
 * A real HTTP receiver on 127.0.0.1 for sink tests: records each request (raw body, headers) and
 * answers with what the test scripts (a status per request, or a hang).
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BucketftpEvent } from '../event.js';

export interface ReceivedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A status to answer with, or 'hang' to never answer. */
export type Answer = number | 'hang';

export class TestReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Answers for the next requests, in order; afterwards `fallback`. */
  readonly script: Answer[] = [];
  fallback: Answer = 200;
  private readonly hanging = new Set<ServerResponse>();
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<TestReceiver> {
    const holder: { receiver?: TestReceiver } = {};
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => holder.receiver?.answer({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') }, response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.receiver = new TestReceiver(server, `http://127.0.0.1:${port}/hook`);
    return holder.receiver;
  }

  /** The events received, in order, over every request. */
  get events(): BucketftpEvent[] {
    return this.requests.flatMap((request) => (JSON.parse(request.body) as { events: BucketftpEvent[] }).events);
  }

  /** Resolves once at least `count` requests arrived. */
  async waitForRequests(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.requests.length} of ${count} requests arrived`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  private answer(request: ReceivedRequest, response: ServerResponse): void {
    this.requests.push(request);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    const answer = this.script.shift() ?? this.fallback;
    if (answer === 'hang') {
      this.hanging.add(response);
      return;
    }
    response.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
