/**
 * Sends this process's https traffic for chosen host names to a local server, for real: the URL, Host
 * header, TLS SNI and certificate check stay those of the real host, only the TCP connection goes to
 * 127.0.0.1. Two doors are covered: Node's built-in `fetch` (through an undici global dispatcher) and
 * any client whose connector calls `tls.connect` (`node:https`'s agents, undici's own connector).
 * @see https://undici.nodejs.org/#/docs/api/Connector
 * @see https://nodejs.org/api/tls.html#tlsconnectoptions-callback
 */
import { createRequire } from 'node:module'
import type * as Tls from 'node:tls'
import { Agent, buildConnector, type Dispatcher, getGlobalDispatcher, setGlobalDispatcher } from 'undici'

// The CommonJS exports object, which node:https's agents look `connect` up on at each connection.
const tls = createRequire(import.meta.url)('node:tls') as { connect: typeof Tls.connect }

/** Routes `hosts` to `127.0.0.1:port`, trusting `ca` for them; returns a function that undoes it. */
export function routeHostsTo(hosts: readonly string[], port: number, ca: string): () => Promise<void> {
  const names = new Set(hosts)

  const rerouted = buildConnector({ ca })
  const direct = buildConnector({})
  const agent = new Agent({
    connect: (options: buildConnector.Options, callback: buildConnector.Callback) => {
      if (!names.has(options.hostname)) return direct(options, callback)
      // Keep the real name for SNI and the certificate check; change only where the socket goes.
      return rerouted(
        { ...options, hostname: '127.0.0.1', port: String(port), servername: options.hostname },
        callback,
      )
    },
  })
  const previousDispatcher: Dispatcher = getGlobalDispatcher()
  setGlobalDispatcher(agent)

  const originalConnect = tls.connect
  const connect = (...args: unknown[]) => {
    const [options, ...rest] = args
    if (options && typeof options === 'object') {
      const { host, servername } = options as Tls.ConnectionOptions
      const name = servername || host
      if (name && names.has(name)) {
        const routed: Tls.ConnectionOptions = {
          ...(options as object),
          host: '127.0.0.1',
          port,
          servername: name,
          ca,
        }
        return (originalConnect as (...a: unknown[]) => Tls.TLSSocket).call(tls, routed, ...rest)
      }
    }
    return (originalConnect as (...a: unknown[]) => Tls.TLSSocket).apply(tls, args)
  }
  tls.connect = connect as typeof Tls.connect

  return async () => {
    tls.connect = originalConnect
    setGlobalDispatcher(previousDispatcher)
    await agent.close()
  }
}
