/**
 * The OAuth 2 (and OpenID Connect) endpoints of a stand-in: authorization, token (code and refresh),
 * revocation, UserInfo and discovery. Requests are checked the way a strict provider checks them
 * (client authentication as the preset declares it, exact redirect URI, PKCE, single-use codes) and
 * answered in the shape the preset says its provider answers.
 *
 * @see [RFC 6749 - The OAuth 2.0 Authorization Framework](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.1)
 */
import { createHash, timingSafeEqual, verify } from 'node:crypto'
import { approvalPage, DECISION_PARAM, formPostPage, USER_PARAM } from './authorize-page.js'
import { type IncomingCall, json, redirect, type StandInContext } from './context.js'
import { accessTokenHash, type SigningKey, signJwt } from './id-token.js'
import type { OAuth2Shape } from './shape.js'

type Ctx = StandInContext<OAuth2Shape>

/** The stand-in's endpoint paths. */
export const OAUTH2_PATHS = {
  authorize: '/authorize',
  token: '/token',
  refresh: '/refresh',
  revoke: '/revoke',
  userinfo: '/userinfo',
  jwks: '/jwks',
  logout: '/logout',
  discovery: '/.well-known/openid-configuration',
} as const

/** GET /authorize: the approval page, or (with `stand_in_user`) straight back to the app. */
export function authorize(ctx: Ctx, call: IncomingCall): Response {
  const q = call.url.searchParams
  const clientId = q.get(ctx.shape.clientIdParameter)
  const redirectUri = q.get('redirect_uri')
  const refuse = (problem: string): Response => {
    ctx.record({ kind: 'authorize', method: call.method, path: call.url.pathname, status: 400, problem })
    // Never redirect to an unchecked redirect_uri (RFC 6749 §4.1.2.1): show the problem instead.
    return json({ error: 'invalid_request', error_description: problem }, 400)
  }
  if (clientId !== ctx.clientId) return refuse(`unknown client ${clientId ?? '(none)'}`)
  if (!redirectUri || !URL.canParse(redirectUri)) return refuse('redirect_uri missing or not a URL')
  if (q.get('response_type') !== 'code') return refuse('response_type must be code')
  const login = q.get(USER_PARAM)
  if (!login) return approvalPage(call.url, ctx.presetId ?? ctx.shape.protocol, ctx.users.logins())

  const back = new URLSearchParams()
  const state = q.get('state')
  const deny = q.get(DECISION_PARAM) === 'deny' || ctx.behaviour().deny === true
  if (deny) {
    back.set('error', 'access_denied')
    back.set('error_description', 'The user denied the request.')
  } else {
    const challenge = q.get('code_challenge') ?? undefined
    const method = q.get('code_challenge_method') ?? undefined
    const nonce = q.get('nonce') ?? undefined
    back.set(
      'code',
      ctx.book.code({
        user: ctx.users.get(login).login,
        clientId,
        redirectUri,
        scope: q.get(ctx.shape.scopeParameter) ?? '',
        ...(challenge !== undefined && { challenge }),
        ...(method !== undefined && { challengeMethod: method }),
        ...(nonce !== undefined && { nonce }),
      }),
    )
  }
  if (state !== null) back.set('state', state)
  // What some providers add to the callback for the app to send back with the code (VK ID's device_id).
  if (!deny) for (const name of ctx.shape.callbackParams) back.set(name, ctx.book.mint(name))
  if (ctx.shape.protocol === 'oidc') back.set('iss', ctx.origin)
  ctx.record({ kind: 'authorize', method: call.method, path: call.url.pathname, status: 302, user: login })
  const mode = q.get('response_mode') ?? ctx.shape.responseMode
  if (mode === 'form_post') return formPostPage(redirectUri, back)
  const target = new URL(redirectUri)
  for (const [key, value] of back) target.searchParams.set(key, value)
  return redirect(target)
}

