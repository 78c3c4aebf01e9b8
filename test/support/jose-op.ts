/**
 * A small OpenID Provider of our own on 127.0.0.1, for the cases a certified provider refuses to
 * produce: ID tokens that are forged, unsigned, expired, for someone else, and so on. It signs with keys
 * the test controls (via `jose`), skips the login page (authorizes at once), and records every request.
 */
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'

/** A signing key: its private half signs, its public JWK is served (or not) in the JWKS. */
export interface TestKey {
  alg: string
  kid: string | undefined
  privateKey: CryptoKey
  jwk: JWK
}

/** Makes a key; `kid: undefined` leaves both the JWK and the tokens without a `kid`. */
export async function makeKey(
  alg = 'RS256',
  kid: string | undefined = randomBytes(6).toString('hex'),
): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
  const jwk = { ...(await exportJWK(publicKey)), use: 'sig', alg, ...(kid !== undefined && { kid }) }
  return { alg, kid, privateKey, jwk }
}

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
  signWith: TestKey | 'none' | { hmac: string }
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
  const server: Server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
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
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
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
    const claims = b.claims({ claims: base, nonce })
    if (b.signWith === 'none') {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
      return `${part({ alg: 'none' })}.${part(claims)}.`
    }
    const key = b.signWith
    // HS256 ID tokens are keyed with the client secret (OIDC Core §10.1).
    const jwt =
      'hmac' in key
        ? await new SignJWT(claims)
            .setProtectedHeader({ alg: 'HS256' })
            .sign(new TextEncoder().encode(key.hmac))
        : await new SignJWT(claims)
            .setProtectedHeader({ alg: key.alg, ...(key.kid !== undefined && { kid: key.kid }) })
            .sign(key.privateKey)
    if (!b.badSignature) return jwt
    const dot = jwt.lastIndexOf('.')
    const signature = Buffer.from(jwt.slice(dot + 1), 'base64url')
    signature[0] = (signature[0] ?? 0) ^ 0xff
    return `${jwt.slice(0, dot + 1)}${signature.toString('base64url')}`
  }

  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    res.end(JSON.stringify(body))
  }

  server.on('request', (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', issuer)
      op.requests.push(`${req.method} ${url.pathname}`)
      const b = op.behaviour
      if (url.pathname === '/.well-known/openid-configuration') {
        return json(res, 200, {
          issuer: b.documentIssuer ?? issuer,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/userinfo`,
          jwks_uri: `${issuer}/jwks`,
          end_session_endpoint: `${issuer}/logout`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: b.signingAlgs,
          authorization_response_iss_parameter_supported: b.advertiseIss,
        })
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
      json(res, 404, { error: 'not_found' })
    })().catch((error: unknown) => {
      res.writeHead(500)
      res.end(String(error))
    })
  })
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

/** RFC 6749 §2.3.1: both halves are form-urlencoded before Base64. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const encoded = /^Basic (.+)$/.exec(header ?? '')?.[1]
  if (!encoded) return undefined
  const [id = '', secret = ''] = Buffer.from(encoded, 'base64').toString('utf8').split(':')
  const decode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '))
  return { id: decode(id), secret: decode(secret) }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}
