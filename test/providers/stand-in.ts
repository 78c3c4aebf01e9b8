/**
 * One local stand-in for every OAuth 2 provider the presets name. A routing `fetch` sends each real
 * `https://<host>/<path>` to `http://127.0.0.1:<port>/<host>/<path>`, so presets keep their real
 * endpoints and the stand-in sees exactly which host and path they used. Each request is matched to
 * a {@link ProviderSpec} (by client id, or by the token it carries) and checked against what that
 * provider documents: endpoint, client authentication, parameters, API authentication and headers.
 * It answers in the provider's documented shape, so a wrong endpoint or quirk fails a test.
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FetchLike } from '../../src/protocol/http.js'
import { basicCredentials, s256 } from '../support/fake-provider/oauth2.js'
import { readBody, startFakeServer } from '../support/fake-provider/server.js'
import type { ProviderSpec, TokenSet } from './specs.js'

/** What the stand-in remembers of an authorization, until its code is exchanged. */
interface Grant {
  spec: ProviderSpec
  redirectUri: string
  challenge: string | null
  scope: string | null
  state: string
}

/** A running stand-in. */
export interface StandIn {
  origin: string
  /** A fetch that routes `https://host/path` to the stand-in and everything else to the real fetch. */
  fetch: FetchLike
  /** The stand-in URL for a provider URL (for the browser following the authorization redirect). */
  route(url: string | URL): URL
  /** Requests that failed a check, with why (for assertion messages). */
  readonly failures: string[]
  /** Revocation requests that passed the checks, by blueprint name. */
  readonly revoked: Set<string>
  close(): Promise<void>
}

