/**
 * The POST-only login route on the Fastify and Hono adapters: the posted form reaches the blueprint
 * (with @fastify/session, the helper's form starts a login; a post without its token is refused), and
 * a POST-only route without a session (Hono here) refuses every start with `csrf_invalid`.
 */
import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import type { FastifyInstance } from 'fastify'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance as fastifyDance } from '../../src/adapters/fastify.js'
import { dance as honoDance } from '../../src/adapters/hono.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { HttpBrowser } from '../support/http-browser.js'
import type { OidcProviderHandle } from '../support/oidc-provider.js'
import { fastifyOn, type Listening, listen, localBlueprint, serveHono, startProviderFor } from './apps.js'

const servers: Listening[] = []
const providers: OidcProviderHandle[] = []
let fastify: FastifyInstance
let fastifyOrigin: string
let honoOrigin: string

beforeAll(async () => {
  const onFastify = await listen()
  servers.push(onFastify)
  fastifyOrigin = onFastify.origin
  const op = await startProviderFor(onFastify.origin)
  providers.push(op)
  const blueprint = localBlueprint(op, { loginRequiresPost: true })
  fastify = fastifyOn(onFastify)
  await fastify.register(fastifyCookie)
  await fastify.register(fastifySession, {
    secret: 'a-fastify-session-secret-of-32-characters-or-more',
    cookie: { secure: false },
  })
  await fastify.register(fastifyDance(blueprint))
  fastify.get('/page', async (_request, reply) => reply.type('text/html').send(blueprint.loginForm().html))
  await fastify.ready()

  const onHono = await listen()
  servers.push(onHono)
  honoOrigin = onHono.origin
  const honoOp = await startProviderFor(onHono.origin)
  providers.push(honoOp)
  const app = new Hono()
  app.use(
    honoDance(
      localBlueprint(honoOp, {
        loginRequiresPost: true,
        storage: new MemoryStorage({ singleUser: true }),
      }),
    ),
  )
  serveHono(onHono, app)
})

afterAll(async () => {
  await fastify?.close()
  for (const server of servers) await server.close()
  for (const op of providers) await op.close()
})

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
})

describe('POST-only login on Fastify and Hono', () => {
  it('Fastify: the helper’s form starts a login; a post without the token does not', async () => {
    const browser = new HttpBrowser()
    const html = await (await browser.fetch(`${fastifyOrigin}/page`)).text()
    const token = /name="csrf_token" value="([^"]+)"/.exec(html)![1]!
    const refused = await browser.fetch(`${fastifyOrigin}/login/local`, form({}))
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('csrf_invalid')
    const started = await browser.fetch(`${fastifyOrigin}/login/local`, form({ csrf_token: token }))
    expect(started.status).toBe(302)
    expect(started.headers.get('location')).toMatch(/\/auth\?/)
    const get = await browser.fetch(`${fastifyOrigin}/login/local`)
    expect(get.status).toBe(405)
  })

  it('Hono without a session: the posted login reaches the blueprint and is refused', async () => {
    const response = await new HttpBrowser().fetch(`${honoOrigin}/login/local`, form({ csrf_token: 'x' }))
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('csrf_invalid')
    expect(response.headers.getSetCookie()).toEqual([])
  })
})
