/**
 * What a stand-in needs to know to answer the way one provider does, read from that provider's preset
 * (the same data the app's blueprint is built from): how the client authenticates, in which shape the
 * token endpoint answers, where API calls carry the token, what revocation takes. The stand-in is there
 * so an app can test its own code; it mirrors the preset, it does not second-guess it (the library's own
 * preset tests check presets against the providers' documentation independently).
 */

import { DanceError } from '../../errors.js'
import type { AnyPreset } from '../../providers/index.js'

/** Where an API call must carry the access token. */
export interface ApiTokenCarrier {
  readonly where: 'header' | 'query' | 'body'
  /** Header or parameter name (`authorization`, `token`, `x-shopify-access-token`). */
  readonly name: string
  /** Scheme before the token in the Authorization header (`Bearer`), if any. */
  readonly scheme?: string
}

/** The OAuth 2 side of a provider's shape. */
export interface OAuth2Shape {
  readonly protocol: 'oauth2' | 'oidc'
  readonly clientAuth: 'client_secret_basic' | 'client_secret_post' | 'none'
  /** Name of the client id parameter (`client_id`, TikTok's `client_key`, Deezer's `app_id`). */
  readonly clientIdParameter: string
  /** Name of the client secret parameter (`client_secret`, Deezer's `secret`). */
  readonly clientSecretParameter: string
  /** Name of the scope parameter of the authorization request (`scope`, Deezer's `perms`). */
  readonly scopeParameter: string
  /** The member the token answer gives the lifetime in (`expires_in`, Deezer's `expires`). */
  readonly expiresInMember: string
  /** The parameter that carries the token to revoke (`token`, VK ID's `access_token`). */
  readonly revocationTokenParameter: string
  /** Parameters the callback carries besides code and state, which the app sends back (VK ID's `device_id`). */
  readonly callbackParams: readonly string[]
  readonly pkce: boolean
  readonly tokenParamsInQuery: boolean
  /** Answer token requests form-encoded unless the client asks for JSON (GitHub). */
  readonly formEncodedTokenResponse: boolean
  /** Answer token requests form-encoded whatever the client asks, as plain text (Deezer). */
  readonly formEncodedAlways: boolean
  /** Token endpoint errors come with HTTP 200 (GitHub). */
  readonly errorsWithStatus200: boolean
  /** The tokens sit under this member of the token answer (Slack's `authed_user`). */
  readonly nestedTokenMember?: string
  readonly tokenType?: string
  readonly scopeAsList: boolean
  readonly nonExpiring: boolean
  readonly refresh: boolean
  /** The refresh endpoint's path on the stand-in, when it is not the token endpoint's. */
  readonly separateRefreshEndpoint: boolean
  readonly revocation?: { readonly params: 'form' | 'json' | 'query' }
  readonly api: ApiTokenCarrier
  readonly clientIdHeader?: string
  readonly scopeSeparator: string
  /** OpenID Connect only: whether ID tokens carry the nonce, and how the callback arrives. */
  readonly nonce: boolean
  readonly responseMode: 'query' | 'form_post'
  /** Where the real API lives, so the stand-in serves it under the same path. */
  readonly apiBasePath: string
  /** The client secret is a JWT the app signs (Sign in with Apple), checked against `clientSecretKey`. */
  readonly signedClientSecret: boolean
}

/** The OAuth 1.0a side of a provider's shape. */
export interface OAuth1Shape {
  readonly protocol: 'oauth1'
  readonly signatureMethod: 'HMAC-SHA1' | 'HMAC-SHA256' | 'RSA-SHA1' | 'PLAINTEXT'
  readonly revocation: boolean
  readonly apiBasePath: string
}

/** A provider's shape, as far as a stand-in answers it. */
export type ProviderShape = OAuth2Shape | OAuth1Shape

/** The path of a real API base URL (`https://api.spotify.com/v1/` → `/v1/`). */
function basePath(apiBaseUrl: string | undefined): string {
  if (!apiBaseUrl) return '/'
  const path = new URL(apiBaseUrl).pathname
  return path.endsWith('/') ? path : `${path}/`
}

