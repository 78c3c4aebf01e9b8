/**
 * A small OAuth 2 provider on 127.0.0.1 that behaves by default and can be made to misbehave at every
 * step: it can change or drop `state`, `code` and `iss` in its redirect, or add `error`; its token
 * endpoint can answer any status, headers and raw body, slowly, never, with a reset connection, a
 * redirect or a huge body. It records every request, so tests can assert nothing was called after a
 * failure. It also serves `/api/me`, which says whose token was presented.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { type Misbehaviour, misbehave } from './fake-provider/faults.js'
import { clientCredentials, randomToken as random, s256 } from './fake-provider/oauth2.js'
import {
  delay,
  sendJson as json,
  type RecordedRequest,
  recordRequest,
  startFakeServer,
} from './fake-provider/server.js'

export type { RecordedRequest } from './fake-provider/server.js'

/** How the token endpoint answers; `ok` is the conforming default. */
export type TokenAnswer = { kind: 'ok'; delayMs?: number; extra?: Record<string, unknown> } | Misbehaviour

/** Rewrites the callback parameters the authorization endpoint sends back (state, code, iss, error...). */
export type CallbackRewrite = (params: URLSearchParams) => void

/** Options of {@link startEvilProvider}. */
export interface EvilProviderOptions {
  clientId?: string
  clientSecret?: string
  /** Send the RFC 9207 `iss` parameter in the callback (default true). */
  sendIss?: boolean
  /** Access token lifetime in seconds (default 3600). */
  expiresIn?: number
}

/** A running evil provider. */
export interface EvilProvider {
  readonly origin: string
  /** The issuer identifier (the origin). */
  readonly issuer: string
  readonly authorizationUrl: string
  readonly tokenUrl: string
  readonly apiBaseUrl: string
  readonly clientId: string
  readonly clientSecret: string
  /** Every request received, in order. */
  readonly requests: RecordedRequest[]
  /** Access token → the user it was issued to. */
  readonly issued: Map<string, string>
  /** Every secret value this provider handed out or received (codes, verifiers, tokens, the secret). */
  readonly secrets: Set<string>
  /** Applied to each callback's parameters; undefined sends them as a conforming provider would. */
  rewriteCallback: CallbackRewrite | undefined
  /** How the token endpoint answers; reset to `ok` by {@link EvilProvider.reset}. */
  tokenAnswer: TokenAnswer
  /** Answer the authorization request with a consent page linking (`#continue`) to the callback. */
  consentPage: boolean
  /** Requests to the token endpoint so far. */
  tokenRequests(): RecordedRequest[]
  /**
   * Plays the browser at the authorization endpoint: `authorizationUrl` (the `Location` our login route
   * answered) is fetched as `user`, and the callback URL the provider redirects to is returned.
   */
  authorize(authorizationUrl: string, user?: string): Promise<URL>
  /** Clears the record and restores good behaviour. */
  reset(): void
  /** Closes idle keep-alive connections (memory measurements want no pooled sockets). */
  closeIdleConnections(): void
  close(): Promise<void>
}

interface PendingCode {
  user: string
  clientId: string
  redirectUri: string
  challenge: string | undefined
  used: boolean
}

