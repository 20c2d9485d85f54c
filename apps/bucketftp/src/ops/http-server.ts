/**
 * The operations listener (node:http, no framework):
 *   GET /healthz  200 while the process runs
 *   GET /readyz   200 while the FTP listeners are up and the server is not draining, 503 otherwise;
 *                 the JSON body lists every storage backend and its state either way
 *   GET /metrics  Prometheus text format
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@bucketftp/server';
import type { Registry } from 'prom-client';
import type { Readiness } from './readiness.js';

export interface OpsServerOptions {
  readonly host: string;
  readonly port: number;
  readonly readiness: Readiness;
  readonly registry: Registry;
  readonly log: Logger;
}

export interface OpsServer {
  readonly address: AddressInfo;
  close(): Promise<void>;
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const { readiness, registry, log } = options;
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log.error({ err: error, path: request.url }, 'operations endpoint failed');
      if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      sendJson(response, 405, { error: 'method not allowed' });
      return;
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    switch (path) {
      case '/healthz':
        sendJson(response, 200, { status: 'ok' });
        return;
      case '/readyz': {
        const report = await readiness.check();
        sendJson(response, report.ready ? 200 : 503, { status: report.ready ? 'ready' : report.draining ? 'draining' : 'starting', ...report });
        return;
      }
      case '/metrics': {
        const body = await registry.metrics();
        response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
        response.end(body);
        return;
      }
      default:
        sendJson(response, 404, { error: 'not found', endpoints: ['/healthz', '/readyz', '/metrics'] });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error({ err: error }, 'operations listener error'));
  const address = server.address() as AddressInfo;
  log.info({ address: address.address, port: address.port }, 'operations endpoints listening');
  return {
    address,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`${JSON.stringify(body)}\n`);
}
