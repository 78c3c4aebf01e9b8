/**
 * Entry of every target process: `main.ts <target> <provider-origin>`. Listens on 127.0.0.1:0, builds
 * the named app, reports `{ ready, port, login }` over IPC and serves until the parent disconnects.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Bench, Target } from './common.js'
import { grantExpress, handExpress, oursExpress, passportExpress } from './express.js'
import { expressFloor, expressKept, fastifyKept } from './floors.js'
import { gcProfile } from './gc-profile.js'
import { fastifyTarget, honoTarget } from './other-frameworks.js'
import { storageTarget } from './storage.js'

const [kind = '', provider = ''] = process.argv.slice(2)
let listener: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) =>
  void res.writeHead(503).end()
const server = createServer((req, res) => listener(req, res))
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1')
await once(server, 'listening')
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const bench: Bench = {
  provider,
  origin,
  token: {
    access_token: 'bench-access-token',
    token_type: 'bearer',
    expires_at: Math.floor(Date.now() / 1000) + 86_400,
  },
}

let close: () => Promise<void> = async () => {}
let target: Target
if (kind === 'express-ours') target = oursExpress(bench)
else if (kind === 'express-hand') target = handExpress(bench)
else if (kind === 'express-hand-pasted') target = handExpress(bench, true)
else if (kind === 'passport') target = passportExpress(bench)
else if (kind === 'grant') target = grantExpress(bench, origin)
else if (kind === 'express-floor') target = expressFloor(bench)
else if (kind === 'express-kept') target = expressKept(bench, origin)
else if (kind === 'fastify-kept') target = await fastifyKept(bench, origin, server)
else if (kind.startsWith('fastify-')) target = await fastifyTarget(kind, bench, origin, server)
else if (kind.startsWith('hono-')) target = honoTarget(kind, bench)
else if (kind.startsWith('api-')) {
  const built = await storageTarget(kind, bench)
  target = built
  close = built.close
} else throw new Error(`unknown target ${kind}`)
await target.ready?.()
listener = target.handler

// Unexpected errors would make a target look fast (error pages are cheap): report them loudly.
process.on('unhandledRejection', (error) => console.error(`[${kind}]`, error))
// CPU time is what the parent compares when the machine is shared: contention stretches wall time
// far more than it stretches the CPU a request needs.
process.on('message', (message: { cpu?: boolean; gc?: 'start' | 'stop' }) => {
  if (message.gc) return void process.send?.({ reply: gcProfile(message.gc) })
  if (!message.cpu) return
  const { user, system } = process.cpuUsage()
  process.send?.({ reply: user + system })
})
process.send?.({ ready: true, port: (server.address() as AddressInfo).port, login: target.login })
const stop = async () => {
  server.closeAllConnections()
  server.close()
  await close()
  process.exit(0)
}
process.on('disconnect', stop)
process.on('SIGTERM', stop)
