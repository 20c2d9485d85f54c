import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventJsonSchema, eventSchema } from './event-schema.js';

const FILE = new URL('../../../schemas/event.v1.json', import.meta.url);

describe('schemas/event.v1.json', () => {
  it('is what the event schema generates (UPDATE_SCHEMA=1 rewrites it)', () => {
    const generated = `${JSON.stringify(eventJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(FILE, generated);
    expect(readFileSync(FILE, 'utf8')).toBe(generated);
  });

  it('accepts an upload event with its storage location and refuses unknown fields', () => {
    const event = {
      version: 1,
      id: '6f1c2d1e-6d4b-4bde-9b0e-2d7f0f6f9a10',
      type: 'upload',
      time: '2026-12-05T08:00:00.000Z',
      result: 'ok',
      user: 'ingest',
      sessionId: 'k3j2',
      clientAddress: '203.0.113.7',
      tls: true,
      path: '/in/a.csv',
      size: 42,
      durationMs: 12,
      storage: { driver: 's3', bucket: 'b', key: 'home/in/a.csv', url: 's3://b/home/in/a.csv', etag: '"abc"' },
    };
    expect(eventSchema.parse(event)).toEqual(event);
    expect(eventSchema.safeParse({ ...event, extra: 1 }).success).toBe(false);
    expect(eventSchema.safeParse({ ...event, type: 'chmod' }).success).toBe(false);
  });
});
