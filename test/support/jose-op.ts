/**
 * A small OpenID Provider of our own on 127.0.0.1, for the cases a certified provider refuses to
 * produce: ID tokens that are forged, unsigned, expired, for someone else, and so on. It signs with keys
 * the test controls (via `jose`), skips the login page (authorizes at once), and records every request.
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { basicCredentials } from './fake-provider/oauth2.js'
import { discoveryDocument, makeKey, type Signer, signIdToken, type TestKey } from './fake-provider/oidc.js'
import { sendJson as json, readBody, startFakeServer } from './fake-provider/server.js'

export { makeKey, type TestKey } from './fake-provider/oidc.js'

/** What the token endpoint is about to put in an ID token, for a behaviour to change. */
export interface IdTokenContext {
  claims: Record<string, unknown>
  nonce: string | undefined
}

/** How the provider behaves; tests change these fields between logins. */
export interface JoseOpBehaviour {
  /** Keys published at `jwks_uri`. */
  jwks: TestKey[]
  /** The key ID tokens are signed with; `'none'` sends an unsigned token. */
  signWith: Signer
  /** Corrupt the signature after signing. */
  badSignature: boolean
  /** Change the ID token claims (delete, replace) before signing. */
  claims: (context: IdTokenContext) => Record<string, unknown>
  /** Change the token response body. */
  tokenResponse: (body: Record<string, unknown>) => Record<string, unknown>
  /** The `sub` UserInfo answers with (default: the ID token's). */
  userinfoSub: string | undefined
  /** `iss` on the authorization response: the right one, another one, or none. */
  issParameter: 'correct' | 'wrong' | 'missing'
  /** Whether discovery advertises `authorization_response_iss_parameter_supported`. */
  advertiseIss: boolean
  /** The issuer the discovery document names (default the real one). */
  documentIssuer: string | undefined
  /** `id_token_signing_alg_values_supported` in discovery (read once per blueprint: it caches). */
  signingAlgs: string[]
  /** The `user` form field of a form_post answer (Apple posts the name on first login). */
  postedUser: string | undefined
  /** The `sub` of the next login. */
  subject: string
  /** Issue a refresh token, and an ID token on refresh. */
  refresh: { idToken: boolean; sub?: string; iss?: string }
}

/** A running test provider. */
export interface JoseOp {
  issuer: string
  behaviour: JoseOpBehaviour
  /** `METHOD /path` of every request received, in order. */
  requests: string[]
  /** Restores the default behaviour and clears the request log. */
  reset(keys?: TestKey[]): void
  close(): Promise<void>
}

interface CodeGrant {
  nonce: string | undefined
  redirectUri: string
}

