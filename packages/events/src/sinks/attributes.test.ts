import { describe, expect, it } from 'vitest';
import { eventAttributes } from './attributes.js';
import { sampleEvent } from './cloud.fixture.js';

describe('eventAttributes', () => {
  it('names the type, the result and the user', () => {
    expect(eventAttributes(sampleEvent({ user: 'bob' }))).toEqual({ type: 'upload', result: 'ok', user: 'bob' });
  });

  it('leaves out a missing or empty user, which SQS and SNS would refuse', () => {
    expect(eventAttributes(sampleEvent({ type: 'login', result: 'failed', user: null }))).toEqual({ type: 'login', result: 'failed' });
    expect(eventAttributes(sampleEvent({ user: '' }))).toEqual({ type: 'upload', result: 'ok' });
  });

  it('replaces characters SQS and SNS refuse, keeping the rest of Unicode', () => {
    expect(eventAttributes(sampleEvent({ user: 'a\u0001b\uD800c' })).user).toBe('a\uFFFDb\uFFFDc');
    expect(eventAttributes(sampleEvent({ user: 'zoë 😀\tx' })).user).toBe('zoë 😀\tx');
  });
});
