/**
 * A small OAuth 2 provider with an API, for the recorded-calls test: it issues codes, access, refresh
 * and ID tokens, cookies and a CSRF header, and keeps every secret it issued or was sent (client
 * secrets, PKCE verifiers, Authorization headers, an app's secret in a JSON body), so the test can
 * look for each in a recording. `json-client` authenticates with HTTP Basic and gets JSON answers
 * (with a Slack-like nested `authed_user`); `form-client` posts its secret and gets form-encoded ones.
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FetchLike } from '../../src/protocol/http.js'
import { clientCredentials, s256 } from '../support/fake-provider/oauth2.js'
import { makeKey, signIdToken } from '../support/fake-provider/oidc.js'
import { readBody, startFakeServer } from '../support/fake-provider/server.js'

/** The URLs the blueprints are given: the provider's "real" origin, routed to the local server. */
export const PROVIDER = 'https://provider.test'

/** The client secrets the provider accepts during recording. */
export const CLIENT_SECRETS: Readonly<Record<string, string>> = {
  'json-client': 'json-client-secret-4f9a1c7e2b',
  'form-client': 'form-client-secret-8d3e6b0a5f',
}

/** A running provider. */
export interface RecordingProvider {
  /** Routes `https://provider.test/...` here; anything else is refused. */
  readonly fetch: FetchLike
  /** The local URL of a provider URL, for the browser. */
  route(url: string | URL): URL
  /** Every secret issued or received, as sent on the wire. */
  readonly secrets: ReadonlySet<string>
  /** Makes every access token issued so far invalid (the API answers 401 `invalid_token`). */
  expireAccessTokens(): void
  close(): Promise<void>
}

interface Grant {
  clientId: string
  challenge: string
  redirectUri: string
}

