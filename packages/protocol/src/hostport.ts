/**
 * Data-connection addresses: PORT/PASV (RFC 959 §4.1.2, §4.2) and EPRT/EPSV (RFC 2428).
 */
import { isIPv4, isIPv6 } from 'node:net';

const BYTE = /^\d{1,3}$/;
const DECIMAL = /^\d+$/;

function isPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/**
 * Parses a PORT argument `h1,h2,h3,h4,p1,p2` (RFC 959 §4.1.2): every number 0–255, spaces tolerated
 * around the commas, port = p1*256+p2. Port 0 cannot be connected to and is refused.
 */
export function parsePortArgument(arg: string): { host: string; port: number } | undefined {
  const fields = arg.split(',').map((field) => field.trim());
  if (fields.length !== 6) return undefined;
  const numbers: number[] = [];
  for (const field of fields) {
    if (!BYTE.test(field)) return undefined;
    const value = Number(field);
    if (value > 255) return undefined;
    numbers.push(value);
  }
  const [h1, h2, h3, h4, p1, p2] = numbers as [number, number, number, number, number, number];
  const port = p1 * 256 + p2;
  if (!isPort(port)) return undefined;
  return { host: `${h1}.${h2}.${h3}.${h4}`, port };
}

/** Formats the `h1,h2,h3,h4,p1,p2` of a 227 reply (RFC 959 §4.1.2) from an IPv4 (or IPv4-mapped) address. */
export function formatPasvAddress(host: string, port: number): string {
  const address = normalizeAddress(host);
  if (!isIPv4(address)) throw new RangeError(`PASV needs an IPv4 address, got ${host}`);
  if (!isPort(port)) throw new RangeError(`port must be 1–65535, got ${port}`);
  return `${address.replaceAll('.', ',')},${Math.floor(port / 256)},${port % 256}`;
}

export type EprtResult =
  | { ok: true; family: 1 | 2; host: string; port: number }
  | { ok: false; reason: 'syntax' | 'protocol' };

/**
 * Parses an EPRT argument `<d><net-prt><d><net-addr><d><tcp-port><d>` (RFC 2428 §2). The delimiter is
 * any printable ASCII character 33–126, usually `|`. Family 1 is IPv4, 2 is IPv6; any other family is
 * reported as 'protocol' so the server can answer 522 with the families it supports.
 */
export function parseEprtArgument(arg: string): EprtResult {
  const syntax = { ok: false, reason: 'syntax' } as const;
  const delimiter = arg.charCodeAt(0);
  // RFC 2428 §2: the delimiter is an ASCII character in the range 33-126.
  if (!(delimiter >= 33 && delimiter <= 126)) return syntax;
  const fields = arg.split(arg.charAt(0));
  if (fields.length !== 5 || fields[0] !== '' || fields[4] !== '') return syntax;
  const [, family, host = '', portText = ''] = fields;
  if (family === undefined || !DECIMAL.test(family)) return syntax;
  if (!DECIMAL.test(portText)) return syntax;
  const port = Number(portText);
  if (!isPort(port)) return syntax;
  switch (Number(family)) {
    case 1:
      return isIPv4(host) ? { ok: true, family: 1, host, port } : syntax;
    case 2:
      return isIPv6(host) ? { ok: true, family: 2, host: host.toLowerCase(), port } : syntax;
    default:
      // RFC 2428 §2: an unsupported network protocol is answered with 522.
      return { ok: false, reason: 'protocol' };
  }
}

/**
 * Parses an EPSV argument (RFC 2428 §3): none, `ALL` (the client will use only EPSV from now on) or a
 * network protocol number. Unsupported numbers are returned as they are so the server can answer 522.
 */
export function parseEpsvArgument(
  arg: string,
): { kind: 'none' } | { kind: 'all' } | { kind: 'family'; family: number } | undefined {
  const text = arg.trim();
  if (text === '') return { kind: 'none' };
  if (text.toUpperCase() === 'ALL') return { kind: 'all' };
  if (/^\d{1,3}$/.test(text)) return { kind: 'family', family: Number(text) };
  return undefined;
}

/**
 * Canonical text of an address so two spellings of one host compare equal: IPv4-mapped IPv6
 * (`::ffff:127.0.0.1`) becomes plain IPv4, IPv6 is lower-cased and compressed as in RFC 5952 §4.
 * Anything that is not an IP address is returned lower-cased.
 */
export function normalizeAddress(address: string): string {
  let text = address.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (isIPv4(text)) return text;
  if (isIPv6(text)) return canonicalIPv6(text);
  return text.toLowerCase();
}

/** Whether two addresses name the same host (e.g. the control and the data connection's peers). */
export function sameHost(a: string, b: string): boolean {
  return normalizeAddress(a) === normalizeAddress(b);
}

function canonicalIPv6(address: string): string {
  const zoneAt = address.indexOf('%');
  const zone = zoneAt === -1 ? '' : address.slice(zoneAt);
  const groups = expandIPv6(zoneAt === -1 ? address : address.slice(0, zoneAt));
  // RFC 4291 §2.5.5.2: ::ffff:a.b.c.d is an IPv4 host.
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff && zone === '') {
    const [high = 0, low = 0] = groups.slice(6);
    return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  }
  // RFC 5952 §4.2: compress the longest run (the first of equal runs) of two or more zero groups.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let end = i;
    while (end < 8 && groups[end] === 0) end++;
    if (end - i > bestLength) {
      bestStart = i;
      bestLength = end - i;
    }
    i = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':') + zone.toLowerCase();
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}${zone.toLowerCase()}`;
}

/** The eight 16-bit groups of a valid IPv6 address (without zone). */
function expandIPv6(address: string): number[] {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    // RFC 4291 §2.2: the last 32 bits may be written as a dotted IPv4 address.
    const [a = 0, b = 0, c = 0, d = 0] = last.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const doubleColon = text.indexOf('::');
  if (doubleColon === -1) return parse(text);
  const head = parse(text.slice(0, doubleColon));
  const tail = parse(text.slice(doubleColon + 2));
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}
