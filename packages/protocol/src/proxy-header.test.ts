import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectProxyHeader,
  parseProxyHeader,
  PROXY_V2_SIGNATURE,
  ProxyHeaderReader,
  type ProxyParseResult,
} from './proxy-header.js';

function v1(text: string): ProxyParseResult {
  return parseProxyHeader(Buffer.from(text, 'latin1'));
}

/** A v2 header: version/command byte, family/protocol byte, then the address block (and TLVs). */
function v2(versionCommand: number, familyProtocol: number, block: Uint8Array): Buffer {
  const fixed = Buffer.alloc(4);
  fixed[0] = versionCommand;
  fixed[1] = familyProtocol;
  fixed.writeUInt16BE(block.length, 2);
  return Buffer.concat([PROXY_V2_SIGNATURE, fixed, block]);
}

function ipv4Block(source: number[], destination: number[], sourcePort: number, destinationPort: number): Buffer {
  const ports = Buffer.alloc(4);
  ports.writeUInt16BE(sourcePort, 0);
  ports.writeUInt16BE(destinationPort, 2);
  return Buffer.concat([Buffer.from(source), Buffer.from(destination), ports]);
}

describe('parseProxyHeader v1 (spec §2.1)', () => {
  it('reads a TCP4 line and says how long it was', () => {
    expect(v1('PROXY TCP4 192.0.2.10 198.51.100.1 56324 21\r\nUSER x\r\n')).toEqual({
      status: 'ok',
      header: {
        kind: 'proxied',
        version: 1,
        source: { address: '192.0.2.10', port: 56324 },
        destination: { address: '198.51.100.1', port: 21 },
      },
      length: 45,
    });
  });

  it('reads a TCP6 line and normalises the addresses', () => {
    const result = v1('PROXY TCP6 2001:DB8:0:0:0:0:0:1 ::1 65535 990\r\n');
    expect(result).toMatchObject({
      status: 'ok',
      header: { kind: 'proxied', source: { address: '2001:db8::1', port: 65535 }, destination: { address: '::1', port: 990 } },
    });
  });

  it('takes UNKNOWN (with or without the rest of the line) as "use the real endpoints"', () => {
    expect(v1('PROXY UNKNOWN\r\n')).toEqual({ status: 'ok', header: { kind: 'local', version: 1 }, length: 15 });
    expect(v1('PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n')).toMatchObject({ status: 'ok', header: { kind: 'local' } });
  });

  it('waits for the CRLF', () => {
    expect(v1('PROXY TCP4 192.0.2.10 198.51.100.1 56324 21')).toEqual({ status: 'incomplete' });
    expect(v1('PROXY TCP4 192.0.2.10 198.51.100.1 56324 21\r')).toEqual({ status: 'incomplete' });
    expect(v1('PRO')).toEqual({ status: 'incomplete' });
  });

  it.each([
    ['leading zeroes in an address', 'PROXY TCP4 192.0.2.010 198.51.100.1 1 2\r\n'],
    ['leading zeroes in a port', 'PROXY TCP4 192.0.2.10 198.51.100.1 01 2\r\n'],
    ['a port above 65535', 'PROXY TCP4 192.0.2.10 198.51.100.1 65536 2\r\n'],
    ['an IPv6 address under TCP4', 'PROXY TCP4 ::1 ::1 1 2\r\n'],
    ['an IPv4 address under TCP6', 'PROXY TCP6 192.0.2.1 192.0.2.2 1 2\r\n'],
    ['an unknown protocol', 'PROXY UDP4 192.0.2.10 198.51.100.1 1 2\r\n'],
    ['a missing field', 'PROXY TCP4 192.0.2.10 198.51.100.1 1\r\n'],
    ['two spaces', 'PROXY TCP4  192.0.2.10 198.51.100.1 1 2\r\n'],
    ['a bare LF', 'PROXY TCP4 192.0.2.10 198.51.100.1 1 2\n'],
    ['a bare CR', 'PROXY TCP4 192.0.2.10 198.51.100.1 1 2\rX'],
    ['lower case', 'proxy TCP4 192.0.2.10 198.51.100.1 1 2\r\n'],
    ['an FTP command', 'USER alice\r\n'],
  ])('refuses %s', (_name, text) => {
    expect(v1(text).status).toBe('invalid');
  });

  it('refuses a line without CRLF in its first 107 bytes', () => {
    expect(v1(`PROXY UNKNOWN ${'x'.repeat(93)}`).status).toBe('invalid');
    expect(v1(`PROXY UNKNOWN ${'x'.repeat(91)}\r\n`).status).toBe('ok'); // exactly 107 bytes
    expect(v1(`PROXY UNKNOWN ${'x'.repeat(92)}\r\n`).status).toBe('invalid');
  });
});

