/**
 * The API of a stand-in: finds the token where the preset says the provider wants it, refuses a
 * missing, unknown, revoked or expired one with 401 (as a real API does), then answers from the app's
 * routes or the built-in ones. An unknown route is a 404 that names the route to add.
 */
import { type IncomingCall, json, type StandInContext } from './context.js'
import type { OAuth2Shape } from './shape.js'
import type { StandInApiRoute } from './types.js'

/** The path prefix the stand-in serves the provider's API under (`/api` + the provider's own path). */
export const API_PREFIX = '/api'

/** The access token of an API call, found where the provider's shape says it travels. */
function presentedToken(shape: OAuth2Shape, call: IncomingCall): string | undefined {
  const carrier = shape.api
  if (carrier.where === 'query') return call.url.searchParams.get(carrier.name) ?? undefined
  if (carrier.where === 'body') return new URLSearchParams(call.body).get(carrier.name) ?? undefined
  const value = call.headers.get(carrier.name)
  if (!value) return undefined
  if (!carrier.scheme) return value
  const prefix = `${carrier.scheme} `
  return value.toLowerCase().startsWith(prefix.toLowerCase()) ? value.slice(prefix.length) : undefined
}

/** Answers an API call for a token-bearing user. `tokenOf` is the protocol's way of finding the token. */
export async function api(
  ctx: StandInContext,
  call: IncomingCall,
  userOf: (call: IncomingCall) => string | undefined,
): Promise<Response> {
  const path = call.url.pathname.slice(API_PREFIX.length) || '/'
  const record = (status: number, user?: string, problem?: string) =>
    ctx.record({
      kind: 'api',
      method: call.method,
      path,
      status,
      ...(user !== undefined && { user }),
      ...(problem !== undefined && { problem }),
    })
  const login = userOf(call)
  if (login === undefined) {
    record(401, undefined, 'no live access token where the provider expects it')
    return json({ error: 'invalid_token', message: 'Bad credentials' }, 401, {
      'www-authenticate': 'Bearer error="invalid_token"',
    })
  }
  const forced = ctx.behaviour().apiStatus
  if (forced !== undefined && forced !== 200) {
    record(forced, login, 'apiStatus')
    return json({ error: forced === 401 ? 'invalid_token' : 'stand_in_status', status: forced }, forced)
  }
  const route: StandInApiRoute | undefined = ctx.routes.get(`${call.method} ${path}`)
  if (!route) {
    record(404, login, 'no such route')
    return json(
      {
        error: 'not_found',
        message: `The stand-in has no route ${call.method} ${path}: add it with the routes option, e.g. routes: { '${call.method} ${path}': () => ({ ... }) }.`,
      },
      404,
    )
  }
  const user = ctx.users.get(login)
  const answer = await route({
    method: call.method,
    path,
    url: call.url,
    headers: call.headers,
    body: call.body,
    user: { login: user.login, sub: user.sub, name: user.name, email: user.email, claims: user.claims },
  })
  const response = answer instanceof Response ? answer : json(answer)
  record(response.status, login)
  return response
}

/** The user of an OAuth 2 API call: the live access token's, sent where the provider wants it. */
export function oauth2UserOf(ctx: StandInContext<OAuth2Shape>): (call: IncomingCall) => string | undefined {
  return (call) => {
    const token = presentedToken(ctx.shape, call)
    if (token === undefined) return undefined
    if (ctx.shape.clientIdHeader && call.headers.get(ctx.shape.clientIdHeader) !== ctx.clientId)
      return undefined
    return ctx.book.access(token)?.user
  }
}
