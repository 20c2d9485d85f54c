import { describe, expect, it } from 'vitest';
import {
  formatListLine,
  formatMdtm,
  formatMlstFeature,
  formatMlsxLine,
  isListableName,
  parseMlstFactsOption,
  SUPPORTED_MLST_FACTS,
  type ListingEntry,
} from './listing.js';

const now = new Date('2025-11-26T12:00:00Z');

describe('formatListLine', () => {
  it('shows the time for a recent directory', () => {
    const entry: ListingEntry = { name: 'name', type: 'dir', size: 0, mtime: new Date('2025-11-26T10:15:42Z') };
    expect(formatListLine(entry, now)).toBe('drwxr-xr-x 1 ftp ftp            0 Nov 26 10:15 name');
  });

  it('shows the year for an old file', () => {
    const entry: ListingEntry = { name: 'name', type: 'file', size: 1234, mtime: new Date('2024-01-02T03:04:05Z') };
    expect(formatListLine(entry, now)).toBe('-rw-r--r-- 1 ftp ftp         1234 Jan 02  2024 name');
  });

  it('switches from time to year at about 180 days', () => {
    const file = (mtime: Date): ListingEntry => ({ name: 'f', type: 'file', size: 1, mtime });
    const recent = new Date(now.getTime() - 179 * 24 * 3600 * 1000);
    const old = new Date(now.getTime() - 181 * 24 * 3600 * 1000);
    expect(formatListLine(file(recent), now)).toMatch(/ May 31 12:00 f$/);
    expect(formatListLine(file(old), now)).toMatch(/ May 29  2025 f$/);
  });

  it('shows the year for dates more than a day in the future, the time for clock skew', () => {
    const file = (mtime: Date): ListingEntry => ({ name: 'f', type: 'file', size: 1, mtime });
    expect(formatListLine(file(new Date('2025-11-26T18:30:00Z')), now)).toMatch(/ Nov 26 18:30 f$/);
    expect(formatListLine(file(new Date('2026-03-01T00:00:00Z')), now)).toMatch(/ Mar 01  2026 f$/);
  });

  it('uses UTC regardless of the local time zone', () => {
    const entry: ListingEntry = { name: 'f', type: 'file', size: 1, mtime: new Date('2025-11-25T23:59:00-05:00') };
    expect(formatListLine(entry, now)).toMatch(/ Nov 26 04:59 f$/);
  });

  it('uses now when the mtime is unknown or invalid', () => {
    expect(formatListLine({ name: 'f', type: 'file', size: 1 }, now)).toMatch(/ Nov 26 12:00 f$/);
    expect(formatListLine({ name: 'f', type: 'file', size: 1, mtime: new Date(Number.NaN) }, now)).toMatch(
      / Nov 26 12:00 f$/,
    );
  });

  it('right-aligns the size in 12 characters and keeps large sizes whole', () => {
    const line = (size: number): string => formatListLine({ name: 'f', type: 'file', size, mtime: now }, now);
    expect(line(7)).toBe('-rw-r--r-- 1 ftp ftp            7 Nov 26 12:00 f');
    expect(line(5_000_000_000_000)).toBe('-rw-r--r-- 1 ftp ftp 5000000000000 Nov 26 12:00 f');
  });

  it('writes names verbatim, spaces included', () => {
    expect(formatListLine({ name: ' my file .txt', type: 'file', size: 3, mtime: now }, now)).toBe(
      '-rw-r--r-- 1 ftp ftp            3 Nov 26 12:00  my file .txt',
    );
  });

  it('has the columns that ls-style parsers split on', () => {
    const line = formatListLine({ name: 'report 2024.csv', type: 'file', size: 99, mtime: now }, now);
    const match = /^([-d][-rwx]{9}) +(\d+) +(\S+) +(\S+) +(\d+) +(\w{3}) +(\d{1,2}) +(\d{2}:\d{2}|\d{4}) (.+)$/.exec(line);
    expect(match?.slice(1)).toEqual(['-rw-r--r--', '1', 'ftp', 'ftp', '99', 'Nov', '26', '12:00', 'report 2024.csv']);
  });
});

