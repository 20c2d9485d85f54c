/**
 * PROXY protocol headers, versions 1 and 2 (haproxy.org/download/2.9/doc/proxy-protocol.txt): the
 * first bytes a load balancer sends on a connection, naming the client it relays. Pure parsing over
 * buffered bytes, no sockets: the caller accumulates what arrived (see {@link ProxyHeaderReader}) and
 * asks again until the result is no longer `incomplete`.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { normalizeAddress } from './hostport.js';

export interface ProxyEndpoint {
  readonly address: string;
  readonly port: number;
}

export type ProxyHeader =
  /** A relayed connection: the source is the real client, the destination the address it dialled. */
  | { readonly kind: 'proxied'; readonly version: 1 | 2; readonly source: ProxyEndpoint; readonly destination: ProxyEndpoint }
  /**
   * v2 LOCAL (health checks), v1 UNKNOWN or v2 UNSPEC: the proxy speaks for itself, so the real
   * connection endpoints apply (spec §2.1, §2.2).
   */
  | { readonly kind: 'local'; readonly version: 1 | 2 };

export type ProxyParseResult =
  | { readonly status: 'incomplete' }
  | { readonly status: 'invalid'; readonly reason: string }
  /** `length`: header bytes to drop; what follows belongs to the relayed protocol. */
  | { readonly status: 'ok'; readonly header: ProxyHeader; readonly length: number };

// Spec §2.2: the 12-byte v2 signature.
export const PROXY_V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
const V1_PREFIX = Buffer.from('PROXY ', 'latin1');
// Spec §2.1: a v1 line, CRLF included, is at most 107 bytes.
export const PROXY_V1_MAX_LENGTH = 107;
const V2_FIXED_LENGTH = 16;
/** Default cap on a v2 header (16 fixed bytes, the address block and TLVs); spec §2.2 allows 16 + 65535. */
export const PROXY_V2_DEFAULT_MAX_LENGTH = 1024;

const INCOMPLETE: ProxyParseResult = { status: 'incomplete' };

function invalid(reason: string): ProxyParseResult {
  return { status: 'invalid', reason };
}

/** Whether `bytes` agrees with `expected` over their common length. */
function agrees(bytes: Uint8Array, expected: Uint8Array): boolean {
  const length = Math.min(bytes.length, expected.length);
  for (let i = 0; i < length; i++) if (bytes[i] !== expected[i]) return false;
  return true;
}

/**
 * Whether a connection's first bytes start a PROXY header: `header` once they match the v1 `PROXY `
 * or the whole v2 signature, `not-header` as soon as they cannot, `undecided` while too short to tell.
 */
export function detectProxyHeader(bytes: Uint8Array): 'header' | 'not-header' | 'undecided' {
  const v1 = agrees(bytes, V1_PREFIX);
  const v2 = agrees(bytes, PROXY_V2_SIGNATURE);
  if ((v1 && bytes.length >= V1_PREFIX.length) || (v2 && bytes.length >= PROXY_V2_SIGNATURE.length)) return 'header';
  return v1 || v2 ? 'undecided' : 'not-header';
}

/**
 * Parses the header at the start of `bytes`. Anything that is not exactly a v1 or v2 header is
 * `invalid` as early as that can be seen (spec §2.1: abort as soon as possible); `maxV2Length` caps
 * the v2 header so a proxy cannot make us buffer 64 KiB of TLVs.
 */
export function parseProxyHeader(bytes: Uint8Array, maxV2Length = PROXY_V2_DEFAULT_MAX_LENGTH): ProxyParseResult {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length === 0) return INCOMPLETE;
  // Spec §2.2: the v2 signature starts with CR, the v1 line with "P"; nothing else is a header.
  if (buffer[0] === PROXY_V2_SIGNATURE[0]) {
    return agrees(buffer, PROXY_V2_SIGNATURE) ? parseV2(buffer, maxV2Length) : invalid('not a PROXY protocol header');
  }
  return agrees(buffer, V1_PREFIX) ? parseV1(buffer) : invalid('not a PROXY protocol header');
}

function parseV1(buffer: Buffer): ProxyParseResult {
  const end = buffer.indexOf('\r\n', 0, 'latin1');
  if (end === -1) {
    // Spec §2.1: no CRLF within 107 bytes, or a lone CR/LF, makes the line invalid.
    const stray = buffer.indexOf(0x0a);
    if (stray !== -1) return invalid('v1 line ends without CRLF');
    const cr = buffer.indexOf(0x0d);
    if (cr !== -1 && cr < buffer.length - 1) return invalid('v1 line ends without CRLF');
    return buffer.length >= PROXY_V1_MAX_LENGTH ? invalid('v1 line longer than 107 bytes') : INCOMPLETE;
  }
  const length = end + 2;
  if (length > PROXY_V1_MAX_LENGTH) return invalid('v1 line longer than 107 bytes');
  const line = buffer.toString('latin1', 0, end);
  if (/[^\x20-\x7e]/.test(line)) return invalid('v1 line has non-printable bytes');
  const fields = line.split(' ');
  const protocol = fields[1];
  // Spec §2.1: after UNKNOWN the receiver ignores the rest of the line and uses the real endpoints.
  if (protocol === 'UNKNOWN') return { status: 'ok', header: { kind: 'local', version: 1 }, length };
  if (protocol !== 'TCP4' && protocol !== 'TCP6') return invalid('v1 protocol must be TCP4, TCP6 or UNKNOWN');
  if (fields.length !== 6) return invalid('v1 line must have exactly six fields');
  const [, , sourceText = '', destinationText = '', sourcePortText = '', destinationPortText = ''] = fields;
  const family = protocol === 'TCP4' ? isCanonicalIPv4 : isV1IPv6;
  if (!family(sourceText) || !family(destinationText)) return invalid(`v1 addresses are not ${protocol} addresses`);
  const sourcePort = parseV1Port(sourcePortText);
  const destinationPort = parseV1Port(destinationPortText);
  if (sourcePort === undefined || destinationPort === undefined) return invalid('v1 ports must be 0-65535 without leading zeroes');
  return {
    status: 'ok',
    header: {
      kind: 'proxied',
      version: 1,
      source: { address: normalizeAddress(sourceText), port: sourcePort },
      destination: { address: normalizeAddress(destinationText), port: destinationPort },
    },
    length,
  };
}