/** The shape a stand-in gives a preset's provider. */
export function shapeOf(preset: AnyPreset): ProviderShape {
  if (preset.protocol === 'oauth1') {
    return {
      protocol: 'oauth1',
      signatureMethod: preset.signatureMethod ?? 'HMAC-SHA1',
      revocation: preset.revocationUrl !== undefined,
      apiBasePath: basePath(preset.apiBaseUrl),
    }
  }
  const quirks = preset.protocol === 'oauth2' ? (preset.quirks ?? {}) : {}
  const api: ApiTokenCarrier = quirks.tokenHeader
    ? { where: 'header', name: quirks.tokenHeader.toLowerCase() }
    : quirks.tokenQueryParameter
      ? { where: 'query', name: quirks.tokenQueryParameter }
      : { where: 'header', name: 'authorization', scheme: quirks.authorizationScheme ?? 'Bearer' }
  const clientAuth = preset.clientAuth ?? 'client_secret_basic'
  if (clientAuth !== 'client_secret_basic' && clientAuth !== 'client_secret_post' && clientAuth !== 'none') {
    // No preset signs its client authentication today; a stand-in that checked it would need the key.
    throw new DanceError(
      'config_invalid',
      `startStandIn(${preset.id}): ${clientAuth} client authentication is not served.`,
    )
  }
  return {
    protocol: preset.protocol,
    clientAuth,
    clientIdParameter: quirks.clientIdParameter ?? 'client_id',
    clientSecretParameter: quirks.clientSecretParameter ?? 'client_secret',
    scopeParameter: quirks.scopeParameter ?? 'scope',
    expiresInMember: quirks.expiresInMember ?? 'expires_in',
    revocationTokenParameter: quirks.revocationTokenParameter ?? 'token',
    callbackParams: (quirks.callbackTokenParams ?? []).filter((name) => name !== 'state'),
    pkce: preset.pkce !== false,
    tokenParamsInQuery: quirks.tokenParamsInQuery === true,
    formEncodedTokenResponse:
      quirks.formEncodedTokenResponse !== undefined && quirks.formEncodedTokenResponse !== false,
    formEncodedAlways: quirks.formEncodedTokenResponse === 'any-type',
    errorsWithStatus200: quirks.errorsWithStatus200 === true,
    ...(quirks.nestedTokenMember !== undefined && { nestedTokenMember: quirks.nestedTokenMember }),
    ...(!quirks.tokenTypeMissing && { tokenType: quirks.tokenTypeOverride ?? 'Bearer' }),
    scopeAsList: quirks.scopeListInTokenResponse === true,
    nonExpiring: quirks.nonExpiringTokens === true,
    refresh: preset.refresh,
    separateRefreshEndpoint: quirks.refreshTokenUrl !== undefined,
    ...((preset.protocol === 'oidc' || preset.revocationUrl !== undefined) && {
      revocation: { params: quirks.revocationParams ?? 'form' },
    }),
    api,
    ...(quirks.clientIdHeader !== undefined && { clientIdHeader: quirks.clientIdHeader.toLowerCase() }),
    scopeSeparator: quirks.scopeSeparator ?? ' ',
    nonce: preset.protocol === 'oidc' ? preset.nonce !== false : false,
    responseMode: preset.protocol === 'oidc' ? (preset.responseMode ?? 'query') : 'query',
    apiBasePath: basePath(preset.apiBaseUrl),
    // Apple is the one preset whose factory signs the client secret (its `clientSecretFactory`).
    signedClientSecret: preset.id === 'apple',
  }
}

/** The shape of a provider that follows the specifications and nothing else. */
export function genericShape(protocol: 'oauth2' | 'oidc' | 'oauth1'): ProviderShape {
  if (protocol === 'oauth1') {
    return { protocol, signatureMethod: 'HMAC-SHA1', revocation: false, apiBasePath: '/' }
  }
  return {
    protocol,
    clientAuth: 'client_secret_basic',
    clientIdParameter: 'client_id',
    clientSecretParameter: 'client_secret',
    scopeParameter: 'scope',
    expiresInMember: 'expires_in',
    revocationTokenParameter: 'token',
    callbackParams: [],
    pkce: true,
    tokenParamsInQuery: false,
    formEncodedTokenResponse: false,
    formEncodedAlways: false,
    errorsWithStatus200: false,
    tokenType: 'Bearer',
    scopeAsList: false,
    nonExpiring: false,
    refresh: true,
    separateRefreshEndpoint: false,
    revocation: { params: 'form' },
    api: { where: 'header', name: 'authorization', scheme: 'Bearer' },
    scopeSeparator: ' ',
    nonce: protocol === 'oidc',
    responseMode: 'query',
    apiBasePath: '/',
    signedClientSecret: false,
  }
}