/** Equal strings, compared in constant time. */
function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Checks the client's authentication the way the preset says its provider wants it. */
function clientProblem(ctx: Ctx, call: IncomingCall, params: URLSearchParams): string | undefined {
  const header = call.headers.get('authorization')
  const basic = header?.startsWith('Basic ')
    ? Buffer.from(header.slice(6), 'base64').toString('utf8')
    : undefined
  const idParam = ctx.shape.clientIdParameter
  switch (ctx.shape.clientAuth) {
    case 'client_secret_basic': {
      if (basic === undefined) return 'expected HTTP Basic client authentication'
      const colon = basic.indexOf(':')
      const id = decodeURIComponent(basic.slice(0, colon))
      const secret = decodeURIComponent(basic.slice(colon + 1))
      return same(id, ctx.clientId) && same(secret, ctx.clientSecret) ? undefined : 'wrong client credentials'
    }
    case 'client_secret_post':
      if (basic !== undefined) return 'expected the client secret in the request body, not HTTP Basic'
      if (ctx.shape.signedClientSecret) {
        return params.get(idParam) === ctx.clientId
          ? signedSecretProblem(ctx, params.get('client_secret') ?? '')
          : 'wrong client id'
      }
      return same(params.get(idParam) ?? '', ctx.clientId) &&
        same(params.get(ctx.shape.clientSecretParameter) ?? '', ctx.clientSecret)
        ? undefined
        : 'wrong client credentials'
    case 'none':
      if (params.has(ctx.shape.clientSecretParameter) || basic !== undefined)
        return 'a public client sends no secret'
      return params.get(idParam) === ctx.clientId ? undefined : 'wrong client id'
  }
}

/**
 * Why a signed client secret (Apple's ES256 JWT: `sub` the client id, `aud` the provider, unexpired)
 * is refused, or undefined when it holds.
 */
function signedSecretProblem(ctx: Ctx, jwt: string): string | undefined {
  const [header, payload, signature] = jwt.split('.')
  if (!header || !payload || !signature || !ctx.clientSecretKey) return 'client secret is not a signed JWT'
  const valid = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key: ctx.clientSecretKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  )
  if (!valid) return 'client secret JWT signature does not verify'
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    sub?: string
    exp?: number
  }
  if (claims.sub !== ctx.clientId) return 'client secret JWT names another client'
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return 'client secret JWT expired'
  return undefined
}

/** Sets `value` at a dotted member path, numeric segments as array indexes (`data.0`). */
function nestAt(path: string, value: unknown): Record<string, unknown> {
  const segments = path.split('.')
  let current: unknown = value
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!
    if (/^\d+$/.test(segment)) {
      const list: unknown[] = []
      list[Number(segment)] = current
      current = list
    } else current = { [segment]: current }
  }
  return current as Record<string, unknown>
}

/** The token answer in the provider's shape. */
function tokenAnswer(
  ctx: Ctx,
  call: IncomingCall,
  tokens: { access: string; refresh?: string },
  scope: string,
  extra: Record<string, unknown>,
): Response {
  const lifetime = ctx.behaviour().tokenLifetime ?? 3600
  const set: Record<string, unknown> = {
    access_token: tokens.access,
    ...(ctx.shape.tokenType !== undefined && { token_type: ctx.shape.tokenType }),
    ...(!ctx.shape.nonExpiring && { [ctx.shape.expiresInMember]: lifetime }),
    ...(tokens.refresh !== undefined && { refresh_token: tokens.refresh }),
    ...(scope && { scope: ctx.shape.scopeAsList ? scope.split(/[ ,]+/) : scope }),
  }
  const body = ctx.shape.nestedTokenMember
    ? { ok: true, ...nestAt(ctx.shape.nestedTokenMember, set), ...extra }
    : { ...set, ...extra }
  const wantsJson = (call.headers.get('accept') ?? '').includes('json')
  if (ctx.shape.formEncodedTokenResponse && !wantsJson) {
    const form = new URLSearchParams()
    for (const [key, value] of Object.entries(body))
      if (typeof value !== 'object') form.set(key, String(value))
    return new Response(form.toString(), {
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'cache-control': 'no-store' },
    })
  }
  return json(body)
}

/** An OAuth error from the token endpoint, with the provider's status quirk. */
function tokenError(ctx: Ctx, error: string, description: string, status = 400): Response {
  const code = ctx.shape.errorsWithStatus200 ? 200 : error === 'invalid_client' ? 401 : status
  return json({ error, error_description: description }, code)
}

