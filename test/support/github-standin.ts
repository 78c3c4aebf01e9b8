/**
 * A stand-in for github.com and api.github.com that behaves as GitHub's documentation says, served
 * over https on 127.0.0.1 (route the real host names to it with `routeHostsTo`):
 *
 * - `GET /login/oauth/authorize` approves at once and redirects to `redirect_uri` with `code` and `state`;
 * - `POST /login/oauth/access_token` answers `application/x-www-form-urlencoded` unless the request
 *   accepts `application/json`; errors (`bad_verification_code`, `incorrect_client_credentials`,
 *   `redirect_uri_mismatch`) come back with HTTP 200; PKCE S256 is checked when a challenge was sent;
 * - `GET /user` on api.github.com answers the user for a valid `Bearer` (or `token`) credential and
 *   401 otherwise.
 *
 * @see https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
 * @see https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors
 * @see https://docs.github.com/en/rest/users/users#get-the-authenticated-user
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { basicCredentials, s256 } from './fake-provider/oauth2.js'
import { readBody, startFakeServer } from './fake-provider/server.js'
import type { TestCertificate } from './tls-cert.js'

/** The host names the stand-in answers for. */
export const GITHUB_HOSTS = ['github.com', 'api.github.com'] as const

/** Token endpoint errors GitHub documents (all sent with HTTP 200). */
export type GithubTokenError =
  | 'bad_verification_code'
  | 'incorrect_client_credentials'
  | 'redirect_uri_mismatch'

interface PendingCode {
  clientId: string
  redirectUri: string | undefined
  scope: string
  challenge: string | undefined
  login: string
}

/** A running stand-in; its switches change how the next requests are answered. */
export interface GithubStandin {
  port: number
  server: Server
  /** The user logins are approved as. */
  login: string
  /** Answer the next token request with this error (HTTP 200), then clear it. */
  nextTokenError: GithubTokenError | undefined
  /** Answer form-encoded even when JSON is asked for (to exercise the form parser). */
  alwaysFormEncoded: boolean
  /** Access tokens issued, by token. */
  readonly tokens: Map<string, string>
  /** `Accept` headers and body parameter names of the token requests received. */
  readonly tokenRequests: Array<{ accept: string | undefined; params: string[] }>
  /** Authorization headers' schemes seen on `GET /user`, and the API version header. */
  readonly apiRequests: Array<{
    authorized: boolean
    apiVersion: string | undefined
    accept: string | undefined
  }>
  close(): Promise<void>
}

const DOCS =
  'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors'
const DESCRIPTIONS: Record<GithubTokenError, string> = {
  bad_verification_code: 'The code passed is incorrect or expired.',
  incorrect_client_credentials: 'The client_id and/or client_secret passed are incorrect.',
  redirect_uri_mismatch: 'The redirect_uri MUST match the registered callback URL for this application.',
}

