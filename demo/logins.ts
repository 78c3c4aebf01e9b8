/**
 * The demo's logins: the local OpenID provider through a generic OAuth 2 blueprint (no preset), and
 * real GitHub through the preset when credentials are in the environment.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 * @see https://docs.github.com/en/rest/users/users#get-the-authenticated-user
 */

import { makeOAuth2Blueprint, type OAuth2BlueprintOptions } from '../src/consumer/oauth2-blueprint.js'
import { scopedClient } from '../src/consumer/scoped-client.js'
import type { Env } from '../src/env.js'
import { type GithubBlueprintOptions, github, makeGithubBlueprint } from '../src/providers/github.js'
import { startStandIn } from '../src/testing/index.js'
import type { DemoLogin } from './app.js'
import { DEMO_CLIENT } from './provider.js'

/** The request-scoped client of the `local` blueprint, made the way preset modules make theirs. */
export const local = scopedClient('local')

/** Where a login keeps its tokens, and whose they are (see `token-storage.ts`); default: the session. */
export type DemoTokenOptions = Pick<OAuth2BlueprintOptions, 'storage' | 'user'>

/** A login with the demo's own OpenID provider at `issuer`. */
export function localLogin(issuer: string, secret: string, tokens: DemoTokenOptions = {}): DemoLogin {
  const blueprint = makeOAuth2Blueprint({
    ...tokens,
    name: 'local',
    clientId: DEMO_CLIENT.clientId,
    clientSecret: DEMO_CLIENT.clientSecret,
    scope: ['openid', 'profile'],
    authorizationUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    // oidc-provider serves UserInfo at /me: `local.get('/me')` resolves against this base URL.
    baseUrl: issuer,
    // Known issuer that always sends `iss` in the callback: RFC 9207 mix-up defence on.
    issuer,
    issuerParameterSupported: true,
    // Only because the provider is plain http on loopback; never in production.
    allowInsecureRequests: true,
    secret,
  })
  return {
    blueprint,
    label: 'the local OpenID provider',
    whoami: async () => {
      const response = await local.get('/me')
      if (!response.ok) throw Object.assign(new Error('userinfo failed'), { code: `HTTP ${response.status}` })
      const me = (await response.json()) as { name?: string; sub: string }
      return me.name ?? me.sub
    },
  }
}

/** True when the environment holds GitHub OAuth app credentials. */
export function hasGithubCredentials(env: Env): boolean {
  return Boolean(env.GITHUB_OAUTH_CLIENT_ID && env.GITHUB_OAUTH_CLIENT_SECRET)
}

/**
 * A login with the GitHub preset against the testing kit's GitHub stand-in (`oauth-dance/testing`):
 * the preset's own code path (its token answer, API headers, `github.get('/user')`) with nothing to
 * register. Its approval page asks whom to log in as.
 */
export async function githubStandInLogin(secret: string, tokens: DemoTokenOptions = {}): Promise<DemoLogin> {
  const standIn = await startStandIn('github')
  const login = {
    ...githubLogin({}, secret, tokens, standIn.options),
    label: 'GitHub (local stand-in)',
    close: () => standIn.close(),
  }
  return login
}

/** A login with real GitHub; credentials come from `GITHUB_OAUTH_CLIENT_ID` / `..._SECRET`. */
export function githubLogin(
  env: Env,
  secret: string,
  tokens: DemoTokenOptions = {},
  pointAt: GithubBlueprintOptions = {},
): DemoLogin {
  return {
    blueprint: makeGithubBlueprint({ ...tokens, ...pointAt, env, secret }),
    label: 'GitHub',
    whoami: async () => {
      const response = await github.get('/user')
      if (!response.ok)
        throw Object.assign(new Error('GET /user failed'), { code: `HTTP ${response.status}` })
      const user = (await response.json()) as { login: string; name?: string | null }
      return user.name ? `${user.name} (@${user.login})` : `@${user.login}`
    },
  }
}