/** POST /token and /refresh: the code exchange and the refresh grant. */
export function token(ctx: Ctx, call: IncomingCall, key: SigningKey | undefined): Response {
  const params =
    ctx.shape.tokenParamsInQuery && call.url.searchParams.has('grant_type')
      ? call.url.searchParams
      : formBody(call)
  const grantType = params.get('grant_type')
  const kind = grantType === 'refresh_token' ? 'refresh' : 'token'
  const done = (response: Response, problem?: string, user?: string): Response => {
    ctx.record({
      kind,
      method: call.method,
      path: call.url.pathname,
      status: response.status,
      ...(user !== undefined && { user }),
      ...(problem !== undefined && { problem }),
    })
    return response
  }
  if (call.method !== 'POST') return done(json({ error: 'invalid_request' }, 405), 'token requests are POSTs')
  const problem = clientProblem(ctx, call, params)
  if (problem) return done(tokenError(ctx, 'invalid_client', problem), problem)
  const withRefresh = ctx.shape.refresh
  const lifetime = ctx.shape.nonExpiring ? undefined : (ctx.behaviour().tokenLifetime ?? 3600)

  if (grantType === 'refresh_token') {
    if (!ctx.shape.refresh)
      return done(tokenError(ctx, 'unsupported_grant_type', 'no refresh here'), 'no refresh')
    const rotate = ctx.behaviour().rotateRefreshTokens !== false
    const old = ctx.book.refresh(params.get('refresh_token') ?? '', rotate)
    if (!old || ctx.behaviour().refuseRefresh) {
      const why = old ? 'refresh refused (refuseRefresh)' : 'unknown or used refresh token'
      return done(tokenError(ctx, 'invalid_grant', why), why, old?.user)
    }
    const issued = ctx.book.issue(old.user, old.scope, lifetime, rotate, old.grant)
    const tokens = rotate ? issued : { access: issued.access, refresh: params.get('refresh_token') ?? '' }
    return done(tokenAnswer(ctx, call, tokens, old.scope, {}), undefined, old.user)
  }
  if (grantType !== 'authorization_code') {
    return done(tokenError(ctx, 'unsupported_grant_type', `grant_type ${grantType}`), 'unsupported grant')
  }
  const configured = ctx.behaviour().tokenError
  if (configured) return done(tokenError(ctx, configured, 'refused (tokenError)'), configured)
  const pending = ctx.book.redeem(params.get('code') ?? '')
  if (!pending) return done(tokenError(ctx, 'invalid_grant', 'unknown, used or expired code'), 'bad code')
  if (params.get('redirect_uri') !== pending.redirectUri) {
    return done(
      tokenError(ctx, 'invalid_grant', 'redirect_uri differs from the authorization request'),
      'redirect_uri',
    )
  }
  if (pending.challenge !== undefined) {
    const verifier = params.get('code_verifier') ?? ''
    const expected =
      pending.challengeMethod === 'S256'
        ? createHash('sha256').update(verifier).digest('base64url')
        : verifier
    if (!same(expected, pending.challenge)) {
      return done(tokenError(ctx, 'invalid_grant', 'PKCE verifier does not match'), 'pkce')
    }
  }
  const tokens = ctx.book.issue(pending.user, pending.scope, lifetime, withRefresh)
  const extra: Record<string, unknown> = {}
  if (ctx.shape.protocol === 'oidc' && key) {
    const user = ctx.users.get(pending.user)
    const now = Math.floor(Date.now() / 1000)
    extra.id_token = signJwt(key, {
      iss: ctx.origin,
      sub: user.sub,
      aud: ctx.clientId,
      iat: now,
      exp: now + 600,
      auth_time: now,
      at_hash: accessTokenHash(tokens.access),
      ...(pending.nonce !== undefined && ctx.shape.nonce && { nonce: pending.nonce }),
      ...profileClaims(user),
    })
  }
  return done(tokenAnswer(ctx, call, tokens, pending.scope, extra), undefined, pending.user)
}

/** The standard profile claims of a user (OpenID Connect Core §5.1). */
export function profileClaims(user: ReturnType<StandInContext['users']['get']>): Record<string, unknown> {
  return {
    name: user.name,
    preferred_username: user.login,
    email: user.email,
    email_verified: true,
    ...user.claims,
  }
}