/** Starts the stand-in for the given specs (one per blueprint name). */
export async function startStandIn(specs: readonly ProviderSpec[]): Promise<StandIn> {
  const byClientId = new Map(specs.map((s) => [clientIdOf(s), s]))
  const grants = new Map<string, Grant>()
  const accessTokens = new Map<string, ProviderSpec>()
  const refreshTokens = new Map<string, ProviderSpec>()
  /** The authorization state each refresh token descends from, for providers that want it back. */
  const refreshStates = new Map<string, string>()
  const failures: string[] = []
  const revoked = new Set<string>()
  let counter = 0

  const issue = (spec: ProviderSpec): TokenSet => {
    counter += 1
    const access = `at-${spec.name}-${counter}-${randomBytes(6).toString('hex')}`
    const refresh = `rt-${spec.name}-${counter}-${randomBytes(6).toString('hex')}`
    accessTokens.set(access, spec)
    refreshTokens.set(refresh, spec)
    return { access, refresh }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const local = new URL(req.url ?? '/', 'http://stand-in')
    const slash = local.pathname.indexOf('/', 1)
    const host = local.pathname.slice(1, slash === -1 ? undefined : slash)
    const url = new URL(`https://${host}${slash === -1 ? '/' : local.pathname.slice(slash)}${local.search}`)
    const endpoint = `${url.origin}${url.pathname}`
    const body = await readBody(req)
    const jsonRequest = req.headers['content-type']?.includes('json') ?? false
    // A JSON object body counts as parameters too (Zendesk's token endpoint reads JSON).
    const posted = jsonRequest ? jsonParams(body) : new URLSearchParams(body)
    // A token request with its parameters in the query (ClickUp) rather than the body.
    const inQuery = req.method === 'POST' && !posted.has('grant_type') && url.searchParams.has('grant_type')
    const form = inQuery ? url.searchParams : posted
    const fail = (spec: ProviderSpec | undefined, why: string, status = 400) => {
      failures.push(`${spec?.name ?? '?'}: ${why}`)
      send(res, status, { error: 'invalid_request', error_description: why })
    }

    // Authorization endpoint: the browser arrives here with the query the preset built.
    if (req.method === 'GET' && url.searchParams.get('response_type') === 'code') {
      const spec = specByClientId(url.searchParams)
      if (!spec) return fail(undefined, `authorize: unknown client in ${endpoint}`)
      if (endpoint !== spec.authorize) return fail(spec, `authorize: ${endpoint} is not ${spec.authorize}`)
      const redirectUri = url.searchParams.get('redirect_uri') ?? ''
      const code = `code-${randomBytes(8).toString('hex')}`
      grants.set(code, {
        spec,
        redirectUri,
        challenge: url.searchParams.get('code_challenge'),
        scope: url.searchParams.get('scope'),
        state: url.searchParams.get('state') ?? '',
      })
      const back = new URL(redirectUri)
      back.searchParams.set('code', code)
      back.searchParams.set('state', url.searchParams.get('state') ?? '')
      for (const [k, v] of Object.entries(spec.callbackExtras ?? {})) back.searchParams.set(k, v)
      res.writeHead(302, { location: back.href }).end()
      return
    }

    // Token endpoint (code and refresh grants).
    if (
      req.method === 'POST' &&
      (form.get('grant_type') === 'authorization_code' || form.get('grant_type') === 'refresh_token')
    ) {
      const client = clientCredentials(req, form)
      const spec = client.id === undefined ? undefined : byClientId.get(client.id)
      if (!spec) return fail(undefined, `token: unknown client at ${endpoint}`, 401)
      const grantType = form.get('grant_type')
      const expected = grantType === 'refresh_token' ? (spec.refreshUrl ?? spec.token) : spec.token
      if (endpoint !== expected) return fail(spec, `token: ${endpoint} is not ${expected}`)
      if (jsonRequest !== (spec.tokenRequestJson ?? false)) {
        return fail(spec, `token: parameters expected as ${spec.tokenRequestJson ? 'JSON' : 'a form'}`)
      }
      if (inQuery !== (spec.tokenParamsInQuery ?? false)) {
        return fail(spec, `token: parameters expected in the ${spec.tokenParamsInQuery ? 'query' : 'body'}`)
      }
      const authProblem = checkClientAuth(spec, client)
      if (authProblem) return fail(spec, `token: ${authProblem}`, 401)
      const headerProblem = checkHeaders(req, spec.backChannelHeaders)
      if (headerProblem) return fail(spec, `token (${grantType}): ${headerProblem}`)
      for (const [k, v] of Object.entries(spec.tokenParams ?? {})) {
        if (form.get(k) !== v) return fail(spec, `token: parameter ${k} must be ${v}`)
      }
      if (grantType === 'authorization_code') {
        for (const [k, v] of Object.entries(spec.codeParams ?? {})) {
          if (form.get(k) !== v) return fail(spec, `token: parameter ${k} must be ${v ?? 'absent'}`)
        }
      }
      if (grantType === 'refresh_token') {
        const refresh = form.get('refresh_token') ?? ''
        if (refreshTokens.get(refresh) !== spec) return fail(spec, 'token: unknown refresh token')
        const loginState = refreshStates.get(refresh)
        if (spec.stateInTokenRequests && form.get('state') !== loginState)
          return fail(spec, 'token (refresh): state is not the login state')
        refreshTokens.delete(refresh)
        const tokens = issue(spec)
        if (loginState !== undefined) refreshStates.set(tokens.refresh, loginState)
        return answerToken(res, spec, tokens)
      }
      const grant = grants.get(form.get('code') ?? '')
      grants.delete(form.get('code') ?? '')
      if (!grant || grant.spec !== spec)
        return spec.tokenError ? answerError(res, spec) : fail(spec, 'token: bad code')
      if (form.get('redirect_uri') !== grant.redirectUri) return fail(spec, 'token: redirect_uri differs')
      if (spec.stateInTokenRequests && form.get('state') !== grant.state)
        return fail(spec, 'token: state is not the authorization state')
      const verifier = form.get('code_verifier')
      if (grant.challenge !== null) {
        const computed = s256(verifier ?? '')
        if (computed !== grant.challenge) return fail(spec, 'token: PKCE verifier does not match')
      }
      const tokens = issue(spec)
      if (spec.stateInTokenRequests) refreshStates.set(tokens.refresh, grant.state)
      return answerToken(res, spec, tokens)
    }

    // Revocation endpoint (RFC 7009 form body, or where the provider documents it: JSON, the query).
    if (req.method === 'POST' && isRevocation(endpoint)) {
      const jsonBody = req.headers['content-type']?.includes('json') ? jsonParams(body) : undefined
      const params = jsonBody ?? posted
      const client = clientCredentials(req, params)
      // A revocation authorized by the token it revokes names no client: the bearer token says whose.
      const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]
      const spec =
        client.id !== undefined
          ? byClientId.get(client.id)
          : bearer === undefined
            ? undefined
            : accessTokens.get(bearer)
      if (!spec || spec.revocation !== endpoint) return fail(spec, `revoke: unexpected ${endpoint}`)
      const authProblem =
        spec.revocationClientAuth === 'bearer'
          ? client.id !== undefined || client.secret !== undefined
            ? 'sent client credentials, the provider authorizes revocation by the revoked token'
            : undefined
          : checkClientAuth(spec, client, spec.revocationClientAuth)
      if (authProblem) return fail(spec, `revoke: ${authProblem}`, 401)
      const headerProblem = checkHeaders(req, { ...spec.backChannelHeaders, ...spec.revocationHeaders })
      if (headerProblem) return fail(spec, `revoke: ${headerProblem}`)
      const where = spec.revocationParams ?? 'form'
      const carrier = where === 'query' ? url.searchParams : where === 'json' ? jsonBody : posted
      const token = carrier?.get(spec.revocationTokenParam ?? 'token')
      if (!token) return fail(spec, `revoke: no token in the ${where === 'form' ? 'form body' : where}`)
      if (spec.revocationClientAuth === 'bearer' && bearer !== token)
        return fail(spec, 'revoke: expected the revoked token as the bearer header', 401)
      const kind = accessTokens.has(token) ? 'access' : refreshTokens.has(token) ? 'refresh' : undefined
      if (!kind) return fail(spec, 'revoke: unknown token')
      if (spec.revokes && kind !== spec.revokes)
        return fail(spec, `revoke: sent the ${kind} token, the provider revokes the ${spec.revokes} token`)
      revoked.add(spec.name)
      res.writeHead(200).end()
      return
    }

    // The API: find whose token this is, then check the provider's documented way of sending it.
    const presented = findToken(req, url, form)
    const spec = presented === undefined ? undefined : accessTokens.get(presented.token)
    if (!spec || !presented) return fail(undefined, `api: no known token on ${req.method} ${endpoint}`, 401)
    const api = spec.api
    if (req.method !== api.method || endpoint !== api.url) {
      return fail(spec, `api: ${req.method} ${endpoint} is not ${api.method} ${api.url}`, 404)
    }
    if (
      presented.where !== api.auth.where ||
      presented.name !== api.auth.name ||
      presented.prefix !== (api.auth.prefix ?? '')
    ) {
      return fail(
        spec,
        `api: token sent as ${presented.where} ${presented.name} "${presented.prefix}…", expected ${api.auth.where} ${api.auth.name} "${api.auth.prefix ?? ''}…"`,
        401,
      )
    }
    for (const [name, value] of Object.entries({ ...spec.backChannelHeaders, ...api.headers })) {
      const got = req.headers[name]
      if (got !== value.replace('{client_id}', clientIdOf(spec)))
        return fail(spec, `api: header ${name} is ${String(got)}, expected ${value}`)
    }
    if (api.body !== undefined && body !== JSON.stringify(api.body))
      return fail(spec, `api: body ${body} is not ${JSON.stringify(api.body)}`)
    send(res, 200, { ok: true, name: spec.name })
  }

  function isRevocation(endpoint: string): boolean {
    return specs.some((s) => s.revocation === endpoint)
  }

  function specByClientId(params: URLSearchParams): ProviderSpec | undefined {
    for (const key of ['client_id', 'client_key', 'app_id']) {
      const spec = byClientId.get(params.get(key) ?? '')
      if (spec) return (spec.clientIdParam ?? 'client_id') === key ? spec : undefined
    }
    return undefined
  }

  const server = await startFakeServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      failures.push(`stand-in crashed: ${String(error)}`)
      send(res, 500, { error: 'server_error' })
    })
  })
  const origin = server.origin
  const route = (input: string | URL): URL => {
    const url = new URL(input)
    if (url.protocol !== 'https:') return url
    return new URL(`${origin}/${url.host}${url.pathname}${url.search}`)
  }
  return {
    origin,
    route,
    failures,
    revoked,
    fetch: (input, init) => {
      const target = input instanceof Request ? input.url : input
      return fetch(route(target), init)
    },
    close: () => server.close(),
  }
}

