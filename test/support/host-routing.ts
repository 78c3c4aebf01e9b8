/**
 * Sends this process's `fetch` traffic for chosen host names to a local server, for real: the URL,
 * Host header, TLS SNI and certificate check stay those of the real host, only the TCP connection goes
 * to 127.0.0.1. Done with an undici global dispatcher, which Node's built-in fetch uses.
 * @see https://undici.nodejs.org/#/docs/api/Connector
 */
import { Agent, buildConnector, type Dispatcher, getGlobalDispatcher, setGlobalDispatcher } from 'undici'

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
  const previous: Dispatcher = getGlobalDispatcher()
  setGlobalDispatcher(agent)
  return async () => {
    setGlobalDispatcher(previous)
    await agent.close()
  }
}
