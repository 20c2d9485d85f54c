/**
 * haproxy as the cluster's one ordinary L4 load balancer: round-robin over the replicas on the
 * control port and on the whole passive range (no stickiness), each connection opened with a
 * PROXY v2 header naming the client. Started in the foreground and stopped by its pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireTool } from '../../support/tools.js';

export interface BalancerOptions {
  /** Address the balancer listens on (and connects to the replicas from). */
  readonly address: string;
  readonly replicas: readonly string[];
  readonly controlPort: number;
  readonly passive: { readonly min: number; readonly max: number };
  /** An HTTP port answering /ready once haproxy runs. */
  readonly readyPort: number;
  /** Folder for the configuration file. */
  readonly dir: string;
}

export interface Balancer {
  stop(): Promise<void>;
}

export function haproxyConfig(options: BalancerOptions): string {
  const servers = (port: string) =>
    options.replicas.map((replica, index) => `  server r${index} ${replica}${port} send-proxy-v2`).join('\n');
  return `global
  maxconn 4096

defaults
  mode tcp
  timeout connect 5s
  timeout client 60s
  timeout server 60s

listen ready
  mode http
  bind ${options.address}:${options.readyPort}
  monitor-uri /ready

frontend control
  bind ${options.address}:${options.controlPort}
  default_backend replicas-control

backend replicas-control
  balance roundrobin
  source ${options.address}
${servers(`:${options.controlPort}`)}

frontend passive
  bind ${options.address}:${options.passive.min}-${options.passive.max}
  default_backend replicas-passive

# No port on the servers: each connection goes to the port the client dialled.
backend replicas-passive
  balance roundrobin
  source ${options.address}
${servers('')}
`;
}

export async function startBalancer(options: BalancerOptions): Promise<Balancer> {
  const haproxy = requireTool('/usr/sbin/haproxy');
  const file = join(options.dir, 'haproxy.cfg');
  await writeFile(file, haproxyConfig(options));
  const child: ChildProcess = spawn(haproxy, ['-f', file, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}: ${stderr}`);
    const ready = await fetch(`http://${options.address}:${options.readyPort}/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`haproxy did not become ready: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