describe('parseProxyHeader v2 (spec §2.2)', () => {
  it('reads TCP over IPv4 (0x21 PROXY, 0x11)', () => {
    const header = v2(0x21, 0x11, ipv4Block([203, 0, 113, 7], [10, 0, 0, 1], 40_000, 21));
    expect(parseProxyHeader(header)).toEqual({
      status: 'ok',
      header: {
        kind: 'proxied',
        version: 2,
        source: { address: '203.0.113.7', port: 40_000 },
        destination: { address: '10.0.0.1', port: 21 },
      },
      length: 28,
    });
  });

  it('reads TCP over IPv6 (0x21)', () => {
    const source = Buffer.alloc(16);
    source.writeUInt16BE(0x2001, 0);
    source.writeUInt16BE(0x0db8, 2);
    source[15] = 5;
    const destination = Buffer.alloc(16);
    destination[15] = 1;
    const ports = Buffer.from([0x12, 0x34, 0x00, 0x15]);
    const result = parseProxyHeader(v2(0x21, 0x21, Buffer.concat([source, destination, ports])));
    expect(result).toMatchObject({
      status: 'ok',
      header: { source: { address: '2001:db8::5', port: 0x1234 }, destination: { address: '::1', port: 21 } },
      length: 52,
    });
  });

  it('skips TLVs after the addresses', () => {
    const tlv = Buffer.from([0x04, 0x00, 0x03, 1, 2, 3]); // PP2_TYPE_NOOP
    const header = v2(0x21, 0x11, Buffer.concat([ipv4Block([1, 2, 3, 4], [5, 6, 7, 8], 1, 2), tlv]));
    expect(parseProxyHeader(header)).toMatchObject({ status: 'ok', length: 34, header: { source: { address: '1.2.3.4' } } });
  });

  it('takes LOCAL, and PROXY with an unspecified family, as "use the real endpoints"', () => {
    expect(parseProxyHeader(v2(0x20, 0x00, Buffer.alloc(0)))).toEqual({ status: 'ok', header: { kind: 'local', version: 2 }, length: 16 });
    // LOCAL ignores whatever address block is present, but skips it.
    expect(parseProxyHeader(v2(0x20, 0x11, Buffer.alloc(12, 9)))).toMatchObject({ status: 'ok', header: { kind: 'local' }, length: 28 });
    expect(parseProxyHeader(v2(0x21, 0x00, Buffer.alloc(0)))).toMatchObject({ status: 'ok', header: { kind: 'local' } });
  });

  it('waits until the fixed part and the announced length have arrived', () => {
    const header = v2(0x21, 0x11, ipv4Block([1, 2, 3, 4], [5, 6, 7, 8], 1, 2));
    for (let cut = 1; cut < header.length; cut++) {
      expect(parseProxyHeader(header.subarray(0, cut)), `cut at ${cut}`).toEqual({ status: 'incomplete' });
    }
  });

  it.each([
    ['version 1 in the version nibble', v2(0x11, 0x11, ipv4Block([1, 2, 3, 4], [5, 6, 7, 8], 1, 2))],
    ['an unassigned command', v2(0x22, 0x11, ipv4Block([1, 2, 3, 4], [5, 6, 7, 8], 1, 2))],
    ['an undefined family', v2(0x21, 0x41, Buffer.alloc(12))],
    ['an undefined transport', v2(0x21, 0x13, Buffer.alloc(12))],
    ['UDP', v2(0x21, 0x12, ipv4Block([1, 2, 3, 4], [5, 6, 7, 8], 1, 2))],
    ['a UNIX socket', v2(0x21, 0x31, Buffer.alloc(216))],
    ['an address block too short for IPv4', v2(0x21, 0x11, Buffer.alloc(8))],
    ['an address block too short for IPv6', v2(0x21, 0x21, Buffer.alloc(12))],
  ])('refuses %s', (_name, header) => {
    expect(parseProxyHeader(header).status).toBe('invalid');
  });

  it('refuses a signature that goes wrong, as soon as it does', () => {
    const broken = Buffer.from(PROXY_V2_SIGNATURE);
    broken[7] = 0x52;
    expect(parseProxyHeader(broken.subarray(0, 8)).status).toBe('invalid');
    expect(parseProxyHeader(Buffer.from('\r\n\r\nQUIT\r\n', 'latin1')).status).toBe('invalid');
  });

  it('refuses a header longer than the cap before it has arrived', () => {
    const fixed = Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([0x21, 0x11, 0xff, 0xff])]);
    expect(parseProxyHeader(fixed)).toMatchObject({ status: 'invalid' });
    expect(parseProxyHeader(v2(0x21, 0x11, Buffer.alloc(600)), 512).status).toBe('invalid');
    expect(parseProxyHeader(v2(0x21, 0x11, Buffer.alloc(600)), 2048).status).toBe('ok');
  });
});

