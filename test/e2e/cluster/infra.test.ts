/**
 * The deployment files, checked offline: Terraform formatting, the provider-less passive-layout
 * module (init, validate, its own `terraform test` cases), kustomize renderings of the base and
 * every overlay (checked for sound structure), and one layout everywhere — the ports Terraform
 * computes, the rendered Services and NetworkPolicy, the StatefulSet, the server configuration in
 * the ConfigMap (read by the server's own configuration loader) and the engine's own slicing.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from 'bucketftp';
import { PassiveLayout } from '@bucketftp/server';
import { describeRun, runProgram } from '../support/run.js';
import { kustomizeCommand, requireTerraform } from './support/infra-tools.js';
import { checkManifests, parseManifests, podTemplates, type Manifest } from './support/manifests.js';
import { terraform, type Terraform } from './support/terraform.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const TERRAFORM_DIR = join(REPO, 'infra', 'terraform');
const LAYOUT_MODULE = join(TERRAFORM_DIR, 'modules', 'passive-layout');
const KUSTOMIZE_DIR = join(REPO, 'infra', 'kubernetes');
const RENDERINGS = ['base', 'overlays/eks', 'overlays/gke'] as const;

interface Layout {
  replicas: number;
  slices: number;
  slice_ranges: { replica: number; min: number; max: number }[];
  port_range: { min: number; max: number };
  service_ports: { name: string; port: number; target_port: number }[];
  container_ports: { name: string; port: number }[];
  container_control_port: number;
  relay_port: number;
  ops_port: number;
}

let session: Terraform | undefined;
async function tf(): Promise<Terraform> {
  session ??= await terraform(requireTerraform());
  return session;
}
afterAll(async () => {
  await session?.close();
});

const rendered = new Map<string, Promise<Manifest[]>>();
function render(folder: string): Promise<Manifest[]> {
  let manifests = rendered.get(folder);
  if (!manifests) {
    manifests = (async () => {
      const { command, args } = kustomizeCommand(join(KUSTOMIZE_DIR, folder));
      const result = await runProgram(command, args, { timeoutMs: 60_000 });
      if (result.code !== 0) throw new Error(`${command} ${args.join(' ')}: ${describeRun(result)}`);
      return parseManifests(result.stdout);
    })();
    rendered.set(folder, manifests);
  }
  return manifests;
}

/** Validates a manifest against the official OpenAPI schema of its kind (kubernetes-models, offline). */
async function schemaProblems(manifest: Manifest): Promise<string[]> {
  const module = (await import(`kubernetes-models/${manifest.apiVersion}/${manifest.kind}`)) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = module[manifest.kind];
  if (!Model) return [`${manifest.apiVersion} ${manifest.kind}: no schema`];
  try {
    new Model(manifest).validate();
    return [];
  } catch (error) {
    return [`${manifest.kind}/${manifest.metadata.name}: ${(error as Error).message}`];
  }
}

function find(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name.startsWith(name));
  if (!found) throw new Error(`${kind}/${name} is not rendered`);
  return found;
}

/** The server configuration in a rendering's ConfigMap, read as the server reads it (replica 0's host name). */
function serverConfig(manifests: readonly Manifest[]) {
  const text = find(manifests, 'ConfigMap', 'bucketftp-config').data?.['config.yaml'];
  if (text === undefined) throw new Error('the ConfigMap has no config.yaml');
  return parseConfig(text, 'config.yaml', { env: { HOSTNAME: 'bucketftp-0' } });
}

/** The inputs of modules/passive-layout, read off the kustomize base (its StatefulSet and config.yaml). */
async function baseNumbers(): Promise<{ replicas: number; slices: number; portsPerReplica: number; firstPort: number }> {
  const base = await render('base');
  const config = serverConfig(base);
  const range = config.server.passive.portRange!;
  const slices = config.cluster!.slices;
  return {
    replicas: (find(base, 'StatefulSet', 'bucketftp').spec as { replicas: number }).replicas,
    slices,
    portsPerReplica: (range.max - range.min + 1) / slices,
    firstPort: range.min,
  };
}

