import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import { dance as expressDance } from '../../src/adapters/express.js'
import { dance as fastifyDance } from '../../src/adapters/fastify.js'
import { makeOAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { fastifyOn, type Listening, listen } from './apps.js'

// Express and Fastify write our 302 to their own response (RouteRedirect) instead of copying a
// standard Response: what the browser gets must be what the Response carries.
const open: Listening[] = []
afterEach(async () => {
  for (const listening of open.splice(0)) await listening.close()
})

function blueprintFor(origin: string) {
  return makeOAuth2Blueprint({
    name: 'native',
    clientId: 'client',
    clientSecret: 'client-secret',
    authorizationUrl: 'https://provider.example/authorize?tenant=t1',
    tokenUrl: 'https://provider.example/token',
    baseUrl: 'https://api.provider.example/',
    publicUrl: origin,
    secret: 'k8Jd93nfPq2LxZ7vRt5bWm1YcH4sGe6uAo0iTjNvXyQ',
    storage: new MemoryStorage({ singleUser: true }),
  })
}

async function loginThrough(framework: 'express' | 'fastify'): Promise<Response> {
  const listening = await listen()
  open.push(listening)
  const blueprint = blueprintFor(listening.origin)
  if (framework === 'express') {
    const app = express()
    app.use(expressDance(blueprint))
    listening.attach(app)
  } else {
    const app = fastifyOn(listening)
    await app.register(fastifyDance(blueprint))
    await app.ready()
  }
  return fetch(`${listening.origin}/login/native?next=/after`, { redirect: 'manual' })
}

describe.each(['express', 'fastify'] as const)(
  'the login redirect written by the %s adapter',
  (framework) => {
    it('carries the status, security headers, location and transaction cookie of our Response', async () => {
      const response = await loginThrough(framework)
      expect(response.status).toBe(302)
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(response.headers.get('pragma')).toBe('no-cache')
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
      const location = new URL(response.headers.get('location') ?? '')
      expect(location.origin + location.pathname).toBe('https://provider.example/authorize')
      // The endpoint's own query is kept; ours is added once.
      expect(location.searchParams.get('tenant')).toBe('t1')
      expect(location.searchParams.getAll('state')).toHaveLength(1)
      expect(location.searchParams.get('code_challenge_method')).toBe('S256')
      const cookies = response.headers.getSetCookie()
      expect(cookies).toHaveLength(1)
      expect(cookies[0]).toMatch(
        /^oauth-dance-tx\.\d=[0-9a-z]+\.[\w-]{16}\.[\w-]+; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax$/,
      )
    })
  },
)
