/**
 * A TCP proxy in front of a shared service (PostgreSQL on 5432), for fault tests that must make the
 * database stop answering without touching the real server: `stall()` holds every byte in both
 * directions (a black-holed network), `cut()` resets every connection (a blip: new ones are accepted),
 * `down()` resets them and refuses new ones (a server gone), `resume()` ends a stall or an outage.
 */
import { once } from 'node:events'
import { createServer, type Socket, connect as tcpConnect } from 'node:net'

/** A running proxy. */
export interface TcpProxy {
  port: number
  /** Holds every byte in both directions, on open and new connections, until {@link resume}. */
  stall(): void
  /** Forwards again after {@link stall}, held bytes first, and accepts connections after {@link down}. */
  resume(): void
  /** Resets every open connection; new ones are accepted. */
  cut(): void
  /** Resets every open connection and every new one until {@link resume}. */
  down(): void
  close(): Promise<void>
}

/** One proxied connection: both sockets, and the bytes held in each direction while stalled. */
interface Pair {
  client: Socket
  upstream: Socket
  held: Array<[Socket, Buffer]>
}

/**
 * Starts a proxy on a free port that forwards to `host:port`. Bytes are forwarded by hand (not piped:
 * a pipe resumes a paused socket on its own), so a stall holds every connection, old and new.
 */
export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const pairs = new Set<Pair>()
  let stalled = false
  let refusing = false
  const forward = (pair: Pair, from: Socket, to: Socket) => {
    from.on('data', (chunk: Buffer) => {
      if (stalled) pair.held.push([to, chunk])
      else to.write(chunk)
    })
  }
  const server = createServer((client) => {
    if (refusing) {
      client.resetAndDestroy()
      return
    }
    const upstream = tcpConnect(port, host)
    const pair: Pair = { client, upstream, held: [] }
    pairs.add(pair)
    forward(pair, client, upstream)
    forward(pair, upstream, client)
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
  const cut = () => {
    for (const { client, upstream } of pairs) {
      client.resetAndDestroy()
      upstream.destroy()
    }
  }
  return {
    port: (server.address() as { port: number }).port,
    stall: () => {
      stalled = true
    },
    resume: () => {
      stalled = false
      refusing = false
      for (const pair of pairs) {
        for (const [to, chunk] of pair.held) to.write(chunk)
        pair.held = []
      }
    },
    cut,
    down: () => {
      refusing = true
      cut()
    },
    close: async () => {
      for (const { client, upstream } of pairs) {
        client.destroy()
        upstream.destroy()
      }
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
