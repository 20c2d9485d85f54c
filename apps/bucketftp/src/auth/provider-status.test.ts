import { describe, expect, it } from 'vitest';
import type { AuthProvider } from './provider.js';
import { ProviderStatus } from './provider-status.js';

function provider(name: string, up?: () => boolean): AuthProvider & { checks: number } {
  const entry = {
    name,
    type: 'http',
    checks: 0,
    authenticate: () => Promise.resolve({ kind: 'unknown' as const }),
    ...(up && {
      check: () => {
        entry.checks += 1;
        return Promise.resolve(up());
      },
    }),
  };
  return entry;
}

describe('ProviderStatus', () => {
  it('reports each provider from its check (reused for cacheMs) and from logins, announcing each change once', async () => {
    let hookUp = true;
    const hook = provider('hook', () => hookUp);
    const config = provider('config');
    const changes: [string, boolean][] = [];
    const status = new ProviderStatus([config, hook], { cacheMs: 60_000, timeoutMs: 1_000, changed: (each, up) => changes.push([each.name, up]) });
    expect(await status.check()).toEqual([
      { provider: 'config', type: 'http', state: 'up' },
      { provider: 'hook', type: 'http', state: 'up' },
    ]);
    hookUp = false;
    await status.check();
    expect(hook.checks).toBe(1); // cached
    status.answered('hook', false);
    status.answered('hook', false);
    expect(await status.check()).toMatchObject([{ state: 'up' }, { provider: 'hook', state: 'down' }]);
    status.answered('hook', true);
    expect(changes).toEqual([
      ['hook', false],
      ['hook', true],
    ]);
  });

  it('counts a check that throws or outlasts timeoutMs (even ignoring its signal) as down', async () => {
    const failing = { ...provider('failing'), check: () => Promise.reject(new Error('boom')) };
    const hanging = { ...provider('hanging'), check: () => new Promise<boolean>(() => undefined) };
    const status = new ProviderStatus([failing, hanging], { cacheMs: 0, timeoutMs: 50 });
    expect(await status.check()).toMatchObject([{ state: 'down' }, { state: 'down' }]);
  });
});
