import { describe, expect, it } from 'vitest';
import type { BucketftpEvent } from './event.js';
import { eventFilter, globToRegExp } from './filter.js';

function event(fields: Partial<BucketftpEvent>): BucketftpEvent {
  return {
    version: 1,
    id: 'e1',
    type: 'upload',
    time: new Date(0).toISOString(),
    result: 'ok',
    user: 'alice',
    sessionId: 's1',
    clientAddress: '127.0.0.1',
    tls: false,
    path: '/in/a.csv',
    ...fields,
  };
}

describe('globToRegExp', () => {
  it.each([
    ['/in/*.csv', '/in/a.csv', true],
    ['/in/*.csv', '/in/sub/a.csv', false],
    ['/in/**', '/in', true],
    ['/in/**', '/in/sub/a.csv', true],
    ['/in/**', '/inbox/a', false],
    ['/**/*.csv', '/a.csv', true],
    ['/**/*.csv', '/x/y/a.csv', true],
    ['/in/**/done', '/in/done', true],
    ['/in/**/done', '/in/a/b/done', true],
    ['/file?.txt', '/file1.txt', true],
    ['/file?.txt', '/file10.txt', false],
    ['/a+b(1).txt', '/a+b(1).txt', true],
  ])('%s against %s: %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});

describe('eventFilter', () => {
  it('passes everything without filters', () => {
    expect(eventFilter({})(event({}))).toBe(true);
  });

  it('needs every configured filter to pass', () => {
    const filter = eventFilter({ events: ['upload'], users: ['alice'], paths: ['/in/**'] });
    expect(filter(event({}))).toBe(true);
    expect(filter(event({ type: 'download' }))).toBe(false);
    expect(filter(event({ user: 'bob' }))).toBe(false);
    expect(filter(event({ path: '/out/a.csv' }))).toBe(false);
  });

  it('matches a rename on either path, and never a login against a path filter', () => {
    const filter = eventFilter({ paths: ['/in/**'] });
    expect(filter(event({ type: 'rename', path: '/done/a.csv', oldPath: '/in/a.csv' }))).toBe(true);
    expect(filter(event({ type: 'login', path: undefined }))).toBe(false);
  });
});