/** Starts the provider on a free port. `clientId`/`clientSecret` are checked (client_secret_basic). */
export async function startJoseOp(client: JoseOpClient): Promise<JoseOp> {
  const server = await startFakeServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      res.writeHead(500)
      res.end(String(error))
    })
  })
  const issuer = server.origin
  const initialKey = await makeKey()
  const defaults = (keys: TestKey[]): JoseOpBehaviour => ({
    jwks: keys,
    signWith: keys[0]!,
    badSignature: false,
    claims: ({ claims }) => claims,
    tokenResponse: (body) => body,
    userinfoSub: undefined,
    issParameter: 'correct',
    advertiseIss: true,
    documentIssuer: undefined,
    signingAlgs: ['RS256', 'ES256', 'HS256', 'none'],
    postedUser: undefined,
    subject: 'alice',
    refresh: { idToken: false },
  })
  const op: JoseOp = {
    issuer,
    behaviour: defaults([initialKey]),
    requests: [],
    reset(keys = op.behaviour.jwks) {
      op.behaviour = defaults(keys)
      op.requests.length = 0
    },
    close: () => server.close(),
  }
  const codes = new Map<string, CodeGrant>()
  const accessTokens = new Map<string, string>()
  const refreshTokens = new Map<string, string>()

  const idToken = async (sub: string, nonce: string | undefined, overrides: { iss?: string } = {}) => {
    const b = op.behaviour
    const now = Math.floor(Date.now() / 1000)
    const base: Record<string, unknown> = {
      iss: overrides.iss ?? issuer,
      sub,
      aud: client.clientId,
      iat: now,
      exp: now + 300,
      auth_time: now,
      ...(nonce !== undefined && { nonce }),
    }
    return signIdToken(b.claims({ claims: base, nonce }), b.signWith, b.badSignature)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    const url = new URL(req.url ?? '/', issuer)
    op.requests.push(`${req.method} ${url.pathname}`)
    const b = op.behaviour
    if (url.pathname === '/.well-known/openid-configuration') {
      const paths = { authorization: '/auth', token: '/token', userinfo: '/userinfo', jwks: '/jwks' }
      return json(
        res,
        200,
        discoveryDocument(
          b.documentIssuer ?? issuer,
          issuer,
          { ...paths, endSession: '/logout' },
          {
            id_token_signing_alg_values_supported: b.signingAlgs,
            authorization_response_iss_parameter_supported: b.advertiseIss,
          },
        ),
      )
    }
    if (url.pathname === '/jwks') return json(res, 200, { keys: b.jwks.map((k) => k.jwk) })
    if (url.pathname === '/auth') {
      const redirectUri = url.searchParams.get('redirect_uri') ?? ''
      const code = randomBytes(12).toString('hex')
      codes.set(code, { nonce: url.searchParams.get('nonce') ?? undefined, redirectUri })
      const answer = new URLSearchParams({ code, state: url.searchParams.get('state') ?? '' })
      if (b.issParameter !== 'missing') {
        answer.set('iss', b.issParameter === 'wrong' ? 'http://127.0.0.1:1/evil' : issuer)
      }
      if (url.searchParams.get('response_mode') === 'form_post') {
        if (b.postedUser !== undefined) answer.set('user', b.postedUser)
        // What a browser would auto-submit; tests parse the inputs and POST them.
        const inputs = [...answer].map(
          ([k, v]) => `<input type="hidden" name="${k}" value="${escapeAttribute(v)}">`,
        )
        res.writeHead(200, { 'content-type': 'text/html' })
        return res.end(
          `<form method="post" action="${escapeAttribute(redirectUri)}">${inputs.join('')}</form>`,
        )
      }
      const target = new URL(redirectUri)
      for (const [k, v] of answer) target.searchParams.set(k, v)
      res.writeHead(302, { location: target.href })
      return res.end()
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req))
      if (!(await clientAuthenticated(req.headers.authorization, form, client)))
        return json(res, 401, { error: 'invalid_client' })
      const accessToken = randomBytes(12).toString('hex')
      if (form.get('grant_type') === 'refresh_token') {
        const sub = refreshTokens.get(form.get('refresh_token') ?? '')
        if (!sub) return json(res, 400, { error: 'invalid_grant' })
        accessTokens.set(accessToken, sub)
        const body: Record<string, unknown> = {
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: 300,
        }
        if (b.refresh.idToken) {
          body.id_token = await idToken(
            b.refresh.sub ?? sub,
            undefined,
            b.refresh.iss ? { iss: b.refresh.iss } : {},
          )
        }
        return json(res, 200, body)
      }
      const grant = codes.get(form.get('code') ?? '')
      codes.delete(form.get('code') ?? '')
      if (!grant || grant.redirectUri !== form.get('redirect_uri'))
        return json(res, 400, { error: 'invalid_grant' })
      accessTokens.set(accessToken, b.subject)
      const body: Record<string, unknown> = {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: 300,
        id_token: await idToken(b.subject, grant.nonce),
      }
      const refreshToken = randomBytes(12).toString('hex')
      refreshTokens.set(refreshToken, b.subject)
      body.refresh_token = refreshToken
      return json(res, 200, b.tokenResponse(body))
    }
    if (url.pathname === '/userinfo') {
      const sub = accessTokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''))
      if (!sub) return json(res, 401, { error: 'invalid_token' })
      return json(res, 200, {
        sub: b.userinfoSub ?? sub,
        name: `User ${sub}`,
        email: `${sub}@example.test`,
      })
    }
    return json(res, 404, { error: 'not_found' })
  }
  return op
}

/** The client the provider knows; `clientSecret` may be a check (Apple's signed client secrets). */
export interface JoseOpClient {
  clientId: string
  clientSecret: string | ((secret: string) => Promise<boolean>)
}

/** client_secret_basic or client_secret_post. */
async function clientAuthenticated(
  header: string | undefined,
  form: URLSearchParams,
  client: JoseOpClient,
): Promise<boolean> {
  const credentials = form.has('client_secret')
    ? { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' }
    : basicCredentials(header)
  if (!credentials || credentials.id !== client.clientId) return false
  const expected = client.clientSecret
  return typeof expected === 'string' ? credentials.secret === expected : expected(credentials.secret)
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
