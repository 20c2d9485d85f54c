/**
 * TCP keepalive for every connection the server accepts or opens: control, data and relayed cluster
 * connections. A transfer or a long idle session can leave a connection silent for minutes; the
 * probes keep load balancers and NATs (AWS NLB: 350 s idle timeout, GCP load balancers and Cloud NAT)
 * from forgetting it, and a peer that vanished without a FIN or RST is noticed and its slot freed.
 */
import type { Socket } from 'node:net';

/** `intervalMs`: idle time before the first probe (limits.tcpKeepAliveMs); 0 leaves keepalive off. */
export function enableKeepAlive(socket: Socket, intervalMs: number): void {
  if (intervalMs <= 0 || socket.destroyed) return;
  socket.setKeepAlive(true, intervalMs);
}
