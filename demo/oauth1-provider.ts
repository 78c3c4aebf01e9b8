/**
 * A small OAuth 1.0a provider on 127.0.0.1, for the demo and the tests: temporary credentials, an
 * authorization page a browser can approve or deny, token credentials and a protected API that echoes
 * what it verified. Signatures are verified with the independent `oauth-sign` package. It can be made
 * to misbehave (callback not confirmed, a failing or HTML request-token endpoint, an access-token
 * answer without a secret, a clock that is off) so consumers can be tested against bad providers.
 *
 * Never use it for anything real: it trusts whatever user name the authorization page is given.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 */
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express, { type Request, type Response } from 'express'
import { OAuthProblem, type StandInConsumer, type VerifiedRequest, verifyRequest } from './oauth1-verify.js'

export type { StandInConsumer } from './oauth1-verify.js'

/** Ways the provider can be told to misbehave; change them at any time. */
export interface OAuth1Misbehaviour {
  /** Leave `oauth_callback_confirmed` out of the temporary credentials. */
  callbackNotConfirmed?: boolean
  /** Answer the request-token endpoint with this status and a plain-text body. */
  requestTokenStatus?: number
  /** Wait this many milliseconds before answering the request-token endpoint. */
  requestTokenDelayMs?: number
  /** Answer the request-token endpoint with an HTML page (status 200). */
  requestTokenHtml?: boolean
  /** Answer the access-token endpoint with this status and `oauth_problem=permission_unknown`. */
  accessTokenStatus?: number
  /** Leave `oauth_token_secret` out of the token credentials. */
  accessTokenWithoutSecret?: boolean
  /** Seconds the provider's clock is ahead of ours (timestamps outside the window are refused). */
  clockOffsetSeconds?: number
}

/** Options of {@link startOAuth1Provider}. */
export interface OAuth1ProviderOptions {
  consumers: readonly StandInConsumer[]
  /** Port on 127.0.0.1 (default 0: a free one). */
  port?: number
  /** Accepted clock difference in seconds (default 300). */
  maxSkewSeconds?: number
}

/** A running provider. */
export interface OAuth1ProviderHandle {
  origin: string
  requestTokenUrl: string
  authorizationUrl: string
  accessTokenUrl: string
  /** Base URL of the protected API (`GET me`, anything else echoes). */
  apiBaseUrl: string
  /** Invalidates the token that signs the POST, as Twitter's `oauth/invalidate_token` does. */
  revocationUrl: string
  misbehave: OAuth1Misbehaviour
  /** Every refused request: path and `oauth_problem`. */
  rejections: Array<{ path: string; problem: string }>
  /** How many token credentials were issued. */
  issued(): number
  /** Every temporary secret handed out, so tests can check none leaks into a URL or cookie. */
  temporarySecrets: string[]
  /**
   * Every signed `oauth_callback` it accepted. It honours any of them (RFC 5849 does not oblige a
   * provider to pin a registered callback), as the providers a Host-header hijack exploits do.
   */
  callbacks: string[]
  close(): Promise<void>
}

interface Temporary {
  consumer: string
  secret: string
  callback: string
  verifier?: string
  user?: string
}

const random = () => randomBytes(18).toString('base64url')

