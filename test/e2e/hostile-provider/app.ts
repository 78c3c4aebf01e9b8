/**
 * The app of the hostile-provider matrix, run as its own process (`node --import tsx app.ts <adapter>
 * <provider origin>`) so that an uncaught exception shows as a dead process, as it would in production.
 * It registers one blueprint per back-channel call kind against the raw provider, keys tokens by the
 * `x-user` header, and prints its origin as one JSON line once it listens.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { dance as expressDance } from '../../../src/adapters/express.js'
import { dance as fastifyDance } from '../../../src/adapters/fastify.js'
import { dance as honoDance } from '../../../src/adapters/hono.js'
import type { Blueprint } from '../../../src/consumer/blueprint.js'
import { makeOAuth1Blueprint } from '../../../src/consumer/oauth1-blueprint.js'
import { makeOAuth2Blueprint, type OAuth2BlueprintOptions } from '../../../src/consumer/oauth2-blueprint.js'
import { makeOidcBlueprint } from '../../../src/consumer/oidc-blueprint.js'
import { isDanceError } from '../../../src/errors.js'
import { MemoryStorage } from '../../../src/storage/memory.js'
import { serializeKey, type TokenKey } from '../../../src/storage/types.js'
import type { Token } from '../../../src/token.js'
import { APP_MAX_RESPONSE_BYTES, APP_TIMEOUT_MS } from './limits.js'

const [adapter = 'express', provider = ''] = process.argv.slice(2)

/** Memory storage that can show what it holds (provider key → access token). */
class ShownStorage extends MemoryStorage {
  readonly shown = new Map<string, string>()
  override set(key: TokenKey, token: Token): void {
    super.set(key, token)
    this.shown.set(serializeKey(key), token.access_token ?? '')
  }
  override delete(key: TokenKey): void {
    super.delete(key)
    this.shown.delete(serializeKey(key))
  }
}

const storage = new ShownStorage()
const common = {
  storage,
  user: ({ request }: { request: Request }) => request.headers.get('x-user'),
  userRequired: true,
  secret: 'hostile-provider-matrix-transaction-secret',
  timeoutMs: APP_TIMEOUT_MS,
  apiTimeoutMs: APP_TIMEOUT_MS,
  apiMaxResponseBytes: APP_MAX_RESPONSE_BYTES,
  maxResponseBytes: APP_MAX_RESPONSE_BYTES,
  allowInsecureRequests: true,
  clientId: 'hostile-client',
  clientSecret: 'hostile-secret',
}
// Each blueprint has its own endpoints (`/<name>/...`), so the matrix can break one while others run.
const oauth2 = (name: string, extra: Partial<OAuth2BlueprintOptions> = {}) =>
  makeOAuth2Blueprint({
    ...common,
    name,
    authorizationUrl: `${provider}/${name}/authorize`,
    tokenUrl: `${provider}/${name}/token`,
    revocationUrl: `${provider}/${name}/revoke`,
    baseUrl: `${provider}/${name}/api/`,
    ...extra,
  })
const oidc = (name: string) =>
  makeOidcBlueprint({
    ...common,
    name,
    issuer: `${provider}/${name}`,
    scope: 'openid',
    discoveryMaxAge: 0,
    jwksRefetchCooldown: 0,
  })
const oauth1 = (name: string) =>
  makeOAuth1Blueprint({
    ...common,
    name,
    consumerKey: 'hostile-consumer',
    consumerSecret: 'hostile-consumer-secret',
    requestTokenUrl: `${provider}/${name}/request_token`,
    authorizationUrl: `${provider}/${name}/authorize`,
    accessTokenUrl: `${provider}/${name}/access_token`,
    baseUrl: `${provider}/${name}/api/`,
  })
const blueprints: Record<string, Blueprint> = {
  o2token: oauth2('o2token'),
  // Its API rejects every token as invalid_token: each API call makes the app refresh, then retry.
  o2refresh: oauth2('o2refresh', { baseUrl: `${provider}/o2refresh/stale/` }),
  o2revoke: oauth2('o2revoke'),
  o2api: oauth2('o2api'),
  oidcdiscovery: oidc('oidcdiscovery'),
  oidcjwks: oidc('oidcjwks'),
  oidcuserinfo: oidc('oidcuserinfo'),
  o1request: oauth1('o1request'),
  o1access: oauth1('o1access'),
}
const all = Object.values(blueprints)

/** The test routes, the same on every framework: `/t/<action>/<blueprint>`. */
async function route(action: string, name: string): Promise<[number, unknown]> {
  try {
    if (action === 'health') return [200, { ok: true }]
    if (action === 'stored') return [200, Object.fromEntries(storage.shown)]
    const blueprint = blueprints[name]
    if (!blueprint) return [404, { code: 'no_such_blueprint' }]
    if (action === 'revoke') {
      const result = await blueprint.client.revoke()
      return [
        result.revoked ? 200 : 502,
        { ...result, ...('error' in result && { code: result.error.code }) },
      ]
    }
    if (action === 'api') {
      // The library bounds the wait for the answer (apiTimeoutMs); reading the body is the app's.
      const response = await blueprint.client.get('me', { signal: AbortSignal.timeout(2 * APP_TIMEOUT_MS) })
      if (!response.ok) {
        await response.body?.cancel()
        return [502, { code: 'api_status', status: response.status }]
      }
      // Reading the body is the app's own step (the library hands over a standard Response): a body
      // the provider broke is the app's to report, apart from what the library threw.
      try {
        return [200, await response.json()]
      } catch (error) {
        if (isDanceError(error)) return [error.status, { code: error.code }]
        return [502, { code: 'api_body_unreadable', name: (error as Error)?.name }]
      }
    }
    return [404, { code: 'no_such_action' }]
  } catch (error) {
    if (isDanceError(error)) return [error.status, { code: error.code }]
    return [500, { code: 'unexpected', name: (error as Error)?.name }]
  }
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void
let listener: Listener = (_req, res) => res.writeHead(503).end()
const server = createServer((req, res) => listener(req, res))
server.listen(0, '127.0.0.1')
await once(server, 'listening')

if (adapter === 'express') {
  const app = express()
  app.use(expressDance(...all))
  app.get('/t/:action/:name', async (req, res) => {
    const [status, body] = await route(req.params.action, req.params.name)
    res.status(status).json(body)
  })
  listener = app
} else if (adapter === 'fastify') {
  const app = Fastify({
    serverFactory: (handler) => {
      listener = handler
      return server
    },
  })
  await app.register(fastifyDance(...all))
  app.get('/t/:action/:name', async (request, reply) => {
    const { action, name } = request.params as { action: string; name: string }
    const [status, body] = await route(action, name)
    return reply.status(status).send(body)
  })
  await app.ready()
} else {
  const app = new Hono()
  app.use(honoDance(...all))
  app.get('/t/:action/:name', async (c) => {
    const [status, body] = await route(c.req.param('action'), c.req.param('name'))
    return c.json(body as object, status as 200)
  })
  listener = getRequestListener(app.fetch)
}

process.stdout.write(
  `${JSON.stringify({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`,
)
