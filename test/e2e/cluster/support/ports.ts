/** Consecutive ports free on every given loopback address (a cluster needs one range on several hosts). */
import { createServer, type Server } from 'node:net';

export async function freePortBlock(count: number, hosts: readonly string[]): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = 20_000 + Math.floor(Math.random() * (40_000 - count));
    const held: Server[] = [];
    let free = true;
    for (let port = first; port < first + count && free; port++) {
      for (const host of hosts) {
        const server = createServer();
        free = await new Promise<boolean>((resolve) => {
          server.once('error', () => resolve(false));
          server.listen({ host, port, exclusive: true }, () => resolve(true));
        });
        if (!free) break;
        held.push(server);
      }
    }
    await Promise.all(held.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    if (free) return first;
  }
  throw new Error(`no block of ${count} ports free on ${hosts.join(', ')}`);
}
