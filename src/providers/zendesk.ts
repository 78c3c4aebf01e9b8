/**
 * Zendesk (Support and the other Zendesk APIs), per account subdomain (`subdomain: 'acme'`, or
 * `ZENDESK_OAUTH_SUBDOMAIN`). The token endpoint reads its parameters as JSON, which the preset states
 * as the `tokenRequestJson` quirk; PKCE is supported; each refresh invalidates the previous access and
 * refresh tokens and returns new ones. Scopes are space-separated (`read`, `write`, `users:read`…).
 * Zendesk revokes tokens through its OAuth Tokens API (`DELETE api/v2/oauth/tokens/current.json`),
 * not an RFC 7009 endpoint, so logout does not revoke.
 *
 * @see [Zendesk - OAuth Tokens for Grant Types](https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/)
 * @see [Zendesk - Working with OAuth refresh tokens](https://developer.zendesk.com/documentation/api-basics/authentication/refresh-token)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { envOf, fromEnv } from '../env.js'
import { DanceError } from '../errors.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const GRANT_TYPES = 'https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/'
const CHECKED = '2026-12-05'

/** The Zendesk preset; its URLs are for an example subdomain: the factory replaces the host. */
export const zendeskPreset = {
  id: 'zendesk',
  title: 'Zendesk',
  protocol: 'oauth2',
  docs: GRANT_TYPES,
  facts: {
    sources: {
      // client_id and client_secret among the POST parameters, "which must be formatted as JSON".
      clientAuth: { url: GRANT_TYPES, checked: CHECKED },
      // "if using PKCE, the code_verifier".
      pkce: { url: GRANT_TYPES, checked: CHECKED },
      refresh: {
        url: 'https://developer.zendesk.com/documentation/api-basics/authentication/refresh-token',
        checked: CHECKED,
      },
      // "returns a new access token and refresh token while invalidating the previous access and refresh tokens".
      rotation: { url: GRANT_TYPES, checked: CHECKED },
    },
    silent: {
      facts: ['endpoints', 'scopeSeparator', 'revocation', 'apiAuth'],
      note: "The pages read name POST /oauth/tokens but not the authorization path; /oauth/authorizations/new follows Zendesk's help article as integrators quote it. Space-separated scopes and the Bearer header on api/v2 likewise come from those guides. Revocation is a DELETE on the OAuth Tokens API, not RFC 7009, so the preset has none.",
    },
  },
  authorizationUrl: 'https://example.zendesk.com/oauth/authorizations/new',
  tokenUrl: 'https://example.zendesk.com/oauth/tokens',
  apiBaseUrl: 'https://example.zendesk.com/api/v2/',
  defaultScope: ['read'],
  refresh: true,
  clientAuth: 'client_secret_post',
  quirks: { tokenRequestJson: true },
  options: ['subdomain'],
} as const satisfies OAuth2Preset

/** Options of {@link makeZendeskBlueprint}. */
export interface ZendeskBlueprintOptions extends OAuth2PresetOptions {
  /** The account's subdomain (`acme` for acme.zendesk.com); default `ZENDESK_OAUTH_SUBDOMAIN`. */
  subdomain?: string
}

const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/**
 * Makes a Zendesk blueprint for one account. Credentials default to `ZENDESK_OAUTH_CLIENT_ID` /
 * `ZENDESK_OAUTH_CLIENT_SECRET`.
 */
export function makeZendeskBlueprint(options: ZendeskBlueprintOptions = {}): OAuth2Blueprint {
  const { subdomain, ...rest } = options
  const name = rest.name ?? zendeskPreset.id
  const value = fromEnv(subdomain, name, 'SUBDOMAIN', envOf(rest.env))?.trim().toLowerCase()
  if (value === undefined || !SUBDOMAIN.test(value)) {
    throw new DanceError(
      'config_invalid',
      `zendesk: \`subdomain\` (or ZENDESK_OAUTH_SUBDOMAIN) must be the account's subdomain, such as "acme", not ${JSON.stringify(value)}.`,
      { provider: 'zendesk' },
    )
  }
  const host = `https://${value}.zendesk.com`
  return blueprintFromPreset(
    { ...zendeskPreset, apiBaseUrl: `${host}/api/v2/` },
    { authorizationUrl: `${host}/oauth/authorizations/new`, tokenUrl: `${host}/oauth/tokens`, ...rest },
  )
}

/** The request-scoped Zendesk client: `await zendesk.get('users/me.json')`. */
export const zendesk = scopedClient('zendesk')
