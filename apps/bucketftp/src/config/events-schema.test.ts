import { describe, expect, it } from 'vitest';
import { eventsSchema } from './events-schema.js';

const context = { baseDir: '/etc/bucketftp', env: { HOOK_SECRET: 'secret-from-the-environment' } };
const schema = eventsSchema(context);
const URL = 'https://hooks.example.com/ftp';

function problems(input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('events', () => {
  it('has no sinks by default', () => {
    expect(schema.parse(undefined)).toEqual({ sinks: [] });
  });

  it('fills in the common defaults, names sinks after their type and resolves { env } fields', () => {
    const { sinks } = schema.parse({
      sinks: [
        { type: 'webhook', url: URL, secret: { env: 'HOOK_SECRET' } },
        { type: 'webhook', url: URL, events: ['upload'], paths: ['/in/**'] },
        { type: 'webhook', name: 'audit', url: URL },
      ],
    });
    expect(sinks.map((sink) => sink.name)).toEqual(['webhook', 'webhook-2', 'audit']);
    expect(sinks[0]).toMatchObject({ secret: 'secret-from-the-environment', maxQueue: 10_000, batchSize: 10, timeoutMs: 10_000, retries: 5 });
    expect(sinks[1]).toMatchObject({ events: ['upload'], paths: ['/in/**'] });
  });

  it('reports bad sinks by their path', () => {
    expect(problems({ sinks: [{ type: 'carrier-pigeon', url: URL }] })).toEqual([expect.stringMatching(/^sinks\.0\.type: /)]);
    expect(problems({ sinks: [{ type: 'webhook', url: URL, colour: 'blue' }] })).toEqual([expect.stringMatching(/^sinks\.0: .*colour/)]);
    expect(problems({ sinks: [{ type: 'webhook', url: 'ftp://example.com/' }] })).toEqual([expect.stringMatching(/^sinks\.0\.url: /)]);
    expect(problems({ sinks: [{ type: 'webhook', url: URL, secret: { env: 'UNSET' } }] })).toEqual(['sinks.0.secret: environment variable UNSET is not set']);
    expect(problems({ sinks: [{ type: 'webhook', url: URL, events: ['chmod'] }] })).toEqual([expect.stringMatching(/^sinks\.0\.events\.0: /)]);
    expect(problems({ sinks: [{ type: 'webhook', url: URL, paths: ['in/*'] }] })).toEqual([expect.stringMatching(/^sinks\.0\.paths\.0: /)]);
    expect(problems({ sinks: [{ type: 'webhook', url: URL, name: 'a' }, { type: 'webhook', url: URL, name: 'a' }] })).toEqual(['sinks.1.name: two sinks are named a']);
  });
});
