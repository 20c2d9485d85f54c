/**
 * The in-memory reference driver: every rule of the contract in types.ts, with nothing else in the
 * way. Files are kept as arrays of chunks (never joined); an upload is staged chunk by chunk and
 * committed in one step at the end.
 */
import { addAbortSignal, Readable } from 'node:stream';
import { checkBeforeCommit, receiveChunks, throwIfAborted } from './abort.js';
import { keepsPartial } from './partial-uploads.js';
import {
  alreadyExists,
  invalidArgument,
  isADirectory,
  notADirectory,
  notEmpty,
  notFound,
  StorageError,
  unsupported,
} from './errors.js';
import { assertNormalizedPath, baseName, isSameOrInside, parentPath } from './paths.js';
import type {
  Capabilities,
  Entry,
  HashAlgorithm,
  OperationOptions,
  ReadOptions,
  StorageDriver,
  WriteMode,
  WriteOptions,
  WriteResult,
  StorageLocation,
} from './types.js';

interface MemoryFile {
  readonly type: 'file';
  /** Never mutated: a commit replaces the whole node, so open read streams keep their snapshot. */
  readonly chunks: readonly Uint8Array[];
  readonly size: number;
  readonly mtime: Date;
}

interface MemoryDir {
  readonly type: 'dir';
  readonly children: Map<string, MemoryNode>;
  mtime: Date;
}

type MemoryNode = MemoryFile | MemoryDir;

const CREATE: WriteMode = { kind: 'create' };

/** Honours its own `capabilities`, so a subclass declaring less behaves like a driver that can do less. */
export class MemoryDriver implements StorageDriver {
  readonly kind = 'memory';
  readonly capabilities: Capabilities = { append: true, resume: true, renameDirectories: true, setModified: true };

  private readonly root: MemoryDir = { type: 'dir', children: new Map(), mtime: new Date() };

  async stat(path: string, options: OperationOptions = {}): Promise<Entry> {
    checkOperation(path, options);
    const node = this.find(path);
    if (!node) throw notFound(path);
    return toEntry(baseName(path), node);
  }

  async *list(path: string, options: OperationOptions = {}): AsyncGenerator<Entry, void, undefined> {
    checkOperation(path, options);
    const node = this.find(path);
    if (!node) throw notFound(path);
    if (node.type !== 'dir') throw notADirectory(path);
    for (const [name, child] of node.children) {
      throwIfAborted(options.signal);
      yield toEntry(name, child);
    }
  }

  async read(path: string, options: ReadOptions = {}): Promise<Readable> {
    checkOperation(path, options);
    const offset = options.offset ?? 0;
    assertByteOffset(offset);
    const file = this.findFile(path);
    const stream = Readable.from(chunksFrom(file.chunks, offset), { objectMode: false });
    return options.signal ? addAbortSignal(options.signal, stream) : stream;
  }

  async write(path: string, source: AsyncIterable<Uint8Array>, options: WriteOptions = {}): Promise<WriteResult> {
    checkOperation(path, options);
    const base = this.uploadBase(path, options.mode ?? CREATE);
    const received: Uint8Array[] = [];
    const ended = await receiveChunks(source, options.signal, (chunk) => {
      // A copy: the producer may reuse its buffer once the chunk is accepted.
      if (chunk.byteLength > 0) received.push(new Uint8Array(chunk));
    });
    const outcome = await checkBeforeCommit(ended, options);
    if (!outcome.ok && !keepsPartial(options.partial, outcome.failure)) throw outcome.failure;
    const size = this.commitFile(path, [...base, ...received]);
    if (!outcome.ok) throw outcome.failure;
    return { size };
  }

  locate(path: string): StorageLocation {
    assertNormalizedPath(path);
    return { driver: 'memory', key: path, url: `memory://${path}` };
  }

  async mkdir(path: string, options: OperationOptions = {}): Promise<void> {
    checkOperation(path, options);
    if (this.find(path)) throw alreadyExists(path);
    this.attach(path, { type: 'dir', children: new Map(), mtime: new Date() });
  }

  async rmdir(path: string, options: OperationOptions = {}): Promise<void> {
    checkOperation(path, options);
    if (path === '/') throw new StorageError('permission', 'the root directory cannot be removed');
    const node = this.find(path);
    if (!node) throw notFound(path);
    if (node.type !== 'dir') throw notADirectory(path);
    if (node.children.size > 0) throw notEmpty(path);
    this.detach(path);
  }

  async delete(path: string, options: OperationOptions = {}): Promise<void> {
    checkOperation(path, options);
    this.findFile(path);
    this.detach(path);
  }