let layoutRun: Promise<Layout> | undefined;
/** modules/passive-layout applied to the base's numbers (no resources: outputs only). */
function terraformLayout(): Promise<Layout> {
  layoutRun ??= (async () => {
    const session = await tf();
    const numbers = await baseNumbers();
    const root = await session.scratch('layout-root');
    const main = `module "layout" {
  source            = ${JSON.stringify(LAYOUT_MODULE)}
  replicas          = ${numbers.replicas}
  max_replicas      = ${numbers.slices}
  ports_per_replica = ${numbers.portsPerReplica}
  first_port        = ${numbers.firstPort}
}

output "layout" {
  value = module.layout
}
`;
    await writeFile(join(root, 'main.tf'), main);
    await session.ok(['init', '-input=false', '-no-color'], root);
    await session.ok(['apply', '-auto-approve', '-input=false', '-no-color'], root);
    const outputs = JSON.parse(await session.ok(['output', '-json'], root)) as { layout: { value: Layout } };
    return outputs.layout.value;
  })();
  return layoutRun;
}

describe('Terraform, offline', () => {
  it('is formatted (terraform fmt -check -recursive)', async () => {
    const session = await tf();
    const result = await session.run(['fmt', '-check', '-recursive', '-diff', '-no-color'], TERRAFORM_DIR);
    expect(result.code, describeRun(result)).toBe(0);
  });

  it('initialises and validates the passive-layout module and passes its terraform test cases', async () => {
    const session = await tf();
    const copy = await session.copy(LAYOUT_MODULE);
    await session.ok(['init', '-backend=false', '-input=false', '-no-color'], copy);
    await session.ok(['validate', '-no-color'], copy);
    const tested = await session.ok(['test', '-no-color'], copy);
    expect(tested).toMatch(/Success! \d+ passed, 0 failed/);
  });

  it('refuses a layout whose slices would be empty, as the module promises', async () => {
    const session = await tf();
    const root = await session.scratch('empty-slices');
    await writeFile(join(root, 'main.tf'), `module "layout" {\n  source            = ${JSON.stringify(LAYOUT_MODULE)}\n  replicas          = 2\n  ports_per_replica = 0\n}\n`);
    await session.ok(['init', '-input=false', '-no-color'], root);
    const plan = await session.run(['plan', '-input=false', '-no-color'], root);
    expect(plan.code).not.toBe(0);
    expect(plan.stderr).toContain('a slice may not be empty');
  });
});

describe('kustomize, offline', () => {
  it.each(RENDERINGS)('renders %s into sound manifests', async (folder) => {
    const manifests = await render(folder);
    expect(manifests.map((manifest) => manifest.kind).sort()).toEqual(['ConfigMap', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'Service', 'ServiceAccount', 'StatefulSet']);
    expect(checkManifests(manifests)).toEqual([]);
  });

  it.each(RENDERINGS)('renders %s into manifests valid against the Kubernetes schemas', async (folder) => {
    const problems: string[] = [];
    for (const manifest of await render(folder)) problems.push(...(await schemaProblems(manifest)));
    expect(problems).toEqual([]);
  });

  it('finds the schema check able to fail', async () => {
    const broken: Manifest = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'broken' },
      spec: { selector: {}, serviceName: 'x', template: { spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 'ftp' }] }] } } },
    };
    expect((await schemaProblems(broken)).join('\n')).toContain('containerPort must be integer');
  });

  it('holds in base/layout.yaml exactly what render-layout.sh makes of the numbers in base/config.yaml', async () => {
    const numbers = await baseNumbers();
    const result = await runProgram('/bin/sh', [join(KUSTOMIZE_DIR, 'render-layout.sh'), String(numbers.slices), String(numbers.portsPerReplica), String(numbers.firstPort)]);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toBe(await readFile(join(KUSTOMIZE_DIR, 'base', 'layout.yaml'), 'utf8'));
  });

  it('finds the structural checks able to fail', () => {
    const broken: Manifest[] = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { selector: { app: 'none' }, ports: [{ name: 'passive-port-30000', port: 70000 }] } },
    ];
    expect(checkManifests(broken)).toEqual([
      'Service/x: its selector selects no pods',
      'Service/x: port name passive-port-30000 is not an IANA service name (≤ 15 characters)',
      'Service/x: port 70000 out of range',
    ]);
  });
});

