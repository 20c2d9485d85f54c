import { describe, expect, it } from 'vitest';
import { parseTimeVal, splitMfmtArgument } from './time-val.js';

describe('parseTimeVal (draft-somers-ftp-mfxx §3)', () => {
  it('reads YYYYMMDDHHMMSS as UTC', () => {
    expect(parseTimeVal('20010203040506')).toEqual(new Date('2001-02-03T04:05:06Z'));
    expect(parseTimeVal('19700101000000')).toEqual(new Date(0));
    expect(parseTimeVal('19691231235959')).toEqual(new Date(-1000));
  });

  it('keeps a fraction to the millisecond', () => {
    expect(parseTimeVal('20010203040506.7')).toEqual(new Date('2001-02-03T04:05:06.700Z'));
    expect(parseTimeVal('20010203040506.123')).toEqual(new Date('2001-02-03T04:05:06.123Z'));
    expect(parseTimeVal('20010203040506.123456789')).toEqual(new Date('2001-02-03T04:05:06.123Z'));
  });

  it('takes the years below 1000 and Feb 29 of a leap year', () => {
    expect(parseTimeVal('00990101000000')?.getUTCFullYear()).toBe(99);
    expect(parseTimeVal('20240229120000')).toEqual(new Date('2024-02-29T12:00:00Z'));
  });

  it.each([
    '',
    '2001020304050',
    '200102030405066',
    '20010203040506.',
    '2001-02-03 04:05',
    '20010203T040506',
    ' 20010203040506',
    '20011303040506',
    '20010003040506',
    '20010230040506',
    '20230229120000',
    '20010203240000',
    '20010203046000',
    '20010203040560',
    '+0010203040506',
  ])('refuses %j', (text) => {
    expect(parseTimeVal(text)).toBeUndefined();
  });
});

describe('splitMfmtArgument', () => {
  it('splits at the first space; the pathname keeps its own spaces', () => {
    expect(splitMfmtArgument('20010203040506 a file.txt')).toEqual({ time: '20010203040506', pathname: 'a file.txt' });
    expect(splitMfmtArgument('20010203040506  lead')).toEqual({ time: '20010203040506', pathname: ' lead' });
  });

  it('needs both parts', () => {
    expect(splitMfmtArgument('20010203040506')).toBeUndefined();
    expect(splitMfmtArgument('20010203040506 ')).toBeUndefined();
    expect(splitMfmtArgument(' path')).toBeUndefined();
  });
});
