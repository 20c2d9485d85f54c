import { describe, expect, it } from 'vitest';
import {
  formatPasvAddress,
  normalizeAddress,
  parseEprtArgument,
  parseEpsvArgument,
  parsePortArgument,
  sameHost,
} from './hostport.js';

describe('parsePortArgument', () => {
  it('parses h1,h2,h3,h4,p1,p2 (RFC 959 §4.1.2)', () => {
    expect(parsePortArgument('127,0,0,1,195,80')).toEqual({ host: '127.0.0.1', port: 195 * 256 + 80 });
    expect(parsePortArgument('10,1,2,3,0,21')).toEqual({ host: '10.1.2.3', port: 21 });
    expect(parsePortArgument('255,255,255,255,255,255')).toEqual({ host: '255.255.255.255', port: 65535 });
  });

  it('tolerates spaces around the commas', () => {
    expect(parsePortArgument(' 127 , 0,0 ,1, 4 ,1 ')).toEqual({ host: '127.0.0.1', port: 1025 });
  });

  it('refuses numbers above 255', () => {
    expect(parsePortArgument('256,0,0,1,4,1')).toBeUndefined();
    expect(parsePortArgument('127,0,0,1,256,1')).toBeUndefined();
    expect(parsePortArgument('127,0,0,1,4,256')).toBeUndefined();
    expect(parsePortArgument('127,0,0,1,4,1000')).toBeUndefined();
  });

  it('refuses missing, extra or empty fields', () => {
    for (const arg of ['', '127,0,0,1,4', '127,0,0,1,4,1,1', '127,0,,1,4,1', '127,0,0,1,4,', ',0,0,1,4,1']) {
      expect(parsePortArgument(arg), arg).toBeUndefined();
    }
  });

  it('refuses anything that is not a plain decimal number', () => {
    for (const arg of ['127,0,0,1,4,-1', '127,0,0,1,4,1.5', '127,0,0,1,4,0x1', '127,0,0,1,4,1e1', 'a,b,c,d,e,f', '127,0,0,1,4,+1']) {
      expect(parsePortArgument(arg), arg).toBeUndefined();
    }
    expect(parsePortArgument('127 0,0,1,4,1')).toBeUndefined();
  });

  it('refuses port 0', () => {
    expect(parsePortArgument('127,0,0,1,0,0')).toBeUndefined();
  });
});

describe('formatPasvAddress', () => {
  it('formats h1,h2,h3,h4,p1,p2', () => {
    expect(formatPasvAddress('127.0.0.1', 50000)).toBe('127,0,0,1,195,80');
    expect(formatPasvAddress('10.0.0.2', 65535)).toBe('10,0,0,2,255,255');
    expect(formatPasvAddress('192.168.1.20', 256)).toBe('192,168,1,20,1,0');
  });

  it('accepts an IPv4-mapped IPv6 address', () => {
    expect(formatPasvAddress('::ffff:127.0.0.1', 1024)).toBe('127,0,0,1,4,0');
  });

  it('round-trips with parsePortArgument', () => {
    for (const port of [1, 255, 256, 1024, 40000, 65535]) {
      expect(parsePortArgument(formatPasvAddress('127.0.0.9', port))).toEqual({ host: '127.0.0.9', port });
    }
  });

  it('refuses IPv6 hosts and bad ports', () => {
    expect(() => formatPasvAddress('::1', 1024)).toThrow(RangeError);
    expect(() => formatPasvAddress('localhost', 1024)).toThrow(RangeError);
    expect(() => formatPasvAddress('127.0.0.1', 0)).toThrow(RangeError);
    expect(() => formatPasvAddress('127.0.0.1', 65536)).toThrow(RangeError);
  });
});

