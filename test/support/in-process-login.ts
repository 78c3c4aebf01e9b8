/**
 * A whole OAuth 2 login without sockets: a blueprint whose back channel is a function that answers the
 * token endpoint, driven through its login and callback routes with standard Requests, the browser's
 * cookies carried by hand. For tests about what the routes do with a token (hooks, storage, redirects).
 */
import type { Blueprint } from '../../src/consumer/blueprint.js'
import { makeOAuth2Blueprint, type OAuth2BlueprintOptions } from '../../src/consumer/oauth2-blueprint.js'
import type { FetchLike } from '../../src/protocol/http.js'
import { cookieHeader, mapSession, testScope } from './scope.js'

/** The token endpoint of {@link inProcessBlueprint}: every code gets a token named after the blueprint. */
export const IN_PROCESS_TOKEN_URL = 'https://provider.example/token'

/** A fetch whose token endpoint answers a token, and anything else 404. */
export function tokenEndpoint(accessToken: string): FetchLike {
  return async (input) => {
    const url = input instanceof Request ? input.url : String(input)
    if (url !== IN_PROCESS_TOKEN_URL) return new Response('not found', { status: 404 })
    return Response.json({ access_token: accessToken, token_type: 'bearer', expires_in: 3600 })
  }
}

/** An OAuth 2 blueprint against the in-process token endpoint; `options` win. */
export function inProcessBlueprint(options: Partial<OAuth2BlueprintOptions> & { name: string }): Blueprint {
  return makeOAuth2Blueprint({
    clientId: 'id',
    clientSecret: 'secret',
    authorizationUrl: 'https://provider.example/authorize',
    tokenUrl: IN_PROCESS_TOKEN_URL,
    secret: 'Rk3v9QzL0pX2mW7sT4yB8nC1dF6gH5jK',
    publicUrl: 'https://app.example',
    fetch: tokenEndpoint(`token-of-${options.name}`),
    ...options,
  })
}

/** Logs in through `blueprint`'s two routes in one session; the callback's Response. */
export async function loginInProcess(
  blueprint: Blueprint,
  session = mapSession(),
  query = '',
): Promise<Response> {
  const login = await blueprint.login(
    testScope(new Request(`https://app.example${blueprint.loginPath}${query}`), { session }),
  )
  if (login.status !== 302) throw new Error(`login answered ${login.status}`)
  const state = new URL(login.headers.get('location')!).searchParams.get('state')!
  const callback = new Request(`https://app.example${blueprint.authorizedPath}?code=c&state=${state}`, {
    headers: { cookie: cookieHeader(login) },
  })
  return blueprint.authorized(testScope(callback, { session }))
}
