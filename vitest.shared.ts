import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

interface PackageJson {
  name: string;
  exports?: Record<string, { source?: string }>;
}

/**
 * Workspace packages resolve to their TypeScript sources (the `source` export condition),
 * so tests never need a build.
 */
function workspaceAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const group of ['packages', 'apps']) {
    for (const dir of readdirSync(join(root, group))) {
      const manifest = join(root, group, dir, 'package.json');
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as PackageJson;
      for (const [subpath, conditions] of Object.entries(pkg.exports ?? {})) {
        if (!conditions.source) continue;
        const specifier = pkg.name + subpath.slice(1);
        const escaped = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
        aliases.push({ find: new RegExp(`^${escaped}$`), replacement: join(root, group, dir, conditions.source) });
      }
    }
  }
  return aliases;
}

/** Each workspace runs vitest with its own config (turbo runs one `vitest run` per workspace). */
export function packageTestConfig(name: string, extra: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    resolve: { alias: workspaceAliases() },
    test: {
      name,
      include: ['src/**/*.test.ts'],
      testTimeout: 20_000,
      hookTimeout: 60_000,
      // The JSON report feeds scripts/test-summary.mjs, which prints one total for the whole suite.
      reporters: ['default', 'json'],
      outputFile: { json: '.reports/vitest.json' },
      ...extra,
    },
  });
}
