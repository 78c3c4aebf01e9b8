/**
 * A spent-ledger claim that times out was never followed by a presentation, yet the store may still
 * run it afterwards. The refresher takes such a claim back once the store answers, so the next
 * request refreshes normally instead of finding a "presented" record (and, later, logging the user
 * out) for a refresh token the provider never saw. Real Redis; only the claim's network path stalls.
 */
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient } from '@keyv/redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeOAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { isDanceError } from '../../src/errors.js'
import { RedisRefreshLock } from '../../src/refresh/redis-lock.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { withRequestScope } from '../../src/testing/index.js'
import { SERVICES, serviceAvailable } from '../support/services.js'

const available = await serviceAvailable('redis')

describe.skipIf(!available)('a spent-ledger claim that times out (Redis)', () => {
  const redis = createClient({ url: SERVICES.redis.url })
  const prefix = `oauth-dance-test:claim-timeout:${process.pid}:`
  let grants = 0
  let origin = ''
  const server = createServer((_req, res) => {
    grants++
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        access_token: 'at-2',
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: 'rt-2',
      }),
    )
  })

  beforeAll(async () => {
    redis.on('error', () => {})
    await redis.connect()
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    for (const k of await redis.keys(`${prefix}*`)) await redis.del(k)
    await redis.quit()
    server.close()
  })

  it('is taken back once Redis answers: the next request refreshes, the provider sees one grant', async () => {
    let slowClaim = true
    // The first claim reaches Redis 1.5 s late (past the 1 s command timeout), and then runs.
    const client = {
      eval: async (script: string, options: { keys: string[]; arguments: string[] }) => {
        if (slowClaim && options.keys[0]!.includes(':spent:')) {
          slowClaim = false
          await new Promise((resolve) => setTimeout(resolve, 1_500))
        }
        return redis.eval(script, options)
      },
    }
    const storage = new MemoryStorage()
    const blueprint = makeOAuth2Blueprint({
      name: 'p',
      clientId: 'c',
      clientSecret: 's',
      authorizationUrl: `${origin}/auth`,
      tokenUrl: `${origin}/token`,
      allowInsecureRequests: true,
      timeoutMs: 1000,
      storage,
      user: () => 'alice',
      refreshLock: new RedisRefreshLock({ client, prefix, restartGraceMs: 0 }),
    })
    const key = { provider: 'p', userId: 'alice' }
    await storage.set(key, {
      access_token: 'at-1',
      token_type: 'Bearer',
      refresh_token: 'rt-1',
      expires_at: Math.floor(Date.now() / 1000) - 5,
    })
    const call = () =>
      withRequestScope({ blueprints: [blueprint] }, (scope) => blueprint.validToken(scope)).then(
        (t) => t?.access_token,
        (e: unknown) => (isDanceError(e) ? e.code : String(e)),
      )
    expect(await call()).toBe('storage_error')
    expect(grants).toBe(0)
    // The late claim lands at 1.5 s; the first take-back runs a second after the failure, the next at 3 s.
    await new Promise((resolve) => setTimeout(resolve, 3_500))
    expect(await call()).toBe('at-2')
    expect(grants).toBe(1)
  }, 20_000)
})