/** Starts the provider. */
export async function startOAuth1Provider(options: OAuth1ProviderOptions): Promise<OAuth1ProviderHandle> {
  const misbehave: OAuth1Misbehaviour = {}
  const rejections: OAuth1ProviderHandle['rejections'] = []
  const temporary = new Map<string, Temporary>()
  const access = new Map<string, { consumer: string; secret: string; user: string }>()
  let issued = 0
  const temporarySecrets: string[] = []
  const callbacks: string[] = []
  const state = {
    consumers: new Map(options.consumers.map((c) => [c.key, c])),
    seenNonces: new Set<string>(),
    maxSkewSeconds: options.maxSkewSeconds ?? 300,
    now: () => Math.floor(Date.now() / 1000) + (misbehave.clockOffsetSeconds ?? 0),
  }
  const app = express()
  app.disable('x-powered-by')
  app.use(express.raw({ type: () => true, limit: '64kb' }))
  const raw = (req: Request) => (Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '')
  const form = (res: Response, status: number, params: Record<string, string>) => {
    res.setHeader('date', new Date(state.now() * 1000).toUTCString())
    res.status(status).type('application/x-www-form-urlencoded').send(new URLSearchParams(params).toString())
  }
  const verified = (req: Request, res: Response, secretOf: (token?: string) => string | undefined) => {
    try {
      return verifyRequest(state, req, raw(req), secretOf)
    } catch (error) {
      if (!(error instanceof OAuthProblem)) throw error
      rejections.push({ path: req.path, problem: error.problem })
      if (error.status === 401) res.setHeader('www-authenticate', 'OAuth realm="stand-in"')
      form(res, error.status, { oauth_problem: error.problem })
      return undefined
    }
  }

  app.post('/oauth/request_token', async (req, res) => {
    if (misbehave.requestTokenDelayMs)
      await new Promise((resolve) => setTimeout(resolve, misbehave.requestTokenDelayMs))
    if (misbehave.requestTokenStatus)
      return void res.status(misbehave.requestTokenStatus).type('text').send('boom')
    if (misbehave.requestTokenHtml) return void res.type('html').send('<!doctype html><h1>Welcome!</h1>')
    const check = verified(req, res, (token) => (token === undefined ? '' : undefined))
    if (!check) return
    const callback = check.oauth.get('oauth_callback')
    if (!callback || (callback !== 'oob' && !URL.canParse(callback))) {
      return form(res, 400, { oauth_problem: 'parameter_absent', oauth_parameters_absent: 'oauth_callback' })
    }
    const token = random()
    const secret = random()
    temporary.set(token, { consumer: check.consumer.key, secret, callback })
    temporarySecrets.push(secret)
    callbacks.push(callback)
    form(res, 200, {
      oauth_token: token,
      oauth_token_secret: secret,
      ...(!misbehave.callbackNotConfirmed && { oauth_callback_confirmed: 'true' }),
    })
  })

  app.get('/oauth/authorize', (req, res) => {
    const token = String(req.query.oauth_token ?? '')
    if (!temporary.has(token)) return void res.status(400).type('text').send('Unknown or used request token.')
    res.type('html').send(`<!doctype html><meta charset="utf-8"><title>Authorize</title>
<h1>Let the consumer use your account?</h1>
<form method="post" action="/oauth/authorize">
<input type="hidden" name="oauth_token" value="${token}">
<label>User <input id="user" name="user" value="alice"></label>
<button id="approve" name="decision" value="approve">Approve</button>
<button id="deny" name="decision" value="deny">Deny</button>
</form>`)
  })

  app.post('/oauth/authorize', (req, res) => {
    const body = new URLSearchParams(raw(req))
    const token = body.get('oauth_token') ?? ''
    const pending = temporary.get(token)
    if (!pending || pending.callback === 'oob')
      return void res.status(400).type('text').send('Unknown request token.')
    const target = new URL(pending.callback)
    if (body.get('decision') !== 'approve') {
      temporary.delete(token)
      target.searchParams.set('denied', token)
    } else {
      pending.verifier = random()
      pending.user = (body.get('user') ?? '').replace(/[^\w.-]/g, '') || 'alice'
      target.searchParams.set('oauth_token', token)
      target.searchParams.set('oauth_verifier', pending.verifier)
    }
    res.redirect(303, target.href)
  })

  app.post('/oauth/access_token', (req, res) => {
    if (misbehave.accessTokenStatus) {
      return form(res, misbehave.accessTokenStatus, { oauth_problem: 'permission_unknown' })
    }
    const check = verified(req, res, (token) => {
      const pending = token === undefined ? undefined : temporary.get(token)
      return pending?.verifier === undefined ? undefined : pending.secret
    })
    if (!check) return
    const pending = temporary.get(check.token!)!
    if (check.oauth.get('oauth_verifier') !== pending.verifier) {
      rejections.push({ path: req.path, problem: 'verifier_invalid' })
      return form(res, 401, { oauth_problem: 'verifier_invalid' })
    }
    temporary.delete(check.token!)
    const token = random()
    const secret = random()
    access.set(token, { consumer: check.consumer.key, secret, user: pending.user! })
    issued++
    form(res, 200, {
      oauth_token: token,
      ...(!misbehave.accessTokenWithoutSecret && { oauth_token_secret: secret }),
      screen_name: pending.user!,
    })
  })

  // Twitter's way to revoke: a POST signed with the token being invalidated (RFC 5849 defines none).
  app.post('/oauth/invalidate_token', (req, res) => {
    const check = verified(req, res, (token) => (token === undefined ? undefined : access.get(token)?.secret))
    if (!check) return
    access.delete(check.token!)
    res.json({ access_token: check.token })
  })

  app.all('/api/{*path}', (req, res) => {
    const check: VerifiedRequest | undefined = verified(req, res, (token) =>
      token === undefined ? undefined : access.get(token)?.secret,
    )
    if (!check) return
    const user = access.get(check.token!)!.user
    if (req.path === '/api/me')
      return void res.json({ screen_name: user, name: user.charAt(0).toUpperCase() + user.slice(1) })
    const type = String(req.headers['content-type'] ?? '')
    res.json({
      user,
      method: req.method,
      path: req.path,
      signatureMethod: check.signatureMethod,
      location: check.location,
      signed: check.signed,
      json: type.startsWith('application/json') ? JSON.parse(raw(req) || 'null') : undefined,
    })
  })

  const server: Server = createServer(app)
  server.listen(options.port ?? 0, '127.0.0.1')
  await once(server, 'listening')
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    requestTokenUrl: `${origin}/oauth/request_token`,
    authorizationUrl: `${origin}/oauth/authorize`,
    accessTokenUrl: `${origin}/oauth/access_token`,
    apiBaseUrl: `${origin}/api/`,
    revocationUrl: `${origin}/oauth/invalidate_token`,
    misbehave,
    rejections,
    issued: () => issued,
    temporarySecrets,
    callbacks,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
