/**
 * A new file streamed straight onto its name, without a temporary object.
 *
 * A staged upload (upload.ts) writes every byte twice: into the temporary, then once more by the
 * server-side copy that commits it. A file that does not exist yet needs no staging, provided a
 * cut-off upload can never become it. Here one resumable session
 * (https://cloud.google.com/storage/docs/performing-resumable-uploads) is opened create-only
 * (`ifGenerationMatch=0`) and its bytes go in one streamed request (`Content-Range: bytes 0-*`).
 * GCS finalises the object when that request's body ends, and the body ends only after the
 * source ended cleanly (and the caller's last check passed, checkedAtEnd). A source that fails, an
 * abort or a timeout destroys the request mid-body instead: GCS finalises nothing, and the session
 * is cancelled. The client library cannot do this (ending its write stream is the only way to let
 * go of its request, and that finalises), so the requests are made here.
 *
 * The object's CRC32C, computed here as the bytes pass, is compared with the one GCS reports:
 * a request body streamed as it arrives cannot carry it ahead. On a mismatch the new object is
 * deleted (it did not exist before) and the write fails.
 *
 * Only for a file found missing: an existing one is staged, so that it is only ever replaced whole.
 * Should the file appear meanwhile, GCS refuses the session (412, nothing read yet: the caller
 * stages the upload) or, where the check comes only at the end (the emulator), the finalisation
 * (`unavailable`: the upload fails and the other file stays).
 *
 * Memory: up to 256 KiB of the body ahead of the socket, plus the chunks in flight.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { aborted, keepsPartial, StorageError, whenAborted, type PartialUploadPolicy, type WriteResult } from '@bucketftp/storage';
import { committedObject } from './compose-resume.js';
import type { GcsContext } from './context.js';
import { crc32c, encodedCrc32c } from './crc32c.js';
import { toStorageError } from './errors.js';
import { repeatOnConnectionReset } from './retry.js';
import { CONTENT_TYPE } from './upload.js';

/** What the request may hold ahead of the socket. */
const BODY_HIGH_WATER_MARK = 256 * 1024;

export interface DirectUploadOptions {
  readonly path: string;
  readonly partial: PartialUploadPolicy;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Whether requests to `endpoint` may be made here. The client library honours an HTTP proxy from
 * the environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY); requests made here do not, so behind a
 * proxy every longer upload is staged through the library as before.
 */
export function directUploadPossible(endpoint: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const proxy = env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy;
  if (proxy === undefined || proxy === '') return true;
  const host = new URL(endpoint).hostname;
  const exempt = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((rule) => rule.trim().replace(/^\*?\./, ''));
  return exempt.some((rule) => rule === '*' || (rule !== '' && (host === rule || host.endsWith(`.${rule}`))));
}

/** Why a source stopped early, once the request carrying it is over. */
interface SourceEnd {
  failure?: unknown;
}

/**
 * Streams `source` into the new file at `path`. Resolves `'exists'`, having read nothing, when the
 * file exists; otherwise as `write` does (a kept partial upload is committed, then its failure thrown).
 */
export async function uploadNewFile(
  ctx: GcsContext,
  source: AsyncIterable<Uint8Array>,
  options: DirectUploadOptions,
): Promise<WriteResult | 'exists'> {
  const { path, signal } = options;
  const api = await endpointOf(ctx);
  // A session nobody uses expires by itself, so starting one is repeated after a reset connection.
  const started = await repeatOnConnectionReset(() =>
    request(api, 'POST', sessionUrl(ctx, api, path), {
      headers: { 'Content-Type': 'application/json; charset=UTF-8' },
      body: JSON.stringify({ contentType: CONTENT_TYPE, ...(ctx.objectOptions.storageClass !== undefined && { storageClass: ctx.objectOptions.storageClass }) }),
      signal,
    }).catch(unwrapFetchFailure),
  ).catch((error: unknown) => {
    throw toStorageError(error, { path, signal });
  });
  const session = started.headers.get('location');
  if (!started.ok || session === null) {
    const refusal = await answerError(started);
    if (started.status === 412) return 'exists';
    throw toStorageError(refusal, { path });
  }
  await started.body?.cancel();

  const cancel = new AbortController();
  const stopListening = whenAborted(signal, () => cancel.abort(aborted(signal?.reason)));
  const end: SourceEnd = {};
  const counted = { size: 0, crc: 0 };
  let finalising: NodeJS.Timeout | undefined;
  let finalised = false;
  try {
    const body = bodyOf(source, options.partial, end, counted, cancel, () => {
      // Every byte is sent: GCS has requestTimeoutMs to finalise the object.
      finalising = setTimeout(() => cancel.abort(timedOut(ctx.requestTimeoutMs)), ctx.requestTimeoutMs);
    });
    let answer: StreamedAnswer;
    try {
      answer = await streamedPut(session, { ...api.headers, 'Content-Range': 'bytes 0-*/*' }, body, cancel.signal);
    } catch (error) {
      if ('failure' in end) throw end.failure;
      throw toStorageError(cancel.signal.aborted ? cancel.signal.reason : error, { path, signal });
    }
    if (answer.status < 200 || answer.status > 299) {
      throw toStorageError(statusError(answer), { path });
    }
    finalised = true;
    const resource = objectResource(answer.text, path);
    await checkIntegrity(ctx, path, resource, counted.crc);
    const committed = committedObject(counted.size, resource);
    if ('failure' in end) throw end.failure;
    return committed;
  } catch (error) {
    if (!finalised) {
      // The request may still be sending (GCS answered early): it ends here, and so does the session.
      cancel.abort(error);
      await cancelSession(api, session);
    }
    throw error;
  } finally {
    clearTimeout(finalising);
    stopListening();
  }
}

