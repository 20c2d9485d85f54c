/**
 * Rendered Kubernetes manifests, checked offline for the structure the API server would insist on
 * (and that this deployment relies on): known kinds and API versions, DNS names, Service port names
 * and numbers, selectors that select the pods, named ports and volumes that exist, probes on the
 * operations port. Not a full OpenAPI schema check: unknown fields are not detected.
 */
import { parseAllDocuments } from 'yaml';

export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
};

const API_VERSIONS: Record<string, string> = {
  ServiceAccount: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Service: 'v1',
  StatefulSet: 'apps/v1',
  PodDisruptionBudget: 'policy/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
};

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** IANA service names (RFC 6335 §5.1, Kubernetes port names): ≤ 15 characters, a letter, no dash at either end or twice. */
function isPortName(name: string): boolean {
  return /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes('--');
}

export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text).map((document) => {
    if (document.errors.length > 0) throw new Error(`YAML: ${document.errors.map((error) => error.message).join('; ')}`);
    return document.toJS() as Manifest;
  });
}

/** Every problem found, as `Kind/name: problem`; empty when the set is sound. */
export function checkManifests(manifests: readonly Manifest[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const manifest of manifests) {
    const where = `${manifest.kind}/${manifest.metadata?.name}`;
    const report = (problem: string) => problems.push(`${where}: ${problem}`);
    const expected = API_VERSIONS[manifest.kind];
    if (!expected) report('unexpected kind');
    else if (manifest.apiVersion !== expected) report(`apiVersion ${manifest.apiVersion}, expected ${expected}`);
    if (!DNS_SUBDOMAIN.test(manifest.metadata?.name ?? '')) report('metadata.name is not a DNS subdomain');
    if (seen.has(where)) report('defined twice');
    seen.add(where);
    for (const [key, value] of Object.entries({ ...manifest.metadata.labels, ...manifest.metadata.annotations })) {
      if (typeof value !== 'string') report(`label or annotation ${key} is not a string`);
    }
    const check = CHECKS[manifest.kind];
    check?.(manifest, manifests, report);
  }
  return problems;
}

type Check = (manifest: Manifest, all: readonly Manifest[], report: (problem: string) => void) => void;

interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  livenessProbe?: { httpGet?: { path: string; port: number | string } };
  readinessProbe?: { httpGet?: { path: string; port: number | string } };
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    containers: Container[];
    volumes?: { name: string; configMap?: { name: string }; secret?: { secretName: string } }[];
    terminationGracePeriodSeconds?: number;
    serviceAccountName?: string;
  };
}

function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

export function podTemplates(all: readonly Manifest[]): PodTemplate[] {
  return all.filter((manifest) => manifest.kind === 'StatefulSet').map((manifest) => (manifest.spec as { template: PodTemplate }).template);
}

function isPort(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535;
}

