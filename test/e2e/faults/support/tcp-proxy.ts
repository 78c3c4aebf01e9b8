/**
 * A TCP proxy (node:net) in front of a service, for fault injection: `cut()` resets every open
 * connection (a network blip, a failover), `stall()` stops forwarding bytes while keeping connections
 * open (a partition, a paused server), `restore()` forwards again.
 */
import { once } from 'node:events'
import { createConnection, createServer, type Server, type Socket } from 'node:net'

/** A running proxy. */
export interface TcpProxy {
  readonly port: number
  /** Resets every open connection; new ones are accepted. */
  cut(): void
  /** Stops forwarding in both directions; connections stay open, new ones are accepted but stall. */
  stall(): void
  /** Forwards again (stalled bytes are delivered). */
  restore(): void
  close(): Promise<void>
}

/** Starts a proxy on 127.0.0.1 (a free port) forwarding to `targetPort` on 127.0.0.1. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>()
  // Bytes held while stalled, per destination socket, delivered in order on restore.
  const held = new Map<Socket, Buffer[]>()
  let stalled = false
  // Forwarded by hand rather than with pipe(): pipe() resumes a paused source on 'drain'.
  const forward = (from: Socket, to: Socket) => {
    from.on('data', (chunk: Buffer) => {
      if (stalled) held.get(to)?.push(chunk)
      else to.write(chunk)
    })
  }
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort })
    const pair: [Socket, Socket] = [client, upstream]
    pairs.add(pair)
    held.set(client, [])
    held.set(upstream, [])
    const drop = () => {
      pairs.delete(pair)
      held.delete(client)
      held.delete(upstream)
      client.destroy()
      upstream.destroy()
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
    forward(client, upstream)
    forward(upstream, client)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as { port: number }).port
  return {
    port,
    cut() {
      for (const [client, upstream] of pairs) {
        client.resetAndDestroy()
        upstream.resetAndDestroy()
      }
      pairs.clear()
      held.clear()
    },
    stall() {
      stalled = true
    },
    restore() {
      stalled = false
      for (const [socket, chunks] of held) {
        for (const chunk of chunks.splice(0)) socket.write(chunk)
      }
    },
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy()
        upstream.destroy()
      }
      pairs.clear()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
