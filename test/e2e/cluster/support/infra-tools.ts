/**
 * The programs the infrastructure checks need, as scripts/install-test-deps.sh leaves them: terraform,
 * or OpenTofu (`tofu`, the same command line) where the machine has no terraform; kubectl, or a
 * standalone kustomize v5 where it has none. A missing one fails the check (never a skip).
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const TOOLS_DIR = process.env.BUCKETFTP_TOOLS_DIR ?? '/opt/bucketftp/bin';
const INSTALL = 'run sudo scripts/install-test-deps.sh, which installs it or says why it cannot';

function find(name: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), TOOLS_DIR]) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** terraform, else tofu (OpenTofu takes the same commands and files). */
export function requireTerraform(): string {
  const binary = find('terraform') ?? find('tofu');
  if (!binary) throw new Error(`neither terraform nor tofu was found on PATH or in ${TOOLS_DIR}; ${INSTALL}`);
  return binary;
}

/** The command that renders a kustomization folder: `kubectl kustomize DIR` or `kustomize build DIR`. */
export function kustomizeCommand(folder: string): { command: string; args: string[] } {
  const kubectl = find('kubectl');
  if (kubectl) return { command: kubectl, args: ['kustomize', folder] };
  const kustomize = find('kustomize');
  if (kustomize) return { command: kustomize, args: ['build', folder] };
  throw new Error(`neither kubectl nor kustomize was found on PATH or in ${TOOLS_DIR}; ${INSTALL}`);
}
