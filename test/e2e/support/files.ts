/**
 * Test files with deterministic content, written and hashed as streams (no test file is ever held
 * whole in memory), and whole-tree comparison by SHA-256.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const CHUNK = 64 * 1024;

/** `size` pseudo-random bytes determined by `seed` (AES-256-CTR keystream), produced chunk by chunk. */
export function patternStream(size: number, seed: string): Readable {
  const key = createHash('sha256').update(seed).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(CHUNK);
  let remaining = size;
  return new Readable({
    read() {
      if (remaining === 0) {
        this.push(null);
        return;
      }
      const length = Math.min(CHUNK, remaining);
      remaining -= length;
      this.push(cipher.update(zeros.subarray(0, length)));
    },
  });
}

/** Writes `size` deterministic bytes to `path` (parent folders are created). */
export async function writePatternFile(path: string, size: number, seed: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await pipeline(patternStream(size, seed), createWriteStream(path));
}

/** Writes the first `length` bytes of `source` to `path`. */
export async function writePrefix(source: string, path: string, length: number): Promise<void> {
  if (length === 0) {
    await writeFile(path, '');
    return;
  }
  await pipeline(createReadStream(source, { start: 0, end: length - 1 }), createWriteStream(path));
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

export function sha256Text(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Text of exactly `size` bytes in `lines` LF-terminated lines of printable ASCII. */
export function textOfSize(size: number, lines: number, seed: string): string {
  const words = ['bucket', 'ftp', 'control', 'data', 'passive', 'active', 'transfer', 'reply', seed];
  const bodyBytes = size - lines; // one LF per line
  const result: string[] = [];
  for (let line = 0; line < lines; line++) {
    const length = Math.floor(bodyBytes / lines) + (line < bodyBytes % lines ? 1 : 0);
    let text = `${line + 1}:`;
    for (let word = 0; text.length < length; word++) text += ` ${words[(line + word) % words.length]}`;
    result.push(`${text.slice(0, length)}\n`);
  }
  return result.join('');
}

export async function makeTempDir(prefix: string): Promise<string> {
  return await mkdtemp(join(tmpdir(), `bucketftp-e2e-${prefix}-`));
}

export async function removeDir(path: string | undefined): Promise<void> {
  if (path) await rm(path, { recursive: true, force: true });
}

export interface TreeSpec {
  /** Relative folder paths (created even when empty). */
  readonly dirs: readonly string[];
  /** Relative file paths and their sizes. */
  readonly files: Readonly<Record<string, number>>;
}

export async function makeTree(root: string, spec: TreeSpec, seed: string): Promise<void> {
  for (const dir of spec.dirs) await mkdir(join(root, dir), { recursive: true });
  for (const [file, size] of Object.entries(spec.files)) await writePatternFile(join(root, file), size, `${seed}/${file}`);
}

/** Every folder (`dir/`) and file (`file sha256`) below `root`, sorted, as relative paths. */
export async function describeTree(root: string): Promise<string[]> {
  const lines: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const path = relative(root, join(entry.parentPath, entry.name));
    if (entry.isDirectory()) lines.push(`${path}/`);
    else if (entry.isFile()) lines.push(`${path} ${await sha256File(join(root, path))}`);
    else lines.push(`${path} (not a regular file)`);
  }
  return lines.sort();
}

/** The names directly in `dir`, sorted. */
export async function namesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}
