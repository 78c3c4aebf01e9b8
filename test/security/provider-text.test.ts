/**
 * Issue 12 #5: no byte a provider chose reaches `DanceError.message` (documented as safe to show) nor the
 * default error page. A lying provider on 127.0.0.1 puts a marker in every field of every answer it
 * gives on the way through an OAuth 2, an OpenID Connect and an OAuth 1.0a login (discovery, callback,
 * token, ID token, JWKS, UserInfo, request and access token); each login must fail with a DanceError
 * whose message and page carry none of it, while the untrusted `provider*` fields may.
 */
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import type { Blueprint } from '../../src/consumer/blueprint.js'
import { makeOAuth1Blueprint } from '../../src/consumer/oauth1-blueprint.js'
import { makeOAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { makeOidcBlueprint, type OidcBlueprint } from '../../src/consumer/oidc-blueprint.js'
import { type DanceError, type DanceErrorCode, isDanceError } from '../../src/errors.js'
import { startExpressApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'

/** What the provider slips into every text it controls; `PWN` must never reach a message or a page. */
const MARKER = '<script>PWN</script>"\'&'
const NEEDLE = 'PWN'

/** A raw HTTP answer. */
interface Raw {
  status: number
  headers?: Record<string, string>
  body: string
}

/** How the provider lies; every field is optional, the rest behaves. */
interface Lies {
  discovery?: (document: Record<string, unknown>) => Raw
  callback?: (params: URLSearchParams) => void
  token?: (body: Record<string, unknown>) => Raw
  idTokenClaims?: (claims: Record<string, unknown>) => Record<string, unknown>
  idTokenHeader?: Record<string, unknown>
  jwks?: Raw
  userinfo?: Raw
  requestToken?: Raw
  accessToken?: Raw
  /** The token endpoint's answer to a refresh grant. */
  refresh?: (body: Record<string, unknown>) => Raw | Promise<Raw>
  /** The revocation endpoint (OAuth 2 and OAuth 1). */
  revoke?: Raw
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Raw => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})
const form = (body: Record<string, string>, status = 200, headers: Record<string, string> = {}): Raw => ({
  status,
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(body).toString(),
})

let origin = ''
let lies: Lies = {}
const server = createServer()
const signing = await generateKeyPair('ES256', { extractable: true })
const publicJwk = { ...(await exportJWK(signing.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }
const nonces = new Map<string, { nonce: string | undefined; redirect: string }>()

function send(res: ServerResponse, raw: Raw): void {
  res.writeHead(raw.status, { 'cache-control': 'no-store', ...raw.headers })
  res.end(raw.body)
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}

async function idToken(nonce: string | undefined, extra: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  const base = {
    iss: origin,
    sub: 'alice',
    aud: 'rp',
    iat: now,
    exp: now + 300,
    ...(nonce && { nonce }),
    ...extra,
  }
  const claims = lies.idTokenClaims?.(base) ?? base
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', ...lies.idTokenHeader } as { alg: string })
    .sign(signing.privateKey)
}

server.on('request', (req, res) => {
  void (async () => {
    const url = new URL(req.url ?? '/', origin)
    const body = req.method === 'POST' ? await readBody(req) : ''
    switch (url.pathname) {
      case '/.well-known/openid-configuration': {
        const document = {
          issuer: origin,
          authorization_endpoint: `${origin}/authorize`,
          token_endpoint: `${origin}/token`,
          userinfo_endpoint: `${origin}/userinfo`,
          jwks_uri: `${origin}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['ES256'],
          authorization_response_iss_parameter_supported: true,
          revocation_endpoint: `${origin}/revoke`,
        }
        return send(res, lies.discovery?.(document) ?? json(document))
      }
      case '/authorize': {
        const code = randomBytes(8).toString('hex')
        const redirect = url.searchParams.get('redirect_uri') ?? ''
        nonces.set(code, { nonce: url.searchParams.get('nonce') ?? undefined, redirect })
        const answer = new URLSearchParams({ code, state: url.searchParams.get('state') ?? '', iss: origin })
        lies.callback?.(answer)
        res.writeHead(302, { location: `${redirect}?${answer}` })
        return res.end()
      }
      case '/token': {
        const params = new URLSearchParams(body)
        const fresh = { access_token: 'at2', token_type: 'Bearer', expires_in: 300, refresh_token: 'rt2' }
        if (params.get('grant_type') === 'refresh_token')
          return send(res, (await lies.refresh?.(fresh)) ?? json(fresh))
        const grant = nonces.get(params.get('code') ?? '')
        const answer: Record<string, unknown> = {
          access_token: 'at',
          token_type: 'Bearer',
          expires_in: 300,
          refresh_token: 'rt1',
        }
        if (url.searchParams.has('oidc') || grant?.nonce !== undefined) {
          answer.id_token = await idToken(grant?.nonce)
        }
        return send(res, lies.token?.(answer) ?? json(answer))
      }
      case '/jwks':
        return send(res, lies.jwks ?? json({ keys: [publicJwk] }))
      case '/api':
        // Every API call says the token is no longer valid: the blueprint refreshes once (RFC 6750 §3.1).
        return send(
          res,
          json({ error: 'invalid_token' }, 401, { 'www-authenticate': 'Bearer error="invalid_token"' }),
        )
      case '/revoke':
      case '/oauth1/revoke':
        return send(res, lies.revoke ?? { status: 200, body: '' })
      case '/userinfo':
        return send(res, lies.userinfo ?? json({ sub: 'alice' }))
      case '/oauth1/request_token':
        // A fresh temporary token per login: the app remembers completed ones (replay guard).
        requestToken = randomBytes(8).toString('hex')
        return send(
          res,
          lies.requestToken ??
            form({ oauth_token: requestToken, oauth_token_secret: 'rs', oauth_callback_confirmed: 'true' }),
        )
      case '/oauth1/authorize': {
        const callback = /oauth_callback="([^"]*)"/.exec(lastOAuth1Authorization)?.[1] ?? ''
        const answer = new URLSearchParams({ oauth_token: requestToken, oauth_verifier: 'v' })
        lies.callback?.(answer)
        res.writeHead(302, { location: `${decodeURIComponent(callback)}?${answer}` })
        return res.end()
      }
      case '/oauth1/access_token':
        return send(res, lies.accessToken ?? form({ oauth_token: 'at', oauth_token_secret: 'as' }))
      default:
        return send(res, { status: 404, body: MARKER })
    }
  })().catch((error: unknown) => {
    res.writeHead(500)
    res.end(String(error))
  })
})
let lastOAuth1Authorization = ''
let requestToken = ''
server.on('request', (req) => {
  if (req.url?.startsWith('/oauth1/request_token')) lastOAuth1Authorization = req.headers.authorization ?? ''
})

beforeAll(async () => {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

type Protocol = 'oauth2' | 'oidc' | 'oauth1'

function makeBlueprint(protocol: Protocol, errors: DanceError[]): Blueprint {
  // The library's default storage (the session), so a login and the next request share the token.
  const common = {
    name: protocol,
    allowInsecureRequests: true,
    timeoutMs: 2000,
    baseUrl: `${origin}/`,
    hooks: { error: ({ error }: { error: DanceError }) => void errors.push(error) },
  }
  if (protocol === 'oidc') {
    return makeOidcBlueprint({
      ...common,
      issuer: origin,
      clientId: 'rp',
      clientSecret: 'rp-secret',
      jwksRefetchCooldown: 0,
    })
  }
  if (protocol === 'oauth2') {
    return makeOAuth2Blueprint({
      ...common,
      clientId: 'rp',
      clientSecret: 'rp-secret',
      authorizationUrl: `${origin}/authorize`,
      tokenUrl: `${origin}/token`,
      issuer: origin,
      issuerParameterSupported: true,
      revocationUrl: `${origin}/revoke`,
    })
  }
  return makeOAuth1Blueprint({
    ...common,
    consumerKey: 'ck',
    consumerSecret: 'cs',
    requestTokenUrl: `${origin}/oauth1/request_token`,
    authorizationUrl: `${origin}/oauth1/authorize`,
    accessTokenUrl: `${origin}/oauth1/access_token`,
    revocationUrl: `${origin}/oauth1/revoke`,
  })
}

/** What the app does after the login, through the public API; errors are the app's to show. */
type After = 'refresh' | 'revoke' | 'userinfo'

/**
 * One login through a fresh app and blueprint (nothing cached); with `after`, the lies start only once
 * the login succeeded, and the app then calls the provider through the public API.
 */
async function login(
  protocol: Protocol,
  after?: { action: After; lies: Lies },
): Promise<{ status: number; page: string; errors: DanceError[] }> {
  const errors: DanceError[] = []
  const blueprint = makeBlueprint(protocol, errors)
  const app = await startExpressApp((express) => {
    express.use(dance(blueprint))
    express.get('/act/:action', async (req, res) => {
      try {
        if (req.params.action === 'refresh') await blueprint.client.get('api')
        if (req.params.action === 'userinfo') await (blueprint as OidcBlueprint).userinfo()
        if (req.params.action === 'revoke') {
          const result = await blueprint.client.revoke()
          if (!result.revoked && result.reason === 'failed') throw result.error
        }
        res.send('no error')
      } catch (error) {
        if (!isDanceError(error)) throw error
        errors.push(error)
        // What an app that trusts the docs does: show the message.
        res.status(error.status).type('text/plain').send(error.message)
      }
    })
  })
  try {
    const browser = new HttpBrowser()
    let response = await browser.fetch(`${app.origin}/login/${protocol}`)
    // Follow the dance (provider, then our callback), not the app's own redirect after it.
    for (let hops = 0; hops < 4 && response.status === 302; hops++) {
      const location = new URL(response.headers.get('location')!, app.origin)
      if (location.origin === app.origin && !location.pathname.startsWith('/login/')) break
      await response.body?.cancel()
      response = await browser.fetch(location)
    }
    if (after) {
      expect(response.status).toBe(302)
      expect(errors).toEqual([])
      await response.body?.cancel()
      lies = after.lies
      response = await browser.fetch(`${app.origin}/act/${after.action}`)
    }
    return { status: response.status, page: await response.text(), errors }
  } finally {
    await app.close()
  }
}

const everyCallbackField = (params: URLSearchParams) => {
  params.delete('code')
  params.set('error', MARKER)
  params.set('error_description', MARKER)
  params.set('error_uri', `https://evil.example/${MARKER}`)
}

const cases: Array<[Protocol, string, DanceErrorCode, Lies]> = [
  // OpenID Connect discovery.
  [
    'oidc',
    'a discovery document naming another issuer',
    'discovery_failed',
    { discovery: (d) => json({ ...d, issuer: MARKER }) },
  ],
  [
    'oidc',
    'a discovery document that is not JSON',
    'discovery_failed',
    { discovery: () => ({ status: 200, body: MARKER }) },
  ],
  [
    'oidc',
    'a discovery document answering 500',
    'discovery_failed',
    { discovery: () => ({ status: 500, body: MARKER }) },
  ],
  [
    'oidc',
    'a discovery document with endpoints of the wrong type',
    'discovery_failed',
    { discovery: (d) => json({ ...d, token_endpoint: { MARKER } }) },
  ],
  // The authorization response, in the browser's callback.
  ['oidc', 'an error callback', 'provider_error', { callback: everyCallbackField }],
  ['oauth2', 'an error callback', 'provider_error', { callback: everyCallbackField }],
  [
    'oauth2',
    'access_denied with a description',
    'access_denied',
    {
      callback: (p) => {
        everyCallbackField(p)
        p.set('error', 'access_denied')
      },
    },
  ],
  [
    'oauth2',
    'a callback from another issuer',
    'issuer_mismatch',
    { callback: (p) => void p.set('iss', MARKER) },
  ],
  [
    'oidc',
    'a callback from another issuer',
    'issuer_mismatch',
    { callback: (p) => void p.set('iss', MARKER) },
  ],
  // The token endpoint.
  [
    'oauth2',
    'a token error with every field',
    'token_rejected',
    { token: () => json({ error: MARKER, error_description: MARKER, error_uri: MARKER }, 400) },
  ],
  [
    'oidc',
    'a token error with every field',
    'token_rejected',
    { token: () => json({ error: MARKER, error_description: MARKER, error_uri: MARKER }, 400) },
  ],
  [
    'oauth2',
    'a 401 with a WWW-Authenticate challenge',
    'token_rejected',
    {
      token: () =>
        json({ error: MARKER }, 401, {
          'www-authenticate': `Bearer error="${NEEDLE}", error_description="${NEEDLE}"`,
        }),
    },
  ],
  [
    'oauth2',
    'a 500 with an HTML body',
    'provider_response_invalid',
    { token: () => ({ status: 500, body: MARKER }) },
  ],
  [
    'oauth2',
    'a 200 that is not JSON',
    'provider_response_invalid',
    { token: () => ({ status: 200, body: MARKER }) },
  ],
  [
    'oauth2',
    'a 200 with a token_type of markup',
    'provider_response_invalid',
    { token: (b) => json({ ...b, token_type: MARKER }) },
  ],
  [
    'oauth2',
    'a 200 without an access token',
    'provider_response_invalid',
    { token: () => json({ token_type: MARKER }) },
  ],
  // The ID token, its keys and UserInfo.
  [
    'oidc',
    'an ID token from another issuer',
    'id_token_invalid',
    { idTokenClaims: (c) => ({ ...c, iss: MARKER }) },
  ],
  [
    'oidc',
    'an ID token for another audience',
    'id_token_invalid',
    { idTokenClaims: (c) => ({ ...c, aud: MARKER }) },
  ],
  [
    'oidc',
    'an ID token with another nonce',
    'id_token_invalid',
    { idTokenClaims: (c) => ({ ...c, nonce: MARKER }) },
  ],
  [
    'oidc',
    'an ID token with a sub of the wrong type',
    'id_token_invalid',
    { idTokenClaims: (c) => ({ ...c, sub: { MARKER } }) },
  ],
  ['oidc', 'an ID token naming an unknown key', 'id_token_invalid', { idTokenHeader: { kid: MARKER } }],
  [
    'oidc',
    'an ID token with an unknown algorithm',
    'provider_response_invalid',
    { idTokenHeader: { alg: MARKER } },
  ],
  ['oidc', 'a JWKS that is not JSON', 'id_token_invalid', { jwks: { status: 200, body: MARKER } }],
  [
    'oidc',
    'a JWKS of markup keys',
    'id_token_invalid',
    { jwks: json({ keys: [{ kty: MARKER, kid: 'k1' }] }) },
  ],
  ['oidc', 'a UserInfo for another sub', 'userinfo_invalid', { userinfo: json({ sub: MARKER }) }],
  [
    'oidc',
    'a UserInfo that is not JSON',
    'provider_response_invalid',
    { userinfo: { status: 200, body: MARKER } },
  ],
  [
    'oidc',
    'a UserInfo error',
    'token_rejected',
    { userinfo: json({ error: MARKER }, 401, { 'www-authenticate': `Bearer error="${NEEDLE}"` }) },
  ],
  // OAuth 1.0a.
  [
    'oauth1',
    'a refused request-token signature with a problem and a Date',
    'oauth1_signature_rejected',
    { requestToken: form({ oauth_problem: MARKER }, 401, { date: MARKER }) },
  ],
  [
    'oauth1',
    'a request-token problem',
    'provider_response_invalid',
    { requestToken: form({ oauth_problem: MARKER }, 400) },
  ],
  ['oauth1', 'a request-token 500', 'provider_unavailable', { requestToken: { status: 500, body: MARKER } }],
  [
    'oauth1',
    'a request-token answer in HTML',
    'provider_response_invalid',
    { requestToken: { status: 200, body: MARKER } },
  ],
  [
    'oauth1',
    'a request-token answer without confirmation',
    'oauth1_callback_not_confirmed',
    { requestToken: form({ oauth_token: MARKER, oauth_token_secret: MARKER }) },
  ],
  [
    'oauth1',
    'a denied callback with a problem',
    'access_denied',
    { callback: (p) => void p.set('oauth_problem', MARKER) },
  ],
  [
    'oauth1',
    'a callback naming another token',
    'transaction_missing',
    { callback: (p) => void p.set('oauth_token', MARKER) },
  ],
  [
    'oauth1',
    'an access-token problem',
    'provider_response_invalid',
    { accessToken: form({ oauth_problem: MARKER }, 400) },
  ],
  [
    'oauth1',
    'an access-token answer without a secret',
    'provider_response_invalid',
    { accessToken: form({ oauth_token: MARKER }) },
  ],
]

const afterLogin: Array<[Protocol, After, string, DanceErrorCode, Lies]> = [
  [
    'oauth2',
    'refresh',
    'a refresh error with every field',
    'refresh_failed',
    { refresh: () => json({ error: MARKER, error_description: MARKER, error_uri: MARKER }, 400) },
  ],
  [
    'oauth2',
    'refresh',
    'invalid_grant with a description',
    'reauth_required',
    { refresh: () => json({ error: 'invalid_grant', error_description: MARKER, error_uri: MARKER }, 400) },
  ],
  [
    'oauth2',
    'refresh',
    'a refresh answered by an HTML 500',
    'refresh_failed',
    { refresh: () => ({ status: 500, body: MARKER }) },
  ],
  [
    'oauth2',
    'refresh',
    'a refresh answer that is not JSON',
    'refresh_failed',
    { refresh: () => ({ status: 200, body: MARKER }) },
  ],
  [
    'oidc',
    'refresh',
    'a refreshed ID token for another user',
    'id_token_invalid',
    { refresh: async (b) => json({ ...b, id_token: await idToken(undefined, { sub: MARKER }) }) },
  ],
  [
    'oauth2',
    'revoke',
    'a revocation error with every field',
    'revocation_failed',
    { revoke: json({ error: MARKER, error_description: MARKER, error_uri: MARKER }, 400) },
  ],
  [
    'oidc',
    'revoke',
    'a revocation answered by an HTML 503',
    'revocation_failed',
    { revoke: { status: 503, body: MARKER } },
  ],
  [
    'oauth1',
    'revoke',
    'a revocation answered by an HTML 500',
    'revocation_failed',
    { revoke: { status: 500, body: MARKER } },
  ],
  [
    'oidc',
    'userinfo',
    'a fresh UserInfo for another sub',
    'userinfo_invalid',
    { userinfo: json({ sub: MARKER }) },
  ],
  [
    'oidc',
    'userinfo',
    'a fresh UserInfo error',
    'token_rejected',
    { userinfo: json({ error: MARKER }, 401, { 'www-authenticate': `Bearer error="${NEEDLE}"` }) },
  ],
]

describe('provider text never reaches error.message nor the default error page (issue 12 #5)', () => {
  it.each(afterLogin)('after login, %s %s: %s → %s', async (protocol, action, _name, code, caseLies) => {
    try {
      const { status, page, errors } = await login(protocol, { action, lies: caseLies })
      expect(status).toBeGreaterThanOrEqual(400)
      expect(errors.map((e) => e.code)).toEqual([code])
      expect(errors[0]!.message).not.toContain(NEEDLE)
      expect(page).not.toContain(NEEDLE)
    } finally {
      lies = {}
    }
  })

  it.each(cases)('%s: %s → %s', async (protocol, _name, code, caseLies) => {
    lies = caseLies
    try {
      const { status, page, errors } = await login(protocol)
      expect(status).toBeGreaterThanOrEqual(400)
      expect(errors).toHaveLength(1)
      const error = errors[0]!
      expect(isDanceError(error, code)).toBe(true)
      expect(error.message).not.toContain(NEEDLE)
      expect(error.message).not.toMatch(/[<>]/)
      expect(page).not.toContain(NEEDLE)
      // The provider text is not lost: it is kept apart, bounded, in the untrusted fields (or nowhere).
      for (const field of [
        error.providerError,
        error.providerErrorDescription,
        error.providerErrorUri,
        error.providerDetail,
      ]) {
        expect((field ?? '').length).toBeLessThanOrEqual(512)
      }
    } finally {
      lies = {}
    }
  })

  it('a provider that behaves still logs in on every protocol (the rig is sound)', async () => {
    for (const protocol of ['oauth2', 'oidc', 'oauth1'] as const) {
      const { status, errors } = await login(protocol)
      expect(errors.map((e) => `${protocol} ${e.code} ${e.message} ${e.providerDetail}`)).toEqual([])
      expect(status).toBe(302)
    }
  })

  it('still says which ID token check failed, in our own words', async () => {
    lies = { idTokenClaims: (c) => ({ ...c, nonce: MARKER }) }
    try {
      const { errors } = await login('oidc')
      expect(errors[0]?.message).toBe(
        'oidc\'s ID token is not valid: its "nonce" is not the one of this login.',
      )
      expect(errors[0]?.providerDetail).toContain('nonce')
    } finally {
      lies = {}
    }
  })

  it('keeps a huge provider description bounded on the error', async () => {
    lies = {
      token: () =>
        json({ error: 'invalid_grant', error_description: `${MARKER}${'x'.repeat(100_000)}` }, 400),
    }
    try {
      const { errors } = await login('oauth2')
      expect(errors[0]?.code).toBe('token_rejected')
      expect(errors[0]?.providerErrorDescription?.length).toBe(512)
      expect(errors[0]?.providerErrorDescription?.startsWith(MARKER)).toBe(true)
    } finally {
      lies = {}
    }
  })
})