/** The client id the test app gives a blueprint. */
export function clientIdOf(spec: ProviderSpec): string {
  return `cid-${spec.name}`
}

/** The client secret the test app gives a blueprint. */
export function clientSecretOf(spec: ProviderSpec): string {
  return `secret-${spec.name}`
}

interface ClientCredentials {
  id: string | undefined
  basic: boolean
  secret: string | undefined
  /** The body parameter the secret came in (`client_secret`, Deezer `secret`). */
  secretParam?: string | undefined
  bodyId: boolean
  /** A `client_secret` in the body, whatever the header says. */
  bodySecret: boolean
}

function clientCredentials(req: IncomingMessage, form: URLSearchParams): ClientCredentials {
  const header = req.headers.authorization
  if (header?.startsWith('Basic ')) {
    const basic = basicCredentials(header)
    return {
      id: basic?.id,
      secret: basic?.secret,
      basic: true,
      bodyId: form.has('client_id') || form.has('client_key') || form.has('app_id'),
      bodySecret: form.has('client_secret') || form.has('secret'),
    }
  }
  const id = form.get('client_id') ?? form.get('client_key') ?? form.get('app_id') ?? undefined
  const secretParam = ['client_secret', 'secret'].find((name) => form.has(name))
  const secret = secretParam === undefined ? undefined : (form.get(secretParam) ?? undefined)
  return { id, secret, secretParam, basic: false, bodyId: id !== undefined, bodySecret: secret !== undefined }
}

