/**
 * The demo's OAuth 1.0a login: a generic OAuth 1.0a blueprint (`makeOAuth1Blueprint`) against the stand-in OAuth 1.0a provider
 * (`oauth1-provider.ts`), which this login starts and stops. Its API's `me` names the user.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 */

import { makeOAuth1Blueprint } from '../src/consumer/oauth1-blueprint.js'
import { scopedClient } from '../src/consumer/scoped-client.js'
import type { DemoLogin } from './app.js'
import type { DemoTokenOptions } from './logins.js'
import { startOAuth1Provider } from './oauth1-provider.js'

/** The blueprint name: routes `/login/local-oauth1` and `/login/local-oauth1/authorized`. */
export const OAUTH1_DEMO_NAME = 'local-oauth1'

/** The demo consumer's credentials (public knowledge: the provider only runs on loopback). */
export const DEMO_OAUTH1_CONSUMER = {
  key: 'oauth-dance-demo',
  secret: 'demo-oauth1-secret-not-for-production',
}

/** The request-scoped client of the OAuth 1.0a login. */
export const localOAuth1 = scopedClient(OAUTH1_DEMO_NAME)

/** Starts the stand-in provider (on `port`, 0 for any) and returns the login that uses it. */
export async function localOAuth1Login(
  secret: string,
  tokens: DemoTokenOptions = {},
  port = 0,
): Promise<DemoLogin & { providerOrigin: string }> {
  const provider = await startOAuth1Provider({ port, consumers: [DEMO_OAUTH1_CONSUMER] })
  const blueprint = makeOAuth1Blueprint({
    ...tokens,
    name: OAUTH1_DEMO_NAME,
    consumerKey: DEMO_OAUTH1_CONSUMER.key,
    consumerSecret: DEMO_OAUTH1_CONSUMER.secret,
    requestTokenUrl: provider.requestTokenUrl,
    authorizationUrl: provider.authorizationUrl,
    accessTokenUrl: provider.accessTokenUrl,
    baseUrl: provider.apiBaseUrl,
    // Only because the stand-in provider is plain http on loopback; never in production.
    allowInsecureRequests: true,
    secret,
  })
  return {
    blueprint,
    label: 'the local OAuth 1.0a provider',
    providerOrigin: provider.origin,
    whoami: async () => {
      const response = await localOAuth1.get('me')
      if (!response.ok) throw Object.assign(new Error('GET me failed'), { code: `HTTP ${response.status}` })
      return ((await response.json()) as { name: string }).name
    },
    close: () => provider.close(),
  }
}
