import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ShutdownStack } from './shutdown-stack.js';

describe('ShutdownStack', () => {
  it('stops resources in reverse order of registration, each after the previous one has finished', async () => {
    const stack = new ShutdownStack();
    const events: string[] = [];
    for (const name of ['storages', 'ops', 'ftp']) {
      stack.push(name, async () => {
        events.push(`${name} stopping`);
        await sleep(5);
        events.push(`${name} stopped`);
      });
    }
    expect(stack.size).toBe(3);
    await stack.unwind();
    expect(events).toEqual(['ftp stopping', 'ftp stopped', 'ops stopping', 'ops stopped', 'storages stopping', 'storages stopped']);
    expect(stack.size).toBe(0);
  });

  it('unwinds only once, however often it is asked', async () => {
    const stack = new ShutdownStack();
    let stops = 0;
    stack.push('timer', () => {
      stops += 1;
    });
    const first = stack.unwind();
    const second = stack.unwind();
    expect(second).toBe(first);
    await Promise.all([first, second, stack.unwind()]);
    expect(stops).toBe(1);
  });

  it('keeps stopping the rest when one stop fails, then rejects with that error', async () => {
    const stack = new ShutdownStack();
    const stopped: string[] = [];
    const failure = new Error('bucket gone');
    stack.push('storages', () => {
      stopped.push('storages');
    });
    stack.push('ops', () => {
      throw failure;
    });
    stack.push('ftp', () => {
      stopped.push('ftp');
    });
    await expect(stack.unwind()).rejects.toBe(failure);
    expect(stopped).toEqual(['ftp', 'storages']);
  });

  it('names every resource whose stop failed when several did', async () => {
    const stack = new ShutdownStack();
    stack.push('storages', () => Promise.reject(new Error('a')));
    stack.push('ops', () => Promise.reject(new Error('b')));
    const error = await stack.unwind().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).message).toBe('stopping ops, storages failed');
    expect((error as AggregateError).errors.map((cause) => (cause as Error).message)).toEqual(['b', 'a']);
  });

  it('refuses a resource registered once the shutdown has begun', async () => {
    const stack = new ShutdownStack();
    await stack.unwind();
    expect(() => stack.push('late', () => undefined)).toThrow('late was registered after the shutdown began');
  });
});
