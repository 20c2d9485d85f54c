/**
 * A real HTTP proxy on 127.0.0.1 in front of the emulator: it records every request the client
 * library makes and can answer chosen ones with an error status instead of forwarding them — the
 * failures real GCS produces (403, 412, 503 …) that the emulator never does.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  /** Path and query, URL-decoded. */
  readonly url: string;
  /** The Range header of a (ranged) media download. */
  readonly range?: string | undefined;
  /** The body of JSON and multipart/related requests: object resources (compose sources, rewrite and upload metadata). */
  body?: string;
}

export type Fault =
  | {
      readonly status: number;
      /** The `reason` of the JSON API error body, e.g. `rateLimitExceeded`. */
      readonly reason?: string;
      readonly message?: string;
    }
  /** Drops the connection without an answer, as a server closing a pooled keep-alive connection does. */
  | { readonly reset: true };

export type FaultRule = (request: SeenRequest) => Fault | undefined;

export interface FaultProxy {
  readonly endpoint: string;
  readonly requests: SeenRequest[];
  /** Answers the requests `rule` picks with its fault; `undefined` forwards. */
  failWhen(rule: FaultRule | undefined): void;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const requests: SeenRequest[] = [];
  let rule: FaultRule | undefined;
  const server = createServer((incoming, response) => {
    const seen: SeenRequest = {
      method: incoming.method ?? 'GET',
      url: decodeURIComponent(incoming.url ?? '/'),
      range: incoming.headers.range,
    };
    requests.push(seen);
    const fault = rule?.(seen);
    if (fault && 'reset' in fault) {
      incoming.socket.destroy();
      return;
    }
    if (fault) {
      incoming.resume();
      const message = fault.message ?? 'injected by the test proxy';
      const error = { code: fault.status, message, errors: [{ reason: fault.reason ?? 'injected', message }] };
      response.writeHead(fault.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error }));
      return;
    }
    if (/json|multipart\/related/.test(incoming.headers['content-type'] ?? '')) captureBody(incoming, seen);
    const upstream = request(new URL(incoming.url ?? '/', target), { method: incoming.method, headers: incoming.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    incoming.on('aborted', () => upstream.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    failWhen: (next) => {
      rule = next;
    },
    close: () => closeServer(server),
  };
}

function captureBody(incoming: IncomingMessage, seen: SeenRequest): void {
  let body = '';
  incoming.on('data', (chunk: Buffer) => {
    body += chunk.toString();
  });
  incoming.on('end', () => {
    seen.body = body;
  });
}

/** One request that creates an object: an upload, a rewrite (copy) or a compose. */
export interface ObjectWrite {
  readonly kind: 'upload' | 'copy' | 'compose';
  /** The object created. */
  readonly name: string;
  /** The KMS key named in the query (`kmsKeyName`, or `destinationKmsKeyName` of a rewrite). */
  readonly kmsKeyName: string | undefined;
  /** The storage class in the object resource sent. */
  readonly storageClass: string | undefined;
}

export function objectWrites(requests: readonly SeenRequest[]): ObjectWrite[] {
  const writes: ObjectWrite[] = [];
  for (const request of requests) {
    if (request.method !== 'POST') continue;
    const url = new URL(request.url, 'http://proxy');
    const storageClass = /"storageClass":"(\w+)"/.exec(request.body ?? '')?.[1];
    const upload = /^\/upload\/storage\/v1\/b\/[^/]+\/o$/.test(url.pathname);
    const copy = /\/rewriteTo\/b\/[^/]+\/o\/(.+)$/.exec(url.pathname);
    const compose = /\/b\/[^/]+\/o\/(.+)\/compose$/.exec(url.pathname);
    if (upload) writes.push({ kind: 'upload', name: url.searchParams.get('name') ?? '', kmsKeyName: url.searchParams.get('kmsKeyName') ?? undefined, storageClass });
    if (copy) writes.push({ kind: 'copy', name: copy[1] ?? '', kmsKeyName: url.searchParams.get('destinationKmsKeyName') ?? undefined, storageClass });
    if (compose) writes.push({ kind: 'compose', name: compose[1] ?? '', kmsKeyName: url.searchParams.get('kmsKeyName') ?? undefined, storageClass });
  }
  return writes;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
