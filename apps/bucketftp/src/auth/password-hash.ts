/**
 * Password hashes in a PHC-style string: `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64, no padding).
 * Only hashes are ever stored; verification runs in constant time.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;
const DEFAULT_COST = { ln: 15, r: 8, p: 1 };

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function scryptOptions(cost: { ln: number; r: number; p: number }): ScryptOptions {
  const N = 2 ** cost.ln;
  return { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r };
}

export async function hashPassword(password: string, cost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, scryptOptions(cost));
  return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const PATTERN = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

export function isPasswordHash(value: string): boolean {
  return PATTERN.test(value);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const match = PATTERN.exec(hash);
  if (!match) return false;
  const [, ln, r, p, salt, expected] = match;
  const expectedKey = Buffer.from(expected!, 'base64url');
  const key = await scrypt(password, Buffer.from(salt!, 'base64url'), scryptOptions({ ln: Number(ln), r: Number(r), p: Number(p) }));
  return key.length === expectedKey.length && timingSafeEqual(key, expectedKey);
}