function checkClientAuth(
  spec: ProviderSpec,
  client: ClientCredentials,
  method: ProviderSpec['clientAuth'] = spec.clientAuth,
): string | undefined {
  const idParam = spec.clientIdParam ?? 'client_id'
  if (method === 'either') {
    // RFC 6749 §2.3: one method per request, whichever the provider accepts.
    if (client.basic && client.bodySecret) return 'sent the client secret both in HTTP Basic and in the body'
    if (!client.basic && !client.bodyId) return `expected HTTP Basic or ${idParam} in the body`
  } else if (method === 'basic') {
    if (!client.basic) return 'expected HTTP Basic client authentication'
  } else if (method === 'post') {
    if (client.basic) return 'expected the client secret in the body, got HTTP Basic'
    if (!client.bodyId) return `expected ${idParam} in the body`
  } else if (client.secret !== undefined) {
    return 'a public client must not send a secret'
  }
  if (method !== 'none' && client.secret !== `secret-${spec.name}`) return 'wrong client secret'
  if (method === 'post' && client.secretParam !== (spec.clientSecretParam ?? 'client_secret'))
    return `expected the secret as ${spec.clientSecretParam ?? 'client_secret'}`
  return undefined
}

interface PresentedToken {
  token: string
  where: 'header' | 'query' | 'body'
  name: string
  prefix: string
}

function findToken(req: IncomingMessage, url: URL, form: URLSearchParams): PresentedToken | undefined {
  for (const [name, raw] of Object.entries(req.headers)) {
    const value = Array.isArray(raw) ? raw[0] : raw
    const match = value === undefined ? null : /^(?:(\S+) )?(at-\S+)$/.exec(value)
    if (match?.[2]) return { token: match[2], where: 'header', name, prefix: match[1] ? `${match[1]} ` : '' }
  }
  for (const [name, value] of url.searchParams)
    if (value.startsWith('at-')) return { token: value, where: 'query', name, prefix: '' }
  for (const [name, value] of form)
    if (value.startsWith('at-')) return { token: value, where: 'body', name, prefix: '' }
  return undefined
}

/** The first header of `expected` the request lacks or sends otherwise, described. */
function checkHeaders(
  req: IncomingMessage,
  expected: Record<string, string> | undefined,
): string | undefined {
  for (const [name, value] of Object.entries(expected ?? {})) {
    const got = req.headers[name]
    if (got !== value) return `header ${name} is ${String(got)}, expected ${value}`
  }
  return undefined
}

/** A JSON object body's string members as parameters (empty when it is not one). */
function jsonParams(body: string): URLSearchParams {
  try {
    const parsed: unknown = JSON.parse(body)
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return new URLSearchParams()
    const entries = Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string')
    return new URLSearchParams(entries)
  } catch {
    return new URLSearchParams()
  }
}

function answerToken(res: ServerResponse, spec: ProviderSpec, tokens: TokenSet): void {
  const answer = spec.tokenResponse(tokens)
  res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'application/json' })
  res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body))
}

function answerError(res: ServerResponse, spec: ProviderSpec): void {
  const answer = spec.tokenError!()
  res.writeHead(answer.status ?? 400, { 'content-type': answer.contentType ?? 'application/json' })
  res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body))
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}
