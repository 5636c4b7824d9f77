import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that a test can break the way networks and databases break:
 *
 * - `partition()`: a silent partition. Nothing is forwarded either way and nothing is closed: both
 *   sockets stop being read (the bytes wait in kernel buffers, as unacknowledged packets would),
 *   new connections are accepted and then hear nothing. No RST, no FIN: only timeouts notice.
 * - `down()`: the database is gone. Every connection is reset and the port refuses new ones.
 * - `resume()`: forwarding again. After a partition the held bytes flow (a healed network: TCP
 *   delivers what it had buffered, nothing lost); after `down()` the port accepts again.
 */
export interface TcpProxy {
  port: number;
  /** Connections currently open through the proxy. */
  readonly open: number;
  partition(): void;
  down(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: 'forward' | 'partition' | 'down' = 'forward';
  const pairs = new Set<Pair>();
  let port = 0;

  const hold = (p: Pair) => {
    p.client.pause();
    p.upstream.pause();
  };
  const flow = (p: Pair) => {
    p.client.resume();
    p.upstream.resume();
  };

  const onConnection = (client: Socket) => {
    const upstream = connect(target.port, target.host);
    const pair: Pair = { client, upstream };
    pairs.add(pair);
    const forward = (from: Socket, to: Socket) => {
      from.on('data', (chunk: Buffer) => void to.write(chunk));
      from.on('end', () => to.end());
      from.on('error', () => to.destroy());
      from.on('close', () => {
        to.destroy();
        pairs.delete(pair);
      });
    };
    forward(client, upstream);
    forward(upstream, client);
    if (mode === 'partition') hold(pair);
  };

  let server: Server = createServer(onConnection);
  const listen = (s: Server, p: number) => new Promise<number>((resolve, reject) => {
    s.once('error', reject);
    s.listen(p, '127.0.0.1', () => resolve((s.address() as { port: number }).port));
  });
  port = await listen(server, 0);

  return {
    port,
    get open() {
      return pairs.size;
    },
    partition() {
      mode = 'partition';
      for (const p of pairs) hold(p);
    },
    async down() {
      mode = 'down';
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const p of pairs) {
          p.client.resetAndDestroy();
          p.upstream.destroy();
        }
      });
      pairs.clear();
    },
    async resume() {
      if (mode === 'down') {
        server = createServer(onConnection);
        await listen(server, port);
      }
      mode = 'forward';
      for (const p of pairs) flow(p);
    },
    async close() {
      mode = 'down';
      for (const p of pairs) {
        p.client.destroy();
        p.upstream.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}