const CHECKS: Record<string, Check> = {
  Service(manifest, all, report) {
    const spec = manifest.spec as {
      type?: string;
      clusterIP?: string;
      selector?: Record<string, string>;
      externalTrafficPolicy?: string;
      ports?: { name?: string; protocol?: string; port: number; targetPort?: number | string }[];
    };
    const ports = spec.ports ?? [];
    if (ports.length === 0) report('no ports');
    if (!['ClusterIP', 'LoadBalancer', 'NodePort', undefined].includes(spec.type)) report(`type ${spec.type}`);
    if (spec.externalTrafficPolicy !== undefined) {
      if (!['Local', 'Cluster'].includes(spec.externalTrafficPolicy)) report(`externalTrafficPolicy ${spec.externalTrafficPolicy}`);
      if (spec.type !== 'LoadBalancer' && spec.type !== 'NodePort') report('externalTrafficPolicy needs type LoadBalancer or NodePort');
    }
    const pods = podTemplates(all).filter((template) => selects(spec.selector, template.metadata.labels));
    if (pods.length === 0) report('its selector selects no pods');
    const names = new Set<string>();
    const numbers = new Set<string>();
    for (const port of ports) {
      if (ports.length > 1 && port.name === undefined) report('ports need names when there are several');
      if (port.name !== undefined) {
        if (!isPortName(port.name)) report(`port name ${port.name} is not an IANA service name (≤ 15 characters)`);
        if (names.has(port.name)) report(`port name ${port.name} used twice`);
        names.add(port.name);
      }
      if (!isPort(port.port)) report(`port ${port.port} out of range`);
      const key = `${port.protocol ?? 'TCP'}/${port.port}`;
      if (numbers.has(key)) report(`port ${key} used twice`);
      numbers.add(key);
      const target = port.targetPort;
      if (typeof target === 'string') {
        const named = pods.some((template) => template.spec.containers.some((container) => container.ports?.some((candidate) => candidate.name === target)));
        if (!named) report(`targetPort ${target} names no container port`);
      } else if (target !== undefined && !isPort(target)) report(`targetPort ${target} out of range`);
    }
  },

  StatefulSet(manifest, all, report) {
    const spec = manifest.spec as { replicas?: number; serviceName?: string; selector?: { matchLabels?: Record<string, string> }; template: PodTemplate };
    if (!Number.isInteger(spec.replicas) || (spec.replicas ?? 0) < 1) report('replicas must be ≥ 1');
    if (!selects(spec.selector?.matchLabels, spec.template?.metadata?.labels)) report('selector does not match the pod template labels');
    const governing = all.find((candidate) => candidate.kind === 'Service' && candidate.metadata.name === spec.serviceName);
    if (!governing) report(`serviceName ${spec.serviceName} names no Service`);
    else if ((governing.spec as { clusterIP?: string }).clusterIP !== 'None') report(`serviceName ${spec.serviceName} is not a headless Service`);
    const pod = spec.template.spec;
    const grace = pod.terminationGracePeriodSeconds;
    if (grace !== undefined && (!Number.isInteger(grace) || grace < 0)) report('terminationGracePeriodSeconds must be a whole number');
    const volumes = new Set((pod.volumes ?? []).map((volume) => volume.name));
    for (const volume of pod.volumes ?? []) {
      if (volume.configMap && !all.some((candidate) => candidate.kind === 'ConfigMap' && candidate.metadata.name === volume.configMap!.name)) {
        report(`volume ${volume.name} names ConfigMap ${volume.configMap.name}, which is not rendered`);
      }
    }
    if (pod.serviceAccountName && !all.some((candidate) => candidate.kind === 'ServiceAccount' && candidate.metadata.name === pod.serviceAccountName)) {
      report(`serviceAccountName ${pod.serviceAccountName} is not rendered`);
    }
    if ((pod.containers ?? []).length === 0) report('no containers');
    for (const container of pod.containers ?? []) {
      if (!DNS_LABEL.test(container.name)) report(`container name ${container.name}`);
      if (!container.image) report(`container ${container.name} has no image`);
      const portNames = new Set<string>();
      for (const port of container.ports ?? []) {
        if (!isPort(port.containerPort)) report(`containerPort ${port.containerPort}`);
        if (port.name !== undefined && !isPortName(port.name)) report(`container port name ${port.name}`);
        if (port.name !== undefined) portNames.add(port.name);
      }
      for (const probe of [container.livenessProbe, container.readinessProbe]) {
        const port = probe?.httpGet?.port;
        if (typeof port === 'string' && !portNames.has(port)) report(`probe port ${port} names no container port`);
      }
      for (const mount of container.volumeMounts ?? []) {
        if (!volumes.has(mount.name)) report(`volumeMount ${mount.name} names no volume`);
      }
    }
  },

  PodDisruptionBudget(manifest, all, report) {
    const spec = manifest.spec as { minAvailable?: unknown; maxUnavailable?: unknown; selector?: { matchLabels?: Record<string, string> } };
    if ((spec.minAvailable === undefined) === (spec.maxUnavailable === undefined)) report('exactly one of minAvailable and maxUnavailable');
    if (!podTemplates(all).some((template) => selects(spec.selector?.matchLabels, template.metadata.labels))) report('its selector selects no pods');
  },

  NetworkPolicy(manifest, all, report) {
    const spec = manifest.spec as {
      podSelector?: { matchLabels?: Record<string, string> };
      ingress?: { ports?: { protocol?: string; port?: number | string; endPort?: number }[] }[];
    };
    if (!podTemplates(all).some((template) => selects(spec.podSelector?.matchLabels, template.metadata.labels))) report('its podSelector selects no pods');
    for (const rule of spec.ingress ?? []) {
      for (const port of rule.ports ?? []) {
        if (port.endPort !== undefined && (typeof port.port !== 'number' || port.endPort < port.port)) report(`endPort ${port.endPort} before port ${port.port}`);
      }
    }
  },

  ConfigMap(manifest, _all, report) {
    for (const [key, value] of Object.entries(manifest.data ?? {})) if (typeof value !== 'string') report(`data.${key} is not a string`);
  },
};