/** The parameters of a form body, or of a JSON object body's string and number members. */
function formBody(call: IncomingCall): URLSearchParams {
  if (!(call.headers.get('content-type') ?? '').includes('json')) return new URLSearchParams(call.body)
  try {
    const parsed = JSON.parse(call.body) as Record<string, unknown>
    const pairs = Object.entries(parsed).filter(
      (entry): entry is [string, string | number] =>
        typeof entry[1] === 'string' || typeof entry[1] === 'number',
    )
    return new URLSearchParams(pairs.map(([key, value]) => [key, String(value)]))
  } catch {
    return new URLSearchParams()
  }
}

/** POST /revoke (RFC 7009): the token from the form body, a JSON body or the query, as the preset says. */
export function revoke(ctx: Ctx, call: IncomingCall): Response {
  const where = ctx.shape.revocation?.params ?? 'form'
  const name = ctx.shape.revocationTokenParameter
  let tokenValue: string | null = null
  if (where === 'query') tokenValue = call.url.searchParams.get(name)
  else if (where === 'json') {
    try {
      const parsed = JSON.parse(call.body) as Record<string, unknown>
      tokenValue = typeof parsed[name] === 'string' ? parsed[name] : null
    } catch {
      tokenValue = null
    }
  } else tokenValue = formBody(call).get(name)
  if (!tokenValue) {
    ctx.record({
      kind: 'revoke',
      method: call.method,
      path: call.url.pathname,
      status: 400,
      problem: 'no token',
    })
    return json({ error: 'invalid_request', error_description: `token expected in the ${where}` }, 400)
  }
  // RFC 7009 §2.2: an unknown token is answered 200 too.
  const known = ctx.book.revoke(tokenValue)
  ctx.record({
    kind: 'revoke',
    method: call.method,
    path: call.url.pathname,
    status: 200,
    ...(!known && { problem: 'unknown token' }),
  })
  return new Response(null, { status: 200 })
}

/** GET /userinfo: the claims of the token's user. */
export function userinfo(ctx: Ctx, call: IncomingCall): Response {
  const header = call.headers.get('authorization') ?? ''
  const found = /^Bearer (.+)$/i.exec(header)
  const issued = found ? ctx.book.access(found[1]!) : undefined
  if (!issued) {
    ctx.record({
      kind: 'userinfo',
      method: call.method,
      path: call.url.pathname,
      status: 401,
      problem: 'no live token',
    })
    return json({ error: 'invalid_token' }, 401, { 'www-authenticate': 'Bearer error="invalid_token"' })
  }
  const user = ctx.users.get(issued.user)
  ctx.record({
    kind: 'userinfo',
    method: call.method,
    path: call.url.pathname,
    status: 200,
    user: user.login,
  })
  return json({ sub: user.sub, ...profileClaims(user) })
}

/** GET /.well-known/openid-configuration. */
export function discovery(ctx: Ctx, call: IncomingCall): Response {
  ctx.record({ kind: 'discovery', method: call.method, path: call.url.pathname, status: 200 })
  const at = (path: string) => `${ctx.origin}${path}`
  return json({
    issuer: ctx.origin,
    authorization_endpoint: at(OAUTH2_PATHS.authorize),
    token_endpoint: at(OAUTH2_PATHS.token),
    userinfo_endpoint: at(OAUTH2_PATHS.userinfo),
    jwks_uri: at(OAUTH2_PATHS.jwks),
    revocation_endpoint: at(OAUTH2_PATHS.revoke),
    end_session_endpoint: at(OAUTH2_PATHS.logout),
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'form_post'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['ES256'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: [ctx.shape.clientAuth],
    authorization_response_iss_parameter_supported: true,
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
  })
}

/** GET /logout: RP-initiated logout, back to the app's `post_logout_redirect_uri`. */
export function logout(call: IncomingCall): Response {
  const back = call.url.searchParams.get('post_logout_redirect_uri')
  if (!back || !URL.canParse(back)) return new Response('Logged out.', { status: 200 })
  const target = new URL(back)
  const state = call.url.searchParams.get('state')
  if (state) target.searchParams.set('state', state)
  return redirect(target)
}
