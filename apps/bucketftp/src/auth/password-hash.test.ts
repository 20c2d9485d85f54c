import { describe, expect, it } from 'vitest';
import { hashPassword, isPasswordHash, verifyPassword } from './password-hash.js';

const FAST = { ln: 10, r: 8, p: 1 };

describe('password hashes', () => {
  it('verifies the password it was made from and nothing else', async () => {
    const hash = await hashPassword('correct horse', FAST);
    expect(isPasswordHash(hash)).toBe(true);
    expect(hash).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$/);
    await expect(verifyPassword('correct horse', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horse ', hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same', FAST)).not.toBe(await hashPassword('same', FAST));
  });

  it('rejects strings that are not hashes', async () => {
    expect(isPasswordHash('demo')).toBe(false);
    expect(isPasswordHash('$2b$10$abcdefghijklmnopqrstuv')).toBe(false);
    await expect(verifyPassword('demo', 'demo')).resolves.toBe(false);
  });
});
