/**
 * Virtual paths ↔ S3 keys. The configured prefix is the user's home: `/a/b` ↦ `<prefix>a/b`.
 * Directories are key prefixes ending in `/`; a directory's marker is the zero-byte object whose
 * key is that prefix. Keys are plain UTF-8 strings handed to the SDK as they are (never
 * URL-encoded here; see copy-source.ts for the one header S3 wants encoded).
 */
export class KeyMapper {
  /** '' or a prefix ending in exactly one '/'. */
  readonly rootPrefix: string;

  constructor(prefix = '') {
    const trimmed = prefix.replace(/^\/+|\/+$/g, '');
    if (trimmed !== '' && trimmed.split('/').includes('')) {
      throw new RangeError(`S3 key prefix has an empty segment: ${JSON.stringify(prefix)}`);
    }
    this.rootPrefix = trimmed === '' ? '' : `${trimmed}/`;
  }

  /** The object key of the file at `path` (not '/'). */
  fileKey(path: string): string {
    return this.rootPrefix + path.slice(1);
  }

  /** The key prefix of the directory at `path`: also the key of its marker. */
  dirPrefix(path: string): string {
    return path === '/' ? this.rootPrefix : `${this.fileKey(path)}/`;
  }

  /**
   * The name a key or common prefix shows inside the directory listed with `dirPrefix`, or
   * undefined when it is no visible child: the directory's own marker, or a name FTP paths cannot
   * express (empty, `.`, `..`, from keys such as `a//b` written by other tools).
   */
  childName(dirPrefix: string, keyOrPrefix: string): string | undefined {
    if (!keyOrPrefix.startsWith(dirPrefix)) return undefined;
    const rest = keyOrPrefix.slice(dirPrefix.length);
    const name = rest.endsWith('/') ? rest.slice(0, -1) : rest;
    if (name === '' || name === '.' || name === '..' || name.includes('/')) return undefined;
    return name;
  }
}
