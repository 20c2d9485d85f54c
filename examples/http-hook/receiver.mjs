#!/usr/bin/env node
/**
 * A small web service answering bucketftp's HTTP auth hook (`auth.providers: [{ type: http }]`),
 * with nothing but Node.js. It checks each login against users.json and answers:
 *
 *   200 { "user": {}, "attributes": { "tenant": "…" } }   the password is right; bucketftp's
 *                                                           auth.userTemplate gives the storage
 *   401                                                    wrong password
 *   404                                                    unknown user (bucketftp asks the next provider)
 *
 * Requests must carry `Authorization: Bearer $HOOK_TOKEN`, or, with HOOK_HMAC_SECRET set instead,
 * a fresh `X-Bucketftp-Signature` (see hook.schema.json).
 *
 *   node receiver.mjs hash 'a password'        # prints a passwordHash for users.json
 *   HOOK_TOKEN=… node receiver.mjs serve       # listens on HOOK_HOST:HOOK_PORT (127.0.0.1:8080)
 *
 * users.json: { "alice": { "passwordHash": "scrypt$…", "tenant": "acme", "user": { "readOnly": true } } }
 * `user` (optional) is sent as is: any field of a configured bucketftp user except passwordHash.
 */
import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [command = 'serve', ...args] = process.argv.slice(2);

if (command === 'hash') {
  const salt = randomBytes(16);
  console.log(`scrypt$${salt.toString('hex')}$${scryptSync(args[0] ?? '', salt, 32).toString('hex')}`);
  process.exit(0);
}

const usersFile = process.env.HOOK_USERS ?? new URL('./users.json', import.meta.url);
const token = process.env.HOOK_TOKEN;
const hmacSecret = process.env.HOOK_HMAC_SECRET;
if (!token && !hmacSecret) throw new Error('set HOOK_TOKEN or HOOK_HMAC_SECRET');

function passwordMatches(password, stored) {
  const [scheme, salt, hash] = String(stored).split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'hex');
  return timingSafeEqual(scryptSync(password, Buffer.from(salt, 'hex'), expected.length), expected);
}

function sameText(a, b) {
  const left = Buffer.from(String(a));
  const right = Buffer.from(String(b));
  return left.length === right.length && timingSafeEqual(left, right);
}

function authentic(headers, body) {
  if (token) return sameText(headers.authorization ?? '', `Bearer ${token}`);
  const timestamp = Number(headers['x-bucketftp-timestamp']);
  if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300) return false;
  const expected = `sha256=${createHmac('sha256', hmacSecret).update(`${timestamp}.${body}`).digest('hex')}`;
  return sameText(headers['x-bucketftp-signature'] ?? '', expected);
}

function answer(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const server = createServer((request, response) => {
  if (request.method !== 'POST') return answer(response, 405, { error: 'POST a login' });
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    // Not bucketftp: 403 would count as a wrong password, so answer 400 (bucketftp: unavailable).
    if (!authentic(request.headers, body)) return answer(response, 400, { error: 'unsigned request' });
    let login;
    try {
      login = JSON.parse(body);
    } catch {
      return answer(response, 400, { error: 'not JSON' });
    }
    // Read on every request, so edits apply at once (a real service would ask its database).
    const users = JSON.parse(readFileSync(usersFile, 'utf8'));
    const entry = Object.hasOwn(users, login.username) ? users[login.username] : undefined;
    if (!entry) return answer(response, 404, { error: 'unknown user' });
    if (!passwordMatches(String(login.password), entry.passwordHash)) return answer(response, 401, { error: 'wrong password' });
    // Never log the password; the rest of the login is fine to log.
    console.log(JSON.stringify({ user: login.username, client: login.clientAddress, tls: login.tls, result: 'accepted' }));
    answer(response, 200, { user: entry.user ?? {}, attributes: { tenant: entry.tenant ?? 'default' } });
  });
});

const host = process.env.HOOK_HOST ?? '127.0.0.1';
const port = Number(process.env.HOOK_PORT ?? 8080);
server.listen(port, host, () => console.log(JSON.stringify({ msg: 'hook listening', host, port: server.address().port })));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