describe('one passive layout everywhere', () => {
  it.each(RENDERINGS)('%s: Terraform, the Services, the NetworkPolicy, the StatefulSet, the server configuration and the engine agree', async (folder) => {
    const layout = await terraformLayout();
    const manifests = await render(folder);
    const config = serverConfig(manifests);

    // The server configuration.
    expect(config.server.passive.portRange).toEqual(layout.port_range);
    expect(config.cluster).toMatchObject({ replica: 0, slices: layout.slices, relayPort: layout.relay_port });
    expect(config.server.listen).toEqual([expect.objectContaining({ host: '0.0.0.0', port: layout.container_control_port })]);
    expect(config.http).toMatchObject({ enabled: true, host: '0.0.0.0', port: layout.ops_port });
    expect(config.server.passive.publicAddress).toBeDefined();
    // The engine cuts the range the way Terraform does.
    expect(new PassiveLayout(config.server.passive.portRange!, config.cluster!.slices).slices).toEqual(layout.slice_ranges);

    // The load balancer's Service: the control port, then every passive port, unchanged.
    const ports = (find(manifests, 'Service', 'bucketftp').spec as { ports: { name: string; port: number; targetPort: number }[] }).ports;
    expect(ports.map(({ name, port, targetPort }) => ({ name, port, target_port: targetPort }))).toEqual(layout.service_ports);

    // The peers' Service, and the names the configuration gives the peers.
    const peers = find(manifests, 'Service', 'bucketftp-peers');
    expect((peers.spec as { clusterIP: string; publishNotReadyAddresses: boolean }).clusterIP).toBe('None');
    expect((peers.spec as { publishNotReadyAddresses: boolean }).publishNotReadyAddresses).toBe(true);
    expect((peers.spec as { ports: { port: number }[] }).ports.map((port) => port.port)).toEqual([layout.relay_port]);
    const statefulSet = find(manifests, 'StatefulSet', 'bucketftp');
    const peerPattern = config.cluster!.peers as string;
    expect(peerPattern.replace('{replica}', '2').split('.').slice(0, 2)).toEqual([`${statefulSet.metadata.name}-2`, peers.metadata.name]);

    // The StatefulSet: ports, probes, scrape annotations, the drain, room to scale.
    const spec = statefulSet.spec as { replicas: number; serviceName: string };
    expect(spec.replicas).toBe(layout.replicas);
    expect(spec.replicas).toBeLessThanOrEqual(layout.slices);
    expect(spec.serviceName).toBe(peers.metadata.name);
    const [pod] = podTemplates(manifests);
    const container = pod!.spec.containers[0]!;
    expect(container.ports?.map(({ name, containerPort }) => ({ name, port: containerPort }))).toEqual(layout.container_ports);
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'ops' });
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'ops' });
    expect(pod!.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(layout.ops_port), 'prometheus.io/path': '/metrics' });
    const preStop = (container as { lifecycle?: { preStop?: { exec?: { command: string[] } } } }).lifecycle?.preStop?.exec?.command ?? [];
    const preStopSeconds = Number(preStop[preStop.length - 1] ?? 0);
    expect(pod!.spec.terminationGracePeriodSeconds).toBeGreaterThan(config.server.shutdownGraceMs / 1000 + preStopSeconds);

    // The NetworkPolicy: the whole passive range open, the relay port for the replicas only.
    const policy = find(manifests, 'NetworkPolicy', 'bucketftp').spec as {
      ingress: { from?: unknown[]; ports: { port: number; endPort?: number }[] }[];
    };
    const open = policy.ingress.find((rule) => rule.from === undefined)!;
    expect(open.ports).toContainEqual({ protocol: 'TCP', port: layout.port_range.min, endPort: layout.port_range.max });
    expect(open.ports.map((port) => port.port)).toEqual(expect.arrayContaining([layout.container_control_port, layout.ops_port]));
    const relay = policy.ingress.find((rule) => rule.from !== undefined)!;
    expect(relay.ports).toEqual([{ protocol: 'TCP', port: layout.relay_port }]);
  });
});
