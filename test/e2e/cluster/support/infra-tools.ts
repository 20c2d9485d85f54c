/**
 * The programs the infrastructure checks need. A missing one fails the check (never a skip), with
 * what to install: kubectl comes with the machine image (Debian's own kubernetes-client is 1.20,
 * whose kustomize is too old for these files); terraform is not in Debian's archive at all.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const HINTS: Record<string, string> = {
  terraform: 'terraform ≥ 1.9 is not in Debian\'s archive: install HashiCorp\'s release binary (or OpenTofu as "terraform") on PATH',
  kubectl: 'kubectl ≥ 1.27 (with kustomize v5) from the Kubernetes or Google Cloud SDK packages; Debian\'s kubernetes-client is too old',
};

export function requireInfraTool(name: 'terraform' | 'kubectl'): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  throw new Error(`${name} was not found on PATH; the infrastructure checks need it. ${HINTS[name]}`);
}
