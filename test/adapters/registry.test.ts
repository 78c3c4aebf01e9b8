/**
 * What `dance(...)` accepts, the same for every adapter: blueprints of this copy of the package and
 * at most one plain options object. Anything else is refused where it is mounted, not silently read
 * as options (a blueprint of a second installed copy would otherwise serve no route at all).
 */
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { dance as expressDance } from '../../src/adapters/express.js'
import { dance as fastifyDance } from '../../src/adapters/fastify.js'
import { dance as honoDance } from '../../src/adapters/hono.js'
import { makeOAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { isDanceError } from '../../src/errors.js'
import { NullStorage } from '../../src/storage/null.js'
import { listen, serveHono } from './apps.js'

const options = {
  name: 'mounted',
  clientId: 'id',
  clientSecret: 'secret',
  authorizationUrl: 'https://op.example/authorize',
  tokenUrl: 'https://op.example/token',
  secret: 'adapter-tests-transaction-secret',
  storage: new NullStorage(),
}

/** What a blueprint made by another loaded copy of oauth-dance looks like to this one. */
function blueprintOfAnotherCopy(): object {
  const own = makeOAuth2Blueprint(options)
  return Object.assign(Object.create(null), { ...own, [Symbol.for('oauth-dance.blueprint')]: true })
}

const adapters = [
  ['express', (...args: unknown[]) => expressDance(...(args as Parameters<typeof expressDance>))],
  ['fastify', (...args: unknown[]) => fastifyDance(...(args as Parameters<typeof fastifyDance>))],
  ['hono', (...args: unknown[]) => honoDance(...(args as Parameters<typeof honoDance>))],
] as const

const configError = (mount: () => unknown) => {
  try {
    mount()
  } catch (error) {
    return isDanceError(error, 'config_invalid')
  }
  return false
}

describe.each(adapters)('dance() of %s', (_name, dance) => {
  it('refuses a blueprint of another copy of the package', () => {
    expect(configError(() => dance(blueprintOfAnotherCopy()))).toBe(true)
  })

  it('refuses a second options object, and options that are not a plain object', () => {
    const blueprint = makeOAuth2Blueprint(options)
    expect(configError(() => dance(blueprint, {}, {}))).toBe(true)
    expect(configError(() => dance(blueprint, new Map()))).toBe(true)
    expect(configError(() => dance(blueprint, { maxCallbackBodyBytes: 1024 }))).toBe(false)
  })
})

describe('the Hono adapter after a middleware that read the body', () => {
  it('reads the posted callback from what Hono parsed', async () => {
    const server = await listen()
    try {
      const app = new Hono()
      app.use(async (c, next) => {
        if (c.req.method === 'POST') await c.req.parseBody()
        await next()
      })
      app.use(honoDance(makeOAuth2Blueprint(options)))
      serveHono(server, app)
      const answer = await fetch(`${server.origin}/login/mounted/authorized`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'state=posted-but-unknown&code=x',
      })
      expect(answer.status).toBe(400)
      // The state was read (no `state_missing`): the login it names is simply not in this browser.
      expect(await answer.text()).toContain('transaction_missing')
    } finally {
      await server.close()
    }
  })
})