/** Starts the stand-in with one registered OAuth app. */
export async function startGithubStandin(options: {
  certificate: TestCertificate
  clientId: string
  clientSecret: string
  login?: string
}): Promise<GithubStandin> {
  const codes = new Map<string, PendingCode>()
  // Requests reach the handlers below only after this function returned the port.
  const fake = await startFakeServer(
    (req, res) => {
      void (async () => {
        const host = (req.headers.host ?? '').replace(/:\d+$/, '')
        const url = new URL(req.url ?? '/', `https://${host}`)
        if (host === 'github.com' && req.method === 'GET' && url.pathname === '/login/oauth/authorize') {
          return authorize(url, res)
        }
        if (host === 'github.com' && req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
          return accessToken(req, new URLSearchParams(await readBody(req)), res)
        }
        if (host === 'api.github.com' && req.method === 'GET' && url.pathname === '/user')
          return user(req, res)
        sendJson(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })
      })().catch(() => res.writeHead(500).end())
    },
    { tls: options.certificate },
  )
  const standin: GithubStandin = {
    port: fake.port,
    server: fake.server,
    login: options.login ?? 'octocat',
    nextTokenError: undefined,
    alwaysFormEncoded: false,
    tokens: new Map(),
    tokenRequests: [],
    apiRequests: [],
    close: () => fake.close(),
  }

  const authorize = (url: URL, res: ServerResponse) => {
    const clientId = url.searchParams.get('client_id')
    if (clientId !== options.clientId) return send(res, 404, 'text/html', '<h1>404 Not Found</h1>')
    const redirectUri = url.searchParams.get('redirect_uri') ?? undefined
    // GitHub lets loopback callbacks use any port; anything else must match the app's settings.
    if (redirectUri !== undefined && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(redirectUri)) {
      return send(res, 400, 'text/html', '<h1>redirect_uri is not associated with this application</h1>')
    }
    const code = randomBytes(10).toString('hex')
    const method = url.searchParams.get('code_challenge_method')
    const challenge = url.searchParams.get('code_challenge') ?? undefined
    if (challenge !== undefined && method !== 'S256') return send(res, 400, 'text/html', 'S256 only')
    codes.set(code, {
      clientId,
      redirectUri,
      scope: (url.searchParams.get('scope') ?? '')
        .split(/[\s,]+/)
        .filter(Boolean)
        .join(','),
      challenge,
      login: standin.login,
    })
    const target = new URL(redirectUri ?? 'http://127.0.0.1/')
    target.searchParams.set('code', code)
    const state = url.searchParams.get('state')
    if (state !== null) target.searchParams.set('state', state)
    res.writeHead(302, { location: target.href }).end()
  }

  const accessToken = (req: IncomingMessage, body: URLSearchParams, res: ServerResponse) => {
    const accept = req.headers.accept
    standin.tokenRequests.push({ accept, params: [...body.keys()].sort() })
    const json = !standin.alwaysFormEncoded && /application\/json/.test(accept ?? '')
    const answer = (fields: Record<string, string>) =>
      json
        ? send(res, 200, 'application/json; charset=utf-8', JSON.stringify(fields))
        : send(
            res,
            200,
            'application/x-www-form-urlencoded; charset=utf-8',
            new URLSearchParams(fields).toString(),
          )
    const fail = (error: GithubTokenError) =>
      answer({
        error,
        error_description: DESCRIPTIONS[error],
        error_uri: `${DOCS}#${error.replaceAll('_', '-')}`,
      })

    if (standin.nextTokenError) {
      const error = standin.nextTokenError
      standin.nextTokenError = undefined
      return fail(error)
    }
    const basic = basicCredentials(req.headers.authorization)
    const clientId = body.get('client_id') ?? basic?.id
    const clientSecret = body.get('client_secret') ?? basic?.secret
    if (clientId !== options.clientId || clientSecret !== options.clientSecret) {
      return fail('incorrect_client_credentials')
    }
    const code = body.get('code') ?? ''
    const pending = codes.get(code)
    codes.delete(code) // single use, whatever happens next
    if (!pending || pending.clientId !== clientId) return fail('bad_verification_code')
    if (pending.redirectUri !== undefined && body.get('redirect_uri') !== pending.redirectUri) {
      return fail('redirect_uri_mismatch')
    }
    if (pending.challenge !== undefined) {
      const verifier = body.get('code_verifier') ?? ''
      if (s256(verifier) !== pending.challenge) {
        return fail('bad_verification_code')
      }
    }
    const token = `gho_${randomBytes(18).toString('base64url')}`
    standin.tokens.set(token, pending.login)
    answer({ access_token: token, scope: pending.scope, token_type: 'bearer' })
  }

  const user = (req: IncomingMessage, res: ServerResponse) => {
    const match = /^(?:bearer|token) (\S+)$/i.exec(req.headers.authorization ?? '')
    const login = match ? standin.tokens.get(match[1]!) : undefined
    standin.apiRequests.push({
      authorized: login !== undefined,
      apiVersion: header(req, 'x-github-api-version'),
      accept: req.headers.accept,
    })
    const docs = 'https://docs.github.com/rest/users/users#get-the-authenticated-user'
    if (!match)
      return sendJson(res, 401, {
        message: 'Requires authentication',
        documentation_url: docs,
        status: '401',
      })
    if (login === undefined) {
      return sendJson(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      })
    }
    sendJson(res, 200, {
      login,
      id: 1,
      type: 'User',
      name: 'The Octocat',
      html_url: `https://github.com/${login}`,
    })
  }

  return standin
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) }).end(body)
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body))
}
