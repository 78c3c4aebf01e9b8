/**
 * A TCP proxy in front of a shared service (PostgreSQL on 5432), for fault tests that must make the
 * database stop answering without touching the real server: `stall()` holds every byte in both
 * directions (a black-holed network), `resume()` lets them through again, `cut()` resets every
 * connection.
 */
import { once } from 'node:events'
import { createServer, type Socket, connect as tcpConnect } from 'node:net'

/** A running proxy. */
export interface TcpProxy {
  port: number
  stall(): void
  resume(): void
  cut(): void
  close(): Promise<void>
}

/** Starts a proxy on a free port that forwards to `host:port`. */
export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>()
  let stalled = false
  const server = createServer((client) => {
    const upstream = tcpConnect(port, host)
    const pair: [Socket, Socket] = [client, upstream]
    pairs.add(pair)
    if (stalled) {
      client.pause()
      upstream.pause()
    }
    client.pipe(upstream)
    upstream.pipe(client)
    const end = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    port: (server.address() as { port: number }).port,
    stall: () => {
      stalled = true
      for (const [a, b] of pairs) {
        a.pause()
        b.pause()
      }
    },
    resume: () => {
      stalled = false
      for (const [a, b] of pairs) {
        a.resume()
        b.resume()
      }
    },
    cut: () => {
      for (const [a, b] of pairs) {
        a.resetAndDestroy()
        b.destroy()
      }
    },
    close: async () => {
      for (const [a, b] of pairs) {
        a.destroy()
        b.destroy()
      }
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