  async rename(from: string, to: string, options: OperationOptions = {}): Promise<void> {
    checkOperation(from, options);
    assertNormalizedPath(to);
    if (from === '/') throw new StorageError('permission', 'the root directory cannot be renamed');
    const node = this.find(from);
    if (!node) throw notFound(from);
    const existing = this.find(to);
    if (node.type === 'dir') {
      if (!this.capabilities.renameDirectories) throw unsupported('renaming directories');
      if (isSameOrInside(to, from)) throw invalidArgument(`cannot move ${from} inside itself`);
      if (existing) throw alreadyExists(to);
    } else if (existing?.type === 'dir') {
      throw isADirectory(to);
    }
    this.directoryFor(to);
    if (from === to) return;
    this.detach(from);
    this.attach(to, node);
  }

  async storedHash(path: string, _algorithm: HashAlgorithm, options: OperationOptions = {}): Promise<string | undefined> {
    checkOperation(path, options);
    this.findFile(path);
    return undefined;
  }

  async setModified(path: string, mtime: Date, options: OperationOptions = {}): Promise<void> {
    checkOperation(path, options);
    if (!this.capabilities.setModified) throw unsupported('setting modification times');
    const file = this.findFile(path);
    this.directoryFor(path).children.set(baseName(path), { ...file, mtime: new Date(mtime.getTime()) });
  }

  async ping(): Promise<void> {}

  /** The chunks kept by an upload in `mode`; checks everything that must fail before reading the source. */
  private uploadBase(path: string, mode: WriteMode): readonly Uint8Array[] {
    if (mode.kind !== 'create' && !this.capabilities[mode.kind]) throw unsupported(`${mode.kind} uploads`);
    if (mode.kind === 'resume') assertByteOffset(mode.offset);
    this.directoryFor(path);
    const existing = this.find(path);
    if (existing?.type === 'dir') throw isADirectory(path);
    const current = existing?.chunks ?? [];
    switch (mode.kind) {
      case 'create':
        return [];
      case 'append':
        return current;
      case 'resume':
        if (mode.offset > (existing?.size ?? 0)) {
          throw invalidArgument(`resume offset ${mode.offset} is past the end of ${path}`);
        }
        return chunksBefore(current, mode.offset);
    }
  }

  private commitFile(path: string, chunks: readonly Uint8Array[]): number {
    if (this.find(path)?.type === 'dir') throw isADirectory(path);
    const size = chunks.reduce((total, chunk) => total + chunk.byteLength, 0);
    this.attach(path, { type: 'file', chunks, size, mtime: new Date() });
    return size;
  }

  private find(path: string): MemoryNode | undefined {
    if (path === '/') return this.root;
    let node: MemoryNode | undefined = this.root;
    for (const segment of path.slice(1).split('/')) {
      if (node?.type !== 'dir') return undefined;
      node = node.children.get(segment);
    }
    return node;
  }

  private findFile(path: string): MemoryFile {
    const node = this.find(path);
    if (!node) throw notFound(path);
    if (node.type !== 'file') throw isADirectory(path);
    return node;
  }

  /** The existing directory that holds `path`. */
  private directoryFor(path: string): MemoryDir {
    const parent = parentPath(path);
    const node = this.find(parent);
    if (!node) throw notFound(parent);
    if (node.type !== 'dir') throw notADirectory(parent);
    return node;
  }

  private attach(path: string, node: MemoryNode): void {
    const parent = this.directoryFor(path);
    parent.children.set(baseName(path), node);
    parent.mtime = new Date();
  }

  private detach(path: string): void {
    const parent = this.directoryFor(path);
    parent.children.delete(baseName(path));
    parent.mtime = new Date();
  }
}

function checkOperation(path: string, options: OperationOptions): void {
  assertNormalizedPath(path);
  throwIfAborted(options.signal);
}

function assertByteOffset(offset: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalidArgument(`not a byte offset: ${offset}`);
}

function toEntry(name: string, node: MemoryNode): Entry {
  return node.type === 'dir'
    ? { name, type: 'dir', size: 0, mtime: node.mtime }
    : { name, type: 'file', size: node.size, mtime: node.mtime };
}

/** The chunks holding bytes [0, end); the last one is a view when `end` falls inside it. */
function chunksBefore(chunks: readonly Uint8Array[], end: number): Uint8Array[] {
  const kept: Uint8Array[] = [];
  let remaining = end;
  for (const chunk of chunks) {
    if (remaining <= 0) break;
    kept.push(chunk.byteLength <= remaining ? chunk : chunk.subarray(0, remaining));
    remaining -= chunk.byteLength;
  }
  return kept;
}

/** Copies of the stored chunks from byte `offset` on, so readers can never alter the store. */
function* chunksFrom(chunks: readonly Uint8Array[], offset: number): Generator<Uint8Array, void, undefined> {
  let skip = offset;
  for (const chunk of chunks) {
    if (skip >= chunk.byteLength) {
      skip -= chunk.byteLength;
      continue;
    }
    yield chunk.slice(skip);
    skip = 0;
  }
}
