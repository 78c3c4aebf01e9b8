/**
 * Presets are data: a provider's endpoints, API base URL, default scope, refresh and revocation support,
 * offline-access switch and quirks, checked against the provider's documentation (linked in `docs`).
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2 (the metadata these fields mirror)
 */
import type { ClientAuthMethod, OAuth2BlueprintOptions } from '../consumer/oauth2-blueprint.js'
import type { OAuth2Quirks } from '../consumer/oauth2-quirks.js'

/** An OAuth 2 provider preset. */
export interface OAuth2Preset {
  /** Default blueprint name and the stem of environment names (`github` → `GITHUB_OAUTH_CLIENT_ID`). */
  readonly id: string
  /** The provider's display name. */
  readonly title: string
  readonly protocol: 'oauth2'
  /** The provider's developer documentation for this flow. */
  readonly docs: string
  readonly authorizationUrl: string
  readonly tokenUrl: string
  /** Base URL of the provider's API, for the client. */
  readonly apiBaseUrl?: string
  /** The scope requested when the app names none. */
  readonly defaultScope?: readonly string[]
  /** Token revocation endpoint (RFC 7009), when the provider has one. */
  readonly revocationUrl?: string
  /** UserInfo endpoint, when the provider has one. */
  readonly userinfoUrl?: string
  /** Whether the provider issues refresh tokens (possibly only with the offline switch). */
  readonly refresh: boolean
  /** What `offline: true` adds to get a refresh token: authorization parameters and/or a scope. */
  readonly offline?: { readonly params?: Readonly<Record<string, string>>; readonly scope?: string }
  /** Token endpoint authentication the provider expects. */
  readonly clientAuth?: ClientAuthMethod
  /** False for providers that reject PKCE parameters. */
  readonly pkce?: boolean
  readonly quirks?: OAuth2Quirks
}

/** Options every OAuth 2 preset factory accepts: the blueprint options, with the endpoints optional. */
export type OAuth2PresetOptions = Omit<OAuth2BlueprintOptions, 'name' | 'authorizationUrl' | 'tokenUrl'> & {
  /** Blueprint name (default: the preset id). Give a second instance of one preset its own name. */
  name?: string
  /** Override the authorization endpoint (tests, proxies). */
  authorizationUrl?: string
  /** Override the token endpoint (tests, proxies). */
  tokenUrl?: string
  /** Ask for a refresh token with the provider's offline-access switch. */
  offline?: boolean
}
