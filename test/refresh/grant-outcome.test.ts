/**
 * Only the token request itself decides whether a refresh token can have been spent. A rotating
 * provider that issued a new token (its old refresh token is now spent) while something after the
 * answer failed (the JWKS that verifies the new ID token refused the connection, or answered 503) must
 * never get the old refresh token again: it would detect reuse and revoke the grant. And a refresh
 * that failed before the token request (discovery timed out) never reached the provider: it must not
 * be recorded as spent, so the next request refreshes normally instead of logging the user out.
 */
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { makeOidcBlueprint } from '../../src/consumer/oidc-blueprint.js'
import { isDanceError } from '../../src/errors.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { withRequestScope } from '../../src/testing/index.js'
import type { Token } from '../../src/token.js'

const { privateKey, publicKey } = await generateKeyPair('RS256')
const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }
const key = { provider: 'op', userId: 'alice' }
const expired = () => Math.floor(Date.now() / 1000) - 5

type JwksMode = 'ok' | 'refused' | 'unavailable'

/** A rotating OIDC provider with reuse detection; its JWKS and discovery can be broken. */
async function provider(state: { jwks: JwksMode; discoveryHangs: boolean }) {
  let origin = ''
  let current = 'rt-1'
  let n = 1
  const spent = new Set<string>()
  const seen = { presented: [] as string[], revoked: false }
  const idToken = () =>
    new SignJWT({ sub: 'alice' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(origin)
      .setAudience('c')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey)
  const server: Server = createServer((req, res) => {
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    }
    if (req.url === '/.well-known/openid-configuration') {
      if (state.discoveryHangs) return
      json(200, {
        issuer: origin,
        authorization_endpoint: `${origin}/auth`,
        token_endpoint: `${origin}/token`,
        // Port 1 refuses connections: a JWKS host that is down.
        jwks_uri: state.jwks === 'refused' ? 'http://127.0.0.1:1/jwks' : `${origin}/jwks`,
        id_token_signing_alg_values_supported: ['RS256'],
      })
      return
    }
    if (req.url === '/jwks') {
      return state.jwks === 'ok'
        ? json(200, { keys: [jwk] })
        : json(503, { error: 'temporarily_unavailable' })
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const rt = new URLSearchParams(Buffer.concat(chunks).toString()).get('refresh_token') ?? ''
      seen.presented.push(rt)
      if (seen.revoked || spent.has(rt) || rt !== current) {
        seen.revoked = true
        json(400, { error: 'invalid_grant' })
        return
      }
      spent.add(rt)
      n++
      current = `rt-${n}`
      json(200, {
        access_token: `at-${n}`,
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: current,
        id_token: await idToken(),
      })
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    seen,
    idToken,
    close: () => {
      server.closeAllConnections()
      server.close()
    },
  }
}

let closers: Array<() => void> = []
afterEach(() => {
  for (const close of closers) close()
  closers = []
})

async function setUp(state: { jwks: JwksMode; discoveryHangs: boolean }) {
  const op = await provider(state)
  closers.push(op.close)
  const storage = new MemoryStorage()
  const blueprint = makeOidcBlueprint({
    name: 'op',
    issuer: op.origin,
    clientId: 'c',
    clientSecret: 's',
    allowInsecureRequests: true,
    timeoutMs: 500,
    storage,
    user: () => 'alice',
  })
  const token: Token = {
    access_token: 'at-1',
    token_type: 'Bearer',
    refresh_token: 'rt-1',
    id_token: await op.idToken(),
    expires_at: expired(),
  }
  await storage.set(key, token)
  const call = () =>
    withRequestScope({ blueprints: [blueprint] }, (scope) => blueprint.validToken(scope)).then(
      (t) => t?.access_token,
      (e: unknown) => (isDanceError(e) ? e.code : String(e)),
    )
  return { op, storage, call }
}

describe('what a failed refresh can have spent', () => {
  it.each(['refused', 'unavailable'] as const)(
    'JWKS %s after a rotating answer: the spent refresh token is never presented again',
    async (mode) => {
      const state = { jwks: mode as JwksMode, discoveryHangs: false }
      const { op, call } = await setUp(state)
      // The new token cannot be verified: the refresh fails (its code depends on how the JWKS failed).
      expect(['id_token_invalid', 'refresh_failed']).toContain(await call())
      state.jwks = 'ok'
      await call()
      expect(op.seen.presented.filter((rt) => rt === 'rt-1')).toHaveLength(1)
      expect(op.seen.revoked).toBe(false)
    },
  )

  it('discovery failing before the token request records nothing: the next request refreshes', async () => {
    const state = { jwks: 'ok' as JwksMode, discoveryHangs: true }
    const { op, storage, call } = await setUp(state)
    expect(await call()).not.toBe('at-2')
    expect(op.seen.presented).toEqual([])
    state.discoveryHangs = false
    expect(await call()).toBe('at-2')
    expect((await storage.get(key))?.refresh_token).toBe('rt-2')
    expect(op.seen.revoked).toBe(false)
  })
})