// Spec §2.1: exactly four decimal numbers 0-255, no leading zeroes (they could be read as octal).
function isCanonicalIPv4(text: string): boolean {
  return /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/.test(text) && isIPv4(text);
}

function isV1IPv6(text: string): boolean {
  return /^[0-9A-Fa-f:]+$/.test(text) && isIPv6(text);
}

function parseV1Port(text: string): number | undefined {
  if (!/^(0|[1-9]\d{0,4})$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

function parseV2(buffer: Buffer, maxLength: number): ProxyParseResult {
  if (buffer.length < V2_FIXED_LENGTH) return INCOMPLETE;
  const versionCommand = buffer[12] ?? 0;
  // Spec §2.2: the version nibble must be 2; the command 0 (LOCAL) or 1 (PROXY), anything else is dropped.
  if (versionCommand >> 4 !== 2) return invalid('v2 version must be 2');
  const command = versionCommand & 0x0f;
  if (command > 1) return invalid('v2 command must be LOCAL or PROXY');
  const familyProtocol = buffer[13] ?? 0;
  const family = familyProtocol >> 4;
  const transport = familyProtocol & 0x0f;
  if (family > 3 || transport > 2) return invalid('v2 address family or protocol is not defined');
  const addressLength = buffer.readUInt16BE(14);
  const length = V2_FIXED_LENGTH + addressLength;
  if (length > maxLength) return invalid(`v2 header longer than ${maxLength} bytes`);
  if (buffer.length < length) return INCOMPLETE;
  // Spec §2.2: LOCAL — use the real endpoints and skip the block, whatever the family says.
  if (command === 0) return { status: 'ok', header: { kind: 'local', version: 2 }, length };
  // Spec §2.2: UNSPEC may be accepted with the real endpoints; FTP needs TCP, so UDP and UNIX are refused.
  if (family === 0 || transport === 0) return { status: 'ok', header: { kind: 'local', version: 2 }, length };
  if (transport !== 1 || family === 3) return invalid('v2 PROXY must relay TCP over IPv4 or IPv6');
  const needed = family === 1 ? 12 : 36;
  if (addressLength < needed) return invalid('v2 address block too short for its family');
  const at = V2_FIXED_LENGTH;
  const size = family === 1 ? 4 : 16;
  const source = readAddress(buffer, at, size);
  const destination = readAddress(buffer, at + size, size);
  const sourcePort = buffer.readUInt16BE(at + 2 * size);
  const destinationPort = buffer.readUInt16BE(at + 2 * size + 2);
  return {
    status: 'ok',
    header: {
      kind: 'proxied',
      version: 2,
      source: { address: source, port: sourcePort },
      destination: { address: destination, port: destinationPort },
    },
    length,
  };
}

function readAddress(buffer: Buffer, at: number, size: 4 | 16): string {
  if (size === 4) return [...buffer.subarray(at, at + 4)].join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(buffer.readUInt16BE(at + i).toString(16));
  return normalizeAddress(groups.join(':'));
}

/**
 * Collects a connection's first chunks until a header can be parsed. It keeps at most the header's
 * maximum size (107 bytes for v1, `maxV2Length` for v2), so a peer cannot make it buffer more.
 */
export class ProxyHeaderReader {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly maxV2Length = PROXY_V2_DEFAULT_MAX_LENGTH) {}

  /**
   * Adds a chunk. `ok` carries `rest`: the bytes after the header, which belong to the relayed
   * protocol (a client's first command, a TLS ClientHello, upload data).
   */
  push(chunk: Uint8Array): ProxyParseResult & { rest?: Buffer } {
    const limit = Math.max(PROXY_V1_MAX_LENGTH, this.maxV2Length);
    const combined = this.buffered.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffered, chunk]);
    const result = parseProxyHeader(combined.subarray(0, limit), this.maxV2Length);
    if (result.status === 'incomplete') {
      if (combined.length >= limit) return invalid('PROXY header exceeds the size limit');
      this.buffered = combined;
      return result;
    }
    this.buffered = Buffer.alloc(0);
    if (result.status === 'invalid') return result;
    return { ...result, rest: combined.subarray(result.length) };
  }
}
