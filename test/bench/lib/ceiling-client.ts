/**
 * The client side of a ceiling measurement (servers/ceiling-main.ts, plain HTTP). Over a local
 * folder the client is curl, as for the FTP servers there; over S3/GCS it is Node, as the bench's
 * own FTP client is there. Times run from the request to the last byte (GET) or to the response
 * that follows the commit (PUT), as the FTP times run from the command to the final reply.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { curlGet, curlPut } from './curl.js';
import { HOST } from './processes.js';

const CHUNK = 1024 * 1024;

export function ceilingUrl(port: number, name: string): string {
  return `http://${HOST}:${port}/${encodeURIComponent(name)}`;
}

/** Seconds to fetch `name` into `destination`, by curl or by Node. */
export async function ceilingGet(port: number, name: string, destination: string, client: 'curl' | 'node'): Promise<number> {
  if (client === 'curl') return (await curlGet(ceilingUrl(port, name), destination)).seconds;
  const started = performance.now();
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    request(ceilingUrl(port, name), resolve).once('error', reject).end();
  });
  if (response.statusCode !== 200) throw new Error(`ceiling GET ${name}: HTTP ${response.statusCode}`);
  await pipeline(response, createWriteStream(destination, { highWaterMark: CHUNK }));
  return (performance.now() - started) / 1000;
}

/** Seconds to send `path` as `name` until the ceiling program says it is stored, by curl or by Node. */
export async function ceilingPut(port: number, name: string, path: string, client: 'curl' | 'node'): Promise<number> {
  if (client === 'curl') return (await curlPut(path, ceilingUrl(port, name))).seconds;
  const size = (await stat(path)).size;
  const started = performance.now();
  const put = request(ceilingUrl(port, name), { method: 'PUT', headers: { 'content-length': size } });
  const answered = new Promise<IncomingMessage>((resolve, reject) => put.once('response', resolve).once('error', reject));
  await pipeline(createReadStream(path, { highWaterMark: CHUNK }), put);
  const response = await answered;
  response.resume();
  if (response.statusCode !== 200) throw new Error(`ceiling PUT ${name}: HTTP ${response.statusCode}`);
  return (performance.now() - started) / 1000;
}