describe('detectProxyHeader', () => {
  it('tells headers from FTP commands and TLS from the first bytes', () => {
    expect(detectProxyHeader(Buffer.from('PROXY TCP4'))).toBe('header');
    expect(detectProxyHeader(PROXY_V2_SIGNATURE)).toBe('header');
    expect(detectProxyHeader(Buffer.from('PRO'))).toBe('undecided');
    expect(detectProxyHeader(PROXY_V2_SIGNATURE.subarray(0, 11))).toBe('undecided');
    expect(detectProxyHeader(Buffer.alloc(0))).toBe('undecided');
    expect(detectProxyHeader(Buffer.from('PASV\r\n'))).toBe('not-header');
    expect(detectProxyHeader(Buffer.from('PROT P\r\n'))).toBe('not-header');
    expect(detectProxyHeader(Buffer.from('\r\nNOOP\r\n'))).toBe('not-header');
    expect(detectProxyHeader(Buffer.from([0x16, 0x03, 0x01]))).toBe('not-header');
  });
});

describe('ProxyHeaderReader', () => {
  const headers = [
    Buffer.from('PROXY TCP4 192.0.2.10 198.51.100.1 56324 21\r\n', 'latin1'),
    Buffer.from('PROXY TCP6 2001:db8::1 2001:db8::2 1 2\r\n', 'latin1'),
    v2(0x21, 0x11, ipv4Block([203, 0, 113, 7], [10, 0, 0, 1], 40_000, 21)),
    v2(0x20, 0x00, Buffer.alloc(0)),
  ];

  it('gives the same header and the same following bytes for every split into two chunks', () => {
    const after = Buffer.from('USER alice\r\n');
    for (const header of headers) {
      const input = Buffer.concat([header, after]);
      const expected = parseProxyHeader(header);
      for (let cut = 0; cut <= input.length; cut++) {
        const reader = new ProxyHeaderReader();
        const first = reader.push(input.subarray(0, cut));
        const result = first.status === 'incomplete' ? reader.push(input.subarray(cut)) : first;
        expect(result.status, `cut at ${cut}`).toBe('ok');
        if (result.status !== 'ok' || expected.status !== 'ok') continue;
        expect(result.header).toEqual(expected.header);
        // Bytes the reader was not given yet still arrive on the socket after it.
        const following = first.status === 'ok' ? Buffer.concat([result.rest ?? Buffer.alloc(0), input.subarray(cut)]) : result.rest;
        expect(following?.toString(), `cut at ${cut}`).toBe(after.toString());
      }
    }
  });

  it('gives up once more bytes than any header may have arrived', () => {
    const reader = new ProxyHeaderReader(256);
    expect(reader.push(Buffer.from('PROXY UNKNOWN ')).status).toBe('incomplete');
    expect(reader.push(Buffer.alloc(200, 0x41)).status).toBe('invalid');
  });

  it('never throws and never accepts bytes that do not start with a header (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 6 }), (chunks) => {
        const reader = new ProxyHeaderReader();
        let result: ProxyParseResult = { status: 'incomplete' };
        for (const chunk of chunks) {
          result = reader.push(chunk);
          if (result.status !== 'incomplete') break;
        }
        const bytes = Buffer.concat(chunks);
        if (result.status === 'ok') expect(detectProxyHeader(bytes)).toBe('header');
      }),
      { numRuns: 3000 },
    );
  });

  it('parses any well-formed v1 or v2 header it is given, split anywhere (property)', () => {
    const port = fc.integer({ min: 0, max: 65535 });
    const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
    fc.assert(
      fc.property(fc.boolean(), ipv4, ipv4, port, port, fc.uint8Array({ maxLength: 40 }), fc.nat(), (binary, source, destination, sp, dp, tail, cutSeed) => {
        const header = binary
          ? v2(0x21, 0x11, ipv4Block(source, destination, sp, dp))
          : Buffer.from(`PROXY TCP4 ${source.join('.')} ${destination.join('.')} ${sp} ${dp}\r\n`, 'latin1');
        const input = Buffer.concat([header, tail]);
        const cut = cutSeed % (input.length + 1);
        const reader = new ProxyHeaderReader();
        const first = reader.push(input.subarray(0, cut));
        const result = first.status === 'incomplete' ? reader.push(input.subarray(cut)) : first;
        expect(result).toMatchObject({
          status: 'ok',
          header: { source: { address: source.join('.'), port: sp }, destination: { address: destination.join('.'), port: dp } },
        });
        const following = first.status === 'ok' ? Buffer.concat([result.rest ?? Buffer.alloc(0), input.subarray(cut)]) : result.rest;
        expect(Buffer.compare(following ?? Buffer.alloc(0), Buffer.from(tail))).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });
});
