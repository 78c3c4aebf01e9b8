/**
 * The target of `bench/compare.ts`: `built-app.ts <express|fastify> <dist> <provider-origin>`. Builds
 * one app on the GitHub preset against the provider stand-in, importing oauth-dance only from `dist`
 * (one version's build) and only through the public API that both compared versions share:
 * `makeGithubBlueprint` and the `github` client, `dance` from the Express or Fastify adapter, and
 * `SessionStorage` / `MemoryStorage`. Listens on 127.0.0.1 port 0, reports `{ ready, port, login }`
 * over IPC and answers `{ cpu: true }` with its `process.cpuUsage()` total.
 *
 * Routes: the blueprint's login and callback (`/login/github`, `/login/github/authorized`), `/` (where
 * a login ends) and, on Express, `/api`: one `github.get('/user')` with the token the callback stored
 * in the session.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import fastifyCookie from '@fastify/cookie'
import express from 'express'
import session from 'express-session'
import Fastify, { type FastifyPluginCallback } from 'fastify'

const [framework = '', dist = '', provider = ''] = process.argv.slice(2)

/** The part of a built version this app uses; every other export is the version's own business. */
interface Dist {
  makeGithubBlueprint(options: Record<string, unknown>): unknown
  github: { get(path: string): Promise<Response> }
  expressDance(...blueprints: unknown[]): express.RequestHandler
  fastifyDance(...blueprints: unknown[]): FastifyPluginCallback
  SessionStorage: new () => unknown
  MemoryStorage: new () => unknown
}

async function load(root: string): Promise<Dist> {
  const from = (file: string) => import(pathToFileURL(join(root, file)).href)
  const [providers, expressAdapter, fastifyAdapter, sessionStorage, memoryStorage] = await Promise.all([
    from('providers/github.js'),
    from('adapters/express.js'),
    from('adapters/fastify.js'),
    from('storage/session.js'),
    from('storage/memory.js'),
  ])
  return {
    makeGithubBlueprint: providers.makeGithubBlueprint,
    github: providers.github,
    expressDance: expressAdapter.dance,
    fastifyDance: fastifyAdapter.dance,
    SessionStorage: sessionStorage.SessionStorage,
    MemoryStorage: memoryStorage.MemoryStorage,
  }
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void
let listener: Listener = (_req, res) => void res.writeHead(503).end()
const server = createServer((req, res) => listener(req, res))
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1')
await once(server, 'listening')
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

const lib = await load(dist)
/** The same blueprint options for every version and framework: only the storage differs by framework. */
const blueprint = (storage: unknown, extra: Record<string, unknown> = {}) =>
  lib.makeGithubBlueprint({
    clientId: 'bench-client',
    clientSecret: 'bench-client-secret',
    authorizationUrl: `${provider}/authorize`,
    tokenUrl: `${provider}/token`,
    baseUrl: `${provider}/api/`,
    publicUrl: origin,
    allowInsecureRequests: true,
    storage,
    ...extra,
  })

if (framework === 'express') {
  const app = express()
  app.set('etag', false)
  app.use(session({ secret: 'bench-session-secret', resave: false, saveUninitialized: false }))
  app.use(lib.expressDance(blueprint(new lib.SessionStorage())))
  app.get('/api', async (_req, res, next) => {
    try {
      const response = await lib.github.get('/user')
      res.status(response.status).json(await response.json())
    } catch (error) {
      next(error)
    }
  })
  app.get('/', (_req, res) => void res.send('home'))
  listener = app
} else if (framework === 'fastify') {
  let handler: Listener = () => {}
  const app = Fastify({
    serverFactory: (fastifyHandler) => {
      handler = fastifyHandler
      return server
    },
  })
  await app.register(fastifyCookie)
  // No session plugin: tokens in memory under one fixed user, the same for both versions.
  await app.register(lib.fastifyDance(blueprint(new lib.MemoryStorage(), { user: () => 'bench-user' })))
  app.get('/', async () => 'home')
  await app.ready()
  listener = (req, res) => handler(req, res)
} else throw new Error(`unknown framework ${framework}`)

// An error page is cheap and would make a version look fast: say so loudly.
process.on('unhandledRejection', (error) => console.error(`[${framework} ${dist}]`, error))
process.on('message', (message: { cpu?: boolean }) => {
  if (!message.cpu) return
  const { user, system } = process.cpuUsage()
  process.send?.({ reply: user + system })
})
process.send?.({ ready: true, port: (server.address() as AddressInfo).port, login: '/login/github' })
const stop = () => {
  server.closeAllConnections()
  server.close()
  process.exit(0)
}
process.on('disconnect', stop)
process.on('SIGTERM', stop)