describe('parseEprtArgument', () => {
  it('parses IPv4 (RFC 2428 §2)', () => {
    expect(parseEprtArgument('|1|132.235.1.2|6275|')).toEqual({ ok: true, family: 1, host: '132.235.1.2', port: 6275 });
  });

  it('parses IPv6 and lower-cases it', () => {
    expect(parseEprtArgument('|2|1080::8:800:200C:417A|5282|')).toEqual({
      ok: true,
      family: 2,
      host: '1080::8:800:200c:417a',
      port: 5282,
    });
    expect(parseEprtArgument('|2|::1|1025|')).toEqual({ ok: true, family: 2, host: '::1', port: 1025 });
  });

  it('accepts any printable delimiter', () => {
    expect(parseEprtArgument('!1!127.0.0.1!2000!')).toEqual({ ok: true, family: 1, host: '127.0.0.1', port: 2000 });
    expect(parseEprtArgument('~2~::1~2000~')).toEqual({ ok: true, family: 2, host: '::1', port: 2000 });
  });

  it('refuses delimiters outside ASCII 33–126', () => {
    expect(parseEprtArgument(' 1 127.0.0.1 2000 ')).toEqual({ ok: false, reason: 'syntax' });
    expect(parseEprtArgument('\u00a71\u00a7127.0.0.1\u00a72000\u00a7')).toEqual({ ok: false, reason: 'syntax' });
    expect(parseEprtArgument('')).toEqual({ ok: false, reason: 'syntax' });
  });

  it('reports unsupported network protocols as protocol errors (522)', () => {
    expect(parseEprtArgument('|3|whatever|2000|')).toEqual({ ok: false, reason: 'protocol' });
    expect(parseEprtArgument('|0|127.0.0.1|2000|')).toEqual({ ok: false, reason: 'protocol' });
  });

  it('refuses missing or extra fields', () => {
    for (const arg of ['|1|127.0.0.1|2000', '1|127.0.0.1|2000|', '|1|127.0.0.1|', '|1|127.0.0.1|2000|x|', '||127.0.0.1|2000|', '|1||2000|']) {
      expect(parseEprtArgument(arg), arg).toEqual({ ok: false, reason: 'syntax' });
    }
  });

  it('refuses addresses that do not match the family', () => {
    expect(parseEprtArgument('|1|::1|2000|')).toEqual({ ok: false, reason: 'syntax' });
    expect(parseEprtArgument('|2|127.0.0.1|2000|')).toEqual({ ok: false, reason: 'syntax' });
    expect(parseEprtArgument('|1|256.0.0.1|2000|')).toEqual({ ok: false, reason: 'syntax' });
    expect(parseEprtArgument('|1|127.0.0|2000|')).toEqual({ ok: false, reason: 'syntax' });
    expect(parseEprtArgument('|1|localhost|2000|')).toEqual({ ok: false, reason: 'syntax' });
    expect(parseEprtArgument('|2|::g|2000|')).toEqual({ ok: false, reason: 'syntax' });
  });

  it('refuses ports outside 1–65535 and non-decimal ports', () => {
    for (const port of ['0', '65536', '99999999', '-1', '1e3', '0x10', ' 2000', '']) {
      expect(parseEprtArgument(`|1|127.0.0.1|${port}|`), port).toEqual({ ok: false, reason: 'syntax' });
    }
    expect(parseEprtArgument('|1|127.0.0.1|65535|')).toEqual({ ok: true, family: 1, host: '127.0.0.1', port: 65535 });
  });
});

describe('parseEpsvArgument', () => {
  it('parses the three forms (RFC 2428 §3)', () => {
    expect(parseEpsvArgument('')).toEqual({ kind: 'none' });
    expect(parseEpsvArgument('ALL')).toEqual({ kind: 'all' });
    expect(parseEpsvArgument('all')).toEqual({ kind: 'all' });
    expect(parseEpsvArgument('1')).toEqual({ kind: 'family', family: 1 });
    expect(parseEpsvArgument('2')).toEqual({ kind: 'family', family: 2 });
  });

  it('returns other protocol numbers so the server can answer 522', () => {
    expect(parseEpsvArgument('3')).toEqual({ kind: 'family', family: 3 });
  });

  it('refuses anything else', () => {
    for (const arg of ['ALLX', 'x', '-1', '1.0', '|1|']) {
      expect(parseEpsvArgument(arg), arg).toBeUndefined();
    }
  });
});

describe('normalizeAddress', () => {
  it('strips the IPv4-mapped IPv6 prefix', () => {
    expect(normalizeAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('::FFFF:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeAddress('0:0:0:0:0:ffff:7f00:1')).toBe('127.0.0.1');
  });

  it('lower-cases and compresses IPv6 (RFC 5952)', () => {
    expect(normalizeAddress('FE80::ABCD')).toBe('fe80::abcd');
    expect(normalizeAddress('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(normalizeAddress('2001:0db8:0000:0000:0001:0000:0000:0001')).toBe('2001:db8::1:0:0:1');
    expect(normalizeAddress('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(normalizeAddress('::')).toBe('::');
    expect(normalizeAddress('[::1]')).toBe('::1');
    expect(normalizeAddress('::127.0.0.1')).toBe('::7f00:1');
  });

  it('leaves IPv4 alone', () => {
    expect(normalizeAddress('127.0.0.1')).toBe('127.0.0.1');
  });
});

describe('sameHost', () => {
  it('matches spellings of the same host', () => {
    expect(sameHost('::ffff:127.0.0.1', '127.0.0.1')).toBe(true);
    expect(sameHost('::1', '0:0:0:0:0:0:0:1')).toBe(true);
    expect(sameHost('FE80::1', 'fe80:0::1')).toBe(true);
  });

  it('tells different hosts apart', () => {
    expect(sameHost('127.0.0.1', '127.0.0.2')).toBe(false);
    expect(sameHost('::1', '127.0.0.1')).toBe(false);
    expect(sameHost('::ffff:127.0.0.1', '::ffff:127.0.0.2')).toBe(false);
  });
});