/** Starts an evil provider on a free port of 127.0.0.1. */
export async function startEvilProvider(options: EvilProviderOptions = {}): Promise<EvilProvider> {
  const clientId = options.clientId ?? 'evil-client'
  const clientSecret = options.clientSecret ?? `client-secret-${random()}`
  const codes = new Map<string, PendingCode>()
  const refreshTokens = new Map<string, string>()
  const server = await startFakeServer((req, res) => {
    void (async () => {
      const request = await recordRequest(req, origin)
      provider.requests.push(request)
      if (request.path === '/authorize' && request.method === 'GET') return authorizeEndpoint(request, res)
      if (request.path === '/token' && request.method === 'POST') return tokenEndpoint(request, res, req)
      if (request.path === '/api/me') return apiEndpoint(request, res)
      json(res, 404, { error: 'not_found' })
    })().catch(() => res.destroy())
  })
  const origin = server.origin

  const provider: EvilProvider = {
    origin,
    issuer: origin,
    authorizationUrl: `${origin}/authorize`,
    tokenUrl: `${origin}/token`,
    apiBaseUrl: `${origin}/api/`,
    clientId,
    clientSecret,
    requests: [],
    issued: new Map(),
    secrets: new Set([clientSecret]),
    rewriteCallback: undefined,
    tokenAnswer: { kind: 'ok' },
    consentPage: false,
    tokenRequests: () => provider.requests.filter((r) => r.path === '/token'),
    async authorize(authorizationUrl, user = 'alice') {
      const url = new URL(authorizationUrl)
      url.searchParams.set('user', user)
      const response = await fetch(url, { redirect: 'manual' })
      await response.body?.cancel()
      const location = response.headers.get('location')
      if (response.status !== 302 || !location) throw new Error(`authorize answered ${response.status}`)
      return new URL(location)
    },
    reset() {
      provider.requests.length = 0
      provider.rewriteCallback = undefined
      provider.tokenAnswer = { kind: 'ok' }
      provider.consentPage = false
    },
    closeIdleConnections: () => server.closeIdleConnections(),
    close: () => server.close(),
  }

  const issueTokens = (user: string, extra: Record<string, unknown> = {}) => {
    const accessToken = `at-${user}-${random()}`
    const refreshToken = `rt-${user}-${random()}`
    provider.issued.set(accessToken, user)
    refreshTokens.set(refreshToken, user)
    provider.secrets.add(accessToken).add(refreshToken)
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: options.expiresIn ?? 3600,
      refresh_token: refreshToken,
      scope: 'read',
      ...extra,
    }
  }

  const tokenEndpoint = async (request: RecordedRequest, res: ServerResponse, req: IncomingMessage) => {
    const answer = provider.tokenAnswer
    if (answer.kind !== 'ok') return misbehave(answer, req, res, origin)
    await delay(answer.delayMs)
    const result = grant(request)
    if ('error' in result) return json(res, 400, result)
    return json(res, 200, { ...result, ...answer.extra })
  }

  const grant = (request: RecordedRequest): Record<string, unknown> => {
    const form = new URLSearchParams(request.body)
    const { id, secret } = clientCredentials(request.headers.authorization, form)
    if (id !== clientId || secret !== clientSecret) return { error: 'invalid_client' }
    if (form.get('grant_type') === 'refresh_token') {
      const presented = form.get('refresh_token') ?? ''
      provider.secrets.add(presented)
      const user = refreshTokens.get(presented)
      if (!user) return { error: 'invalid_grant' }
      refreshTokens.delete(presented)
      return issueTokens(user)
    }
    const code = codes.get(form.get('code') ?? '')
    const verifier = form.get('code_verifier') ?? ''
    if (verifier) provider.secrets.add(verifier)
    if (!code || code.used || form.get('grant_type') !== 'authorization_code')
      return { error: 'invalid_grant' }
    code.used = true
    codes.delete(form.get('code') ?? '')
    if (code.redirectUri !== form.get('redirect_uri')) return { error: 'invalid_grant' }
    if (code.challenge !== undefined && code.challenge !== s256(verifier)) return { error: 'invalid_grant' }
    return issueTokens(code.user)
  }

  const authorizeEndpoint = (request: RecordedRequest, res: ServerResponse) => {
    const q = request.query
    const redirectUri = q.get('redirect_uri') ?? ''
    if (q.get('client_id') !== clientId || !URL.canParse(redirectUri))
      return json(res, 400, { error: 'invalid_request' })
    const code = `code-${random()}`
    provider.secrets.add(code)
    codes.set(code, {
      user: q.get('user') ?? 'alice',
      clientId,
      redirectUri,
      challenge:
        q.get('code_challenge_method') === 'S256' ? (q.get('code_challenge') ?? undefined) : undefined,
      used: false,
    })
    const params = new URLSearchParams({ code })
    const state = q.get('state')
    if (state !== null) params.set('state', state)
    if (options.sendIss ?? true) params.set('iss', origin)
    provider.rewriteCallback?.(params)
    const target = new URL(redirectUri)
    for (const [name, value] of params) target.searchParams.append(name, value)
    if (provider.consentPage) {
      const href = target.href.replace(/&/g, '&amp;').replace(/"/g, '&quot;')
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(`<!doctype html><title>consent</title><a id="continue" href="${href}">Continue</a>`)
      return
    }
    res.writeHead(302, { location: target.href })
    res.end()
  }

  const apiEndpoint = (request: RecordedRequest, res: ServerResponse) => {
    const token = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1]
    const user = token === undefined ? undefined : provider.issued.get(token)
    if (!user) {
      res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' })
      res.end()
      return
    }
    return json(res, 200, { user })
  }

  return provider
}