/** Starts the provider on 127.0.0.1. */
export async function startRecordingProvider(): Promise<RecordingProvider> {
  const secrets = new Set<string>()
  const grants = new Map<string, Grant>()
  const accessTokens = new Set<string>()
  const refreshTokens = new Map<string, string>()
  const key = await makeKey()
  let notes = 0
  const mint = (prefix: string) => {
    const value = `${prefix}-${randomBytes(12).toString('base64url')}`
    secrets.add(value)
    return value
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', PROVIDER)
    const body = await readBody(req)
    const authorization = req.headers.authorization
    if (authorization) {
      secrets.add(authorization)
      secrets.add(authorization.slice(authorization.indexOf(' ') + 1))
    }

    if (req.method === 'GET' && url.pathname === '/authorize') {
      const code = mint('code')
      grants.set(code, {
        clientId: url.searchParams.get('client_id') ?? '',
        challenge: url.searchParams.get('code_challenge') ?? '',
        redirectUri: url.searchParams.get('redirect_uri') ?? '',
      })
      const back = new URL(url.searchParams.get('redirect_uri') ?? '')
      back.searchParams.set('code', code)
      back.searchParams.set('state', url.searchParams.get('state') ?? '')
      res.writeHead(302, { location: back.href }).end()
      return
    }

    if (req.method === 'POST' && (url.pathname === '/token' || url.pathname === '/revoke')) {
      const form = new URLSearchParams(body)
      for (const name of ['client_secret', 'code_verifier', 'code', 'refresh_token', 'token']) {
        const value = form.get(name)
        if (value) secrets.add(value)
      }
      const client = clientCredentials(authorization, form)
      if (!client.id || CLIENT_SECRETS[client.id] !== client.secret) {
        return send(res, 401, 'application/json', JSON.stringify({ error: 'invalid_client' }))
      }
      if (url.pathname === '/revoke') return void res.writeHead(200).end()
      const clientId = client.id
      if (form.get('grant_type') === 'authorization_code') {
        const grant = grants.get(form.get('code') ?? '')
        grants.delete(form.get('code') ?? '')
        if (
          !grant ||
          grant.clientId !== clientId ||
          grant.redirectUri !== form.get('redirect_uri') ||
          s256(form.get('code_verifier') ?? '') !== grant.challenge
        ) {
          return send(res, 400, 'application/json', JSON.stringify({ error: 'invalid_grant' }))
        }
        return answerTokens(res, clientId)
      }
      if (form.get('grant_type') === 'refresh_token') {
        const refresh = form.get('refresh_token') ?? ''
        if (refreshTokens.get(refresh) !== clientId) {
          return send(res, 400, 'application/json', JSON.stringify({ error: 'invalid_grant' }))
        }
        refreshTokens.delete(refresh)
        return answerTokens(res, clientId)
      }
      return send(res, 400, 'application/json', JSON.stringify({ error: 'unsupported_grant_type' }))
    }

    // The API: a Bearer token it issued and has not expired.
    const bearer = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1]
    if (!bearer || !accessTokens.has(bearer)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"', 'content-type': 'text/plain' })
      res.end('invalid token')
      return
    }
    const headers = {
      'content-type': 'application/json',
      'set-cookie': [`api_session=${mint('cookie')}; Path=/; HttpOnly`],
      'x-csrf-token': mint('csrf'),
      'x-ratelimit-remaining': '4999',
    }
    if (req.method === 'GET' && url.pathname === '/api/me') {
      res.writeHead(200, headers).end(JSON.stringify({ login: 'octocat', id: 1, plan: { name: 'pro' } }))
      return
    }
    if (req.method === 'POST' && url.pathname === '/api/notes') {
      const note = JSON.parse(body) as { text: string; api_secret?: string }
      if (note.api_secret) secrets.add(note.api_secret)
      notes += 1
      res.writeHead(201, headers).end(JSON.stringify({ id: notes, text: note.text }))
      return
    }
    send(res, 404, 'application/json', JSON.stringify({ message: 'Not Found' }))
  }

  async function answerTokens(res: ServerResponse, clientId: string): Promise<void> {
    const access = mint('at')
    const refresh = mint('rt')
    accessTokens.add(access)
    refreshTokens.set(refresh, clientId)
    const cookie = `provider_session=${mint('cookie')}; Path=/; Secure; HttpOnly`
    if (clientId === 'form-client') {
      res.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded', 'set-cookie': cookie })
      res.end(`access_token=${access}&refresh_token=${refresh}&token_type=bearer&scope=read`)
      return
    }
    const now = Math.floor(Date.now() / 1000)
    const idToken = await signIdToken(
      // A fresh jti: two ID tokens of one second would otherwise be the same token.
      {
        iss: PROVIDER,
        sub: 'user-1',
        aud: clientId,
        iat: now,
        exp: now + 300,
        jti: randomBytes(8).toString('hex'),
      },
      key,
    )
    secrets.add(idToken)
    const answer = {
      access_token: access,
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: refresh,
      id_token: idToken,
      scope: 'read write',
      authed_user: { id: 'U1', access_token: mint('xoxp'), refresh_token: mint('xoxe') },
    }
    res.writeHead(200, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'set-cookie': cookie,
    })
    // Pretty-printed, as some providers answer: the recording must keep these bytes.
    res.end(JSON.stringify(answer, null, 2))
  }

  const server = await startFakeServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, 'text/plain', String(error))
    })
  })
  const route = (input: string | URL): URL => {
    const url = new URL(input)
    if (url.origin !== PROVIDER) throw new Error(`not the provider: ${url.origin}`)
    return new URL(`${server.origin}${url.pathname}${url.search}`)
  }
  return {
    fetch: (input, init) => fetch(route(input instanceof Request ? input.url : input), init),
    route,
    secrets,
    expireAccessTokens: () => accessTokens.clear(),
    close: () => server.close(),
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  if (res.headersSent) return
  res.writeHead(status, { 'content-type': type }).end(body)
}
