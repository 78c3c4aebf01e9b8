/**
 * Test support for the refresh suite: a resource server that checks access tokens against the real
 * oidc-provider, a counter of refresh grants the provider handled, a stand-in provider that can be
 * made to misbehave, and an Express app wired with the guard.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Request as ExpressRequest, Response as ExpressResponse, NextFunction } from 'express'
import { authorizationRequired, dance, reauthRedirect } from '../../src/adapters/express.js'
import type { Blueprint } from '../../src/consumer/blueprint.js'
import { isDanceError } from '../../src/errors.js'
import { type FakeServer, startFakeServer } from '../support/fake-provider/server.js'
import type { OidcProviderHandle } from '../support/oidc-provider.js'

/** A listening server with an origin and a close that ends open connections too. */
export type Listening = FakeServer

/** Starts `handler` on 127.0.0.1:0. */
export function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Listening> {
  return startFakeServer(handler)
}

/** A resource server: 200 `{ sub }` for an access token oidc-provider knows, else 401 `invalid_token`. */
export async function startResourceServer(
  op: OidcProviderHandle,
): Promise<Listening & { requests(): number }> {
  let requests = 0
  const server = await listen((req, res) => {
    requests++
    const value = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    void (value ? op.provider.AccessToken.find(value) : Promise.resolve(undefined)).then((token) => {
      if (!token || token.isExpired) {
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end()
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sub: token.accountId }))
    })
  })
  return { ...server, requests: () => requests }
}

/** Counts the refresh token grants oidc-provider answered, successful or not. */
export function countRefreshGrants(op: OidcProviderHandle): { ok: number; failed: number; total(): number } {
  const counts = { ok: 0, failed: 0, total: () => counts.ok + counts.failed }
  type Ctx = { oidc?: { params?: { grant_type?: unknown } } }
  const isRefresh = (ctx: Ctx) => ctx.oidc?.params?.grant_type === 'refresh_token'
  op.provider.on('grant.success', (ctx: Ctx) => {
    if (isRefresh(ctx)) counts.ok++
  })
  op.provider.on('grant.error', (ctx: Ctx) => {
    if (isRefresh(ctx)) counts.failed++
  })
  return counts
}

/** How the stand-in provider answers its token and revocation endpoints. */
export type StandInMode = 'ok' | 'ok-without-refresh-token' | '503' | 'hang' | 'reset' | 'invalid_grant'

/** What the stand-in provider received at its token endpoint. */
export interface StandInGrant {
  grantType: string | null
  refreshToken: string | null
}

/**
 * A small provider that can misbehave: `/token` (refresh grants) and `/revoke` answer per `mode`,
 * `/api/me` accepts the access tokens it issued (and `extraValid` ones).
 */
export async function startStandInProvider(): Promise<
  Listening & {
    mode: StandInMode
    revokeMode: 'ok' | '503'
    idToken: ((n: number) => string) | undefined
    grants: StandInGrant[]
    revocations: string[]
    apiRequests: number
    valid: Set<string>
    /** Milliseconds the token endpoint waits before answering (a slow provider). */
    delayMs: number
  }
> {
  let issued = 0
  const state = {
    mode: 'ok' as StandInMode,
    revokeMode: 'ok' as 'ok' | '503',
    idToken: undefined as ((n: number) => string) | undefined,
    grants: [] as StandInGrant[],
    revocations: [] as string[],
    apiRequests: 0,
    valid: new Set<string>(),
    delayMs: 0,
  }
  const server = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/api/me') {
      state.apiRequests++
      const value = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
      if (value && state.valid.has(value)) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"sub":"alice"}')
      } else {
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end()
      }
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
      if (url.pathname === '/revoke') {
        state.revocations.push(body.get('token') ?? '')
        if (state.revokeMode === '503')
          res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>down</h1>')
        else res.writeHead(200).end()
        return
      }
      state.grants.push({ grantType: body.get('grant_type'), refreshToken: body.get('refresh_token') })
      if (state.delayMs > 0) {
        setTimeout(() => answer(), state.delayMs)
        return
      }
      answer()
    })
    const answer = () => {
      switch (state.mode) {
        case 'hang':
          return
        case 'reset':
          req.socket.destroy()
          return
        case '503':
          res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>Service Unavailable</h1>')
          return
        case 'invalid_grant':
          res
            .writeHead(400, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: 'invalid_grant' }))
          return
        default: {
          issued++
          const accessToken = `stand-in-at-${issued}`
          state.valid.add(accessToken)
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(
            JSON.stringify({
              access_token: accessToken,
              token_type: 'Bearer',
              expires_in: 3600,
              ...(state.mode === 'ok' && { refresh_token: `stand-in-rt-${issued}` }),
              ...(state.idToken && { id_token: state.idToken(issued) }),
            }),
          )
        }
      }
    }
  })
  return Object.assign(state, server)
}

/**
 * Mounts the blueprint, `GET /api/me` (calls the provider API through the client), a guarded
 * `GET /guarded`, `POST /logout` (revoke), `GET /token` (what this request sees) and the error handlers.
 */
export function mountRefreshRoutes(
  app: import('express').Express,
  blueprint: Blueprint,
  apiPath = '/me',
): void {
  // Like most apps, write to the session on every request, so every request saves its session copy.
  app.use((req, _res, next) => {
    const session = (req as unknown as { session?: Record<string, unknown> }).session
    if (session) session.seen = Date.now()
    // `x-delay: <ms>` holds a request after its session was read: it then needs a refresh that
    // another request has already finished, the race session storage is prone to.
    const delay = Number(req.headers['x-delay'] ?? 0)
    if (delay > 0) setTimeout(next, delay)
    else next()
  })
  app.use(dance(blueprint))
  app.get('/api/me', async (_req, res) => {
    const response = await blueprint.client.get(apiPath)
    res.status(response.status).json(response.ok ? await response.json() : null)
  })
  app.get('/guarded', authorizationRequired(blueprint.client), (_req, res) => {
    res.send('inside')
  })
  app.post('/logout', async (_req, res) => {
    const result = await blueprint.client.revoke()
    res.json({ revoked: result.revoked, reason: 'reason' in result ? result.reason : undefined })
  })
  app.post('/expire', async (_req, res) => {
    const token = await blueprint.client.token()
    if (token) await blueprint.client.setToken({ ...token, expires_at: Math.floor(Date.now() / 1000) - 5 })
    res.status(204).end()
  })
  app.get('/token', async (_req, res) => {
    res.json((await blueprint.client.token()) ?? null)
  })
  app.use(reauthRedirect())
  app.use((error: unknown, _req: ExpressRequest, res: ExpressResponse, _next: NextFunction) => {
    res
      .status(isDanceError(error) ? error.status : 500)
      .json({ code: isDanceError(error) ? error.code : 'unknown' })
  })
}

/** A compact JWS with the given claims and no real signature (oauth4webapi skips it on token responses). */
export function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`
}