describe('isListableName', () => {
  it('refuses names that would split a listing line', () => {
    expect(isListableName('ok name.txt')).toBe(true);
    expect(isListableName('a\nb')).toBe(false);
    expect(isListableName('a\rb')).toBe(false);
    expect(isListableName('')).toBe(false);
  });
});

describe('formatMdtm', () => {
  it('formats YYYYMMDDHHMMSS in UTC (RFC 3659 §2.3)', () => {
    expect(formatMdtm(new Date('2024-01-02T03:04:05.678Z'))).toBe('20240102030405');
    expect(formatMdtm(new Date('1999-12-31T23:59:59Z'))).toBe('19991231235959');
    expect(formatMdtm(new Date(0))).toBe('19700101000000');
  });
});

describe('formatMlsxLine', () => {
  const file: ListingEntry = { name: 'a.txt', type: 'file', size: 12, mtime: new Date('2024-01-02T03:04:05Z') };
  const dir: ListingEntry = { name: 'sub', type: 'dir', size: 0, mtime: new Date('2024-01-02T03:04:05Z') };

  it('writes every enabled fact, then one space and the pathname (RFC 3659 §7.2)', () => {
    expect(formatMlsxLine(file, SUPPORTED_MLST_FACTS, 'a.txt', 'rw')).toBe(
      'type=file;size=12;modify=20240102030405;perm=rw; a.txt',
    );
  });

  it('describes directories without a size', () => {
    expect(formatMlsxLine(dir, SUPPORTED_MLST_FACTS, '/x/sub', 'elcmp')).toBe(
      'type=dir;modify=20240102030405;perm=elcmp; /x/sub',
    );
  });

  it('writes only the enabled facts, in the supported order', () => {
    expect(formatMlsxLine(file, ['size', 'type'], 'a.txt')).toBe('type=file;size=12; a.txt');
    expect(formatMlsxLine(file, ['modify'], 'a.txt')).toBe('modify=20240102030405; a.txt');
  });

  it('starts with the space when no fact is enabled', () => {
    expect(formatMlsxLine(file, [], 'a.txt', 'rw')).toBe(' a.txt');
  });

  it('omits modify when the mtime is unknown and perm when not given', () => {
    expect(formatMlsxLine({ name: 'n', type: 'file', size: 0 }, SUPPORTED_MLST_FACTS, 'n')).toBe('type=file;size=0; n');
  });

  it('keeps spaces and semicolons in the pathname', () => {
    expect(formatMlsxLine(file, ['type'], ' odd; name ')).toBe('type=file;  odd; name ');
  });
});

describe('parseMlstFactsOption', () => {
  it('selects the named facts (RFC 3659 §7.9)', () => {
    expect(parseMlstFactsOption('type;size;')).toEqual(['type', 'size']);
  });

  it('is case-insensitive and ignores unknown facts', () => {
    expect(parseMlstFactsOption('Type;UNIX.mode;SIZE;media-type;Modify;')).toEqual(['type', 'size', 'modify']);
  });

  it('returns supported order without duplicates', () => {
    expect(parseMlstFactsOption('perm;type;perm;')).toEqual(['type', 'perm']);
  });

  it('accepts a missing trailing semicolon and selects none for an empty argument', () => {
    expect(parseMlstFactsOption('modify')).toEqual(['modify']);
    expect(parseMlstFactsOption('')).toEqual([]);
  });
});

describe('formatMlstFeature', () => {
  it('marks the enabled facts with * (RFC 3659 §7.8)', () => {
    expect(formatMlstFeature(SUPPORTED_MLST_FACTS)).toBe('type*;size*;modify*;perm*;');
    expect(formatMlstFeature(['size'])).toBe('type;size*;modify;perm;');
  });
});