/**
 * The request body: the source's chunks, counted and checksummed. A failing source ends the body
 * cleanly only when the partial policy keeps what came; otherwise the request is aborted.
 */
async function* bodyOf(
  source: AsyncIterable<Uint8Array>,
  partial: PartialUploadPolicy,
  end: SourceEnd,
  counted: { size: number; crc: number },
  cancel: AbortController,
  onLastByte: () => void,
): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    for await (const chunk of source) {
      if (cancel.signal.aborted) throw cancel.signal.reason;
      // An empty chunk would go out as the chunked body's terminator and end the upload early.
      if (chunk.byteLength === 0) continue;
      counted.crc = crc32c(chunk, counted.crc);
      counted.size += chunk.byteLength;
      yield chunk;
    }
  } catch (failure) {
    end.failure = failure;
    if (cancel.signal.aborted || !keepsPartial(partial, failure)) {
      cancel.abort(failure);
      throw failure;
    }
  }
  onLastByte();
}

interface ObjectResource {
  readonly crc32c?: string;
  readonly generation?: string;
}

function objectResource(text: string, path: string): ObjectResource {
  try {
    return JSON.parse(text) as ObjectResource;
  } catch (error) {
    throw toStorageError(error, { path });
  }
}

/** GCS's CRC32C of the new object must be ours; a damaged object is deleted again. */
async function checkIntegrity(ctx: GcsContext, path: string, resource: ObjectResource, crc: number): Promise<void> {
  const ours = encodedCrc32c(crc);
  if (resource.crc32c === undefined || resource.crc32c === ours) return;
  const file = ctx.bucket.file(ctx.keys.file(path));
  await file.delete({ ifGenerationMatch: resource.generation }).catch(() => undefined);
  throw new StorageError('unavailable', `upload of ${path} damaged on the way (CRC32C ${resource.crc32c}, sent ${ours})`);
}

interface Endpoint {
  readonly base: string;
  /** Authorization headers; none for an emulator or other custom endpoint (as the client library does). */
  readonly headers: Record<string, string>;
}

async function endpointOf(ctx: GcsContext): Promise<Endpoint> {
  const storage = ctx.bucket.storage;
  const base = storage.apiEndpoint.replace(/\/+$/, '');
  if (!isGoogleEndpoint(base)) return { base, headers: {} };
  // google-auth-library 9 answers a plain record of header names and values.
  const headers = (await storage.authClient.getRequestHeaders(base)) as Record<string, string>;
  return { base, headers: { ...headers } };
}

function isGoogleEndpoint(base: string): boolean {
  const host = new URL(base).hostname;
  return host === 'googleapis.com' || host.endsWith('.googleapis.com');
}

function sessionUrl(ctx: GcsContext, api: Endpoint, path: string): string {
  const url = new URL(`${api.base}/upload/storage/v1/b/${encodeURIComponent(ctx.bucket.name)}/o`);
  url.searchParams.set('uploadType', 'resumable');
  url.searchParams.set('name', ctx.keys.file(path));
  url.searchParams.set('ifGenerationMatch', '0');
  if (ctx.objectOptions.kmsKeyName !== undefined) url.searchParams.set('kmsKeyName', ctx.objectOptions.kmsKeyName);
  return url.href;
}

interface Outgoing {
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly signal?: AbortSignal | undefined;
}

function request(api: Endpoint, method: string, url: string, init: Outgoing): Promise<Response> {
  return fetch(url, { method, headers: { ...api.headers, ...init.headers }, body: init.body, signal: init.signal ?? null });
}

interface StreamedAnswer {
  readonly status: number;
  readonly text: string;
}

/**
 * A PUT whose body is `body`, sent as it is produced with the socket's backpressure (`pipeline`);
 * fetch is not used here, as it reads an iterable body ahead of the socket without bound (a 256 MiB
 * upload peaked at 379 MiB RSS). A body that fails, or the signal, destroys the request mid-body.
 */
function streamedPut(url: string, headers: Record<string, string>, body: AsyncIterable<Uint8Array>, signal: AbortSignal): Promise<StreamedAnswer> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(target, { method: 'PUT', headers, signal }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    pipeline(Readable.from(body, { objectMode: false, highWaterMark: BODY_HIGH_WATER_MARK }), outgoing).catch(reject);
  });
}

/** Cancels a resumable session (GCS answers 499); best effort, since an unfinished one expires anyway. */
async function cancelSession(api: Endpoint, session: string): Promise<void> {
  const answer = await fetch(session, { method: 'DELETE', headers: api.headers, signal: AbortSignal.timeout(5000) }).catch(() => undefined);
  await answer?.body?.cancel().catch(() => undefined);
}

/** The answer as an error the classifier understands (`code`: the HTTP status). */
async function answerError(answer: Response): Promise<Error> {
  return statusError({ status: answer.status, text: await answer.text().catch(() => '') });
}

/** An answer's status and the start of its text (logged, never sent to clients) as an error. */
function statusError({ status, text }: StreamedAnswer): Error {
  return Object.assign(new Error(`GCS answered ${status}: ${text.slice(0, 200)}`), { code: status });
}

/** fetch's TypeError carries the network failure (its code: ECONNRESET, UND_ERR_SOCKET, …) as its cause. */
function unwrapFetchFailure(error: unknown): never {
  const cause = (error as { cause?: unknown } | null)?.cause;
  throw error instanceof TypeError && cause instanceof Error ? cause : error;
}

function timedOut(timeoutMs: number): Error {
  return Object.assign(new Error(`upload not finalised within ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
}
