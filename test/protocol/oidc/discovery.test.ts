/**
 * Discovery on its own: what counts as a valid document, which failures keep which code, and the cache
 * (one fetch for concurrent first uses, a failed re-read keeps the old document, a new issuer does not).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { isDanceError } from '../../../src/errors.js'
import { type FetchLike, makeTransport } from '../../../src/protocol/http.js'
import { DiscoveryCache, discoverProvider } from '../../../src/protocol/oidc/discovery.js'

const ISSUER = 'https://op.example.test'
const GOOD = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/auth`,
  token_endpoint: `${ISSUER}/token`,
  jwks_uri: `${ISSUER}/jwks`,
}

function answering(make: () => Response): FetchLike {
  return async () => make()
}

async function failure(fetch: FetchLike, issuer = ISSUER): Promise<string> {
  try {
    await discoverProvider({ issuer, fetch: makeTransport({ fetch }), provider: 'op' })
  } catch (error) {
    if (isDanceError(error)) return error.code
    throw error
  }
  return 'accepted'
}

describe('discoverProvider', () => {
  it('accepts a document naming exactly the configured issuer', async () => {
    expect(await failure(answering(() => Response.json(GOOD)))).toBe('accepted')
  })

  it.each([
    ['an HTTP error', () => new Response('nope', { status: 404 })],
    ['a body that is not JSON', () => new Response('<html>', { headers: { 'content-type': 'text/html' } })],
    ['no issuer', () => Response.json({ ...GOOD, issuer: undefined })],
    ['an issuer with a trailing slash', () => Response.json({ ...GOOD, issuer: `${ISSUER}/` })],
    ['no token endpoint', () => Response.json({ ...GOOD, token_endpoint: undefined })],
    [
      'a redirect elsewhere',
      () => new Response(null, { status: 302, headers: { location: 'https://evil.test/' } }),
    ],
  ])('refuses %s with discovery_failed', async (_name, make) => {
    expect(await failure(answering(make))).toBe('discovery_failed')
  })

  it('reports an unreachable provider as provider_unavailable, not as a bad document', async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const code = await (async () => {
      try {
        await discoverProvider({
          issuer: `http://127.0.0.1:${port}`,
          fetch: makeTransport({}),
          allowInsecureRequests: true,
          provider: 'op',
        })
        return 'accepted'
      } catch (error) {
        return isDanceError(error) ? error.code : 'other'
      }
    })()
    expect(code).toBe('provider_unavailable')
  })
})

describe('DiscoveryCache', () => {
  it('shares one fetch between concurrent first uses', async () => {
    let loads = 0
    const cache = new DiscoveryCache(async () => {
      loads++
      await new Promise((resolve) => setTimeout(resolve, 20))
      return GOOD
    })
    const all = await Promise.all([cache.get(), cache.get(), cache.get()])
    expect(loads).toBe(1)
    expect(new Set(all).size).toBe(1)
  })

  it('keeps the old document when a re-read fails, but not when the issuer changed', async () => {
    let answer: () => Promise<typeof GOOD> = async () => GOOD
    const cache = new DiscoveryCache(() => answer(), 0)
    expect(await cache.get()).toBe(GOOD)
    answer = async () => {
      throw new Error('network down')
    }
    expect(await cache.get()).toBe(GOOD)
    answer = () =>
      discoverProvider({
        issuer: ISSUER,
        fetch: answering(() => Response.json({ ...GOOD, issuer: 'x' })),
        provider: 'op',
      }).then(() => GOOD)
    await expect(cache.get()).rejects.toMatchObject({ code: 'discovery_failed' })
  })
})
