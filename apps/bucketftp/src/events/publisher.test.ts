import { eventSchema } from '@bucketftp/events';
import type { FileOperationEvent } from '@bucketftp/server';
import { describe, expect, it } from 'vitest';
import { fileEvent, loginEvent } from './publisher.js';

const AT = new Date('2026-12-05T08:00:00.000Z');
const fact: FileOperationEvent = {
  sid: 'k2f9',
  user: 'acme',
  remoteAddress: '203.0.113.7',
  tls: true,
  operation: 'upload',
  command: 'APPE',
  path: '/in/a.csv',
  size: 1500,
  durationMs: 12,
  write: { size: 1500, etag: '"abc-2"', versionId: 'v1' },
  location: { driver: 's3', bucket: 'acme-ftp', key: 'customers/acme/in/a.csv', url: 's3://acme-ftp/customers/acme/in/a.csv' },
  fromLocation: undefined,
};

describe('events from the engine facts', () => {
  it('an upload: the session, the client, the committed size and where the bytes live with their ETag and version', () => {
    const event = fileEvent(fact, AT);
    expect(event).toEqual({
      version: 1,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'upload',
      time: '2026-12-05T08:00:00.000Z',
      result: 'ok',
      user: 'acme',
      sessionId: 'k2f9',
      clientAddress: '203.0.113.7',
      tls: true,
      path: '/in/a.csv',
      size: 1500,
      durationMs: 12,
      storage: { driver: 's3', bucket: 'acme-ftp', key: 'customers/acme/in/a.csv', url: 's3://acme-ftp/customers/acme/in/a.csv', etag: '"abc-2"', versionId: 'v1' },
    });
    expect(eventSchema.parse(event)).toEqual(event);
    expect(fileEvent(fact, AT).id).not.toBe(event.id);
  });

  it('a rename: both paths and both locations', () => {
    const event = fileEvent(
      {
        ...fact,
        operation: 'rename',
        command: 'RNTO',
        path: '/done/a.csv',
        fromPath: '/in/a.csv',
        size: undefined,
        write: undefined,
        location: { driver: 'gcs', bucket: 'b', key: 'done/a.csv', url: 'gs://b/done/a.csv' },
        fromLocation: { driver: 'gcs', bucket: 'b', key: 'in/a.csv', url: 'gs://b/in/a.csv' },
      },
      AT,
    );
    expect(event).toMatchObject({ type: 'rename', path: '/done/a.csv', oldPath: '/in/a.csv', storage: { key: 'done/a.csv' }, oldStorage: { key: 'in/a.csv' } });
    expect(event).not.toHaveProperty('size');
    expect(eventSchema.parse(event)).toEqual(event);
  });

  it('a failed login: the name tried, no path', () => {
    const event = loginEvent({ sid: 's', user: 'mallory', remoteAddress: '198.51.100.1', ok: false, tls: false }, AT);
    expect(event).toMatchObject({ type: 'login', result: 'failed', user: 'mallory', clientAddress: '198.51.100.1', tls: false });
    expect(event).not.toHaveProperty('path');
    expect(eventSchema.parse(event)).toEqual(event);
  });
});
