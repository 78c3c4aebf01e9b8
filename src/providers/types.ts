/**
 * Presets are data: a provider's endpoints, API base URL, default scope, refresh and revocation support,
 * offline-access switch and quirks, checked against the provider's documentation (linked in `docs`).
 */

import type { OAuth1BlueprintOptions } from '../consumer/oauth1-blueprint.js'
import type { OAuth2BlueprintOptions } from '../consumer/oauth2-blueprint.js'
import type { SignatureLocation } from '../protocol/oauth1/sign-request.js'
import type { SignatureMethod } from '../protocol/oauth1/signature.js'
import type { OAuth2Quirks } from '../protocol/oauth2/quirks.js'
import type { ClientAuthMethod } from '../protocol/oauth2/settings.js'
import type { PresetFacts } from './facts.js'
import type { PresetRetirement } from './retired.js'

/** An OAuth 2 provider preset. */
export interface OAuth2Preset {
  /** Default blueprint name and the stem of environment names (`github` → `GITHUB_OAUTH_CLIENT_ID`). */
  readonly id: string
  /** The provider's display name. */
  readonly title: string
  readonly protocol: 'oauth2'
  /** The provider's developer documentation for this flow. */
  readonly docs: string
  /** Each fact the preset states, with the documentation that states it and when it was checked. */
  readonly facts?: PresetFacts
  /** The provider turned the service off (or will): from that day the factory throws `config_invalid`. */
  readonly retired?: PresetRetirement
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
  /** Authorization parameters every request carries (Atlassian `audience`, Notion `owner=user`). */
  readonly authorizationParams?: Readonly<Record<string, string>>
  /** What `offline: true` adds to get a refresh token: authorization parameters and/or a scope. */
  readonly offline?: { readonly params?: Readonly<Record<string, string>>; readonly scope?: string }
  /** Token endpoint authentication the provider expects. */
  readonly clientAuth?: ClientAuthMethod
  /** False for providers that reject PKCE parameters. */
  readonly pkce?: boolean
  readonly quirks?: OAuth2Quirks
  /** The names of the preset factory's own options (tenant, hostname, sandbox...), for the docs table. */
  readonly options?: readonly string[]
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

/**
 * An OAuth 1.0a provider preset: the three endpoints of RFC 5849 §2, the API base URL and how the
 * provider wants requests signed.
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-2)
 */
export interface OAuth1Preset {
  /** Default blueprint name and the stem of environment names (`twitter` → `TWITTER_OAUTH_CLIENT_ID`). */
  readonly id: string
  /** The provider's display name. */
  readonly title: string
  readonly protocol: 'oauth1'
  /** The provider's developer documentation for this flow. */
  readonly docs: string
  /** Each fact the preset states, with the documentation that states it and when it was checked. */
  readonly facts?: PresetFacts
  /** The provider turned the service off (or will): from that day the factory throws `config_invalid`. */
  readonly retired?: PresetRetirement
  readonly requestTokenUrl: string
  readonly authorizationUrl: string
  readonly accessTokenUrl: string
  /** Base URL of the provider's API, for the client. */
  readonly apiBaseUrl?: string
  /** Signature method the provider expects (default HMAC-SHA1). */
  readonly signatureMethod?: SignatureMethod
  /** Where the provider wants the protocol parameters (default the Authorization header). */
  readonly signatureLocation?: SignatureLocation
  /** Parameters the authorization URL needs (`perms`, `scope`...). */
  readonly authorizationParams?: Readonly<Record<string, string>>
  /** A provider-specific endpoint that invalidates a token with a signed POST, when there is one. */
  readonly revocationUrl?: string
  /** Headers every request to the provider carries (Discogs wants a `User-Agent`). */
  readonly headers?: Readonly<Record<string, string>>
  /** The names of the preset factory's own options (`baseUrl`, `perms`...), for the docs table. */
  readonly options?: readonly string[]
}

/** Options every OAuth 1.0a preset factory accepts: the blueprint options, with the endpoints optional. */
export type OAuth1PresetOptions = Omit<
  OAuth1BlueprintOptions,
  'name' | 'requestTokenUrl' | 'authorizationUrl' | 'accessTokenUrl'
> & {
  /** Blueprint name (default: the preset id). */
  name?: string
  /** Override the temporary credential endpoint (tests, proxies). */
  requestTokenUrl?: string
  /** Override the authorization endpoint (tests, proxies). */
  authorizationUrl?: string
  /** Override the token credential endpoint (tests, proxies). */
  accessTokenUrl?: string
}

/**
 * An OpenID Connect provider preset: the issuer (endpoints come from its discovery document) and what
 * the provider needs beyond the standard. Presets with a tenant or host build the issuer in their factory.
 */
export interface OidcPreset {
  /** Default blueprint name and the stem of environment names (`google` → `GOOGLE_OAUTH_CLIENT_ID`). */
  readonly id: string
  /** The provider's display name. */
  readonly title: string
  readonly protocol: 'oidc'
  /** The provider's developer documentation for this flow. */
  readonly docs: string
  /** Each fact the preset states, with the documentation that states it and when it was checked. */
  readonly facts?: PresetFacts
  /** The provider turned the service off (or will): from that day the factory throws `config_invalid`. */
  readonly retired?: PresetRetirement
  /** The issuer; `{placeholders}` are filled by the factory's options (tenant, domain, realm). */
  readonly issuer: string
  /** Base URL of the provider's API, for the client. */
  readonly apiBaseUrl?: string
  /** The scope requested when the app names none (`openid` is always added). */
  readonly defaultScope?: readonly string[]
  /** Whether the provider issues refresh tokens (possibly only with the offline switch). */
  readonly refresh: boolean
  /** What `offline: true` adds to get a refresh token: authorization parameters and/or a scope. */
  readonly offline?: { readonly params?: Readonly<Record<string, string>>; readonly scope?: string }
  /** Token endpoint authentication the provider expects (default `client_secret_basic`). */
  readonly clientAuth?: ClientAuthMethod
  /** False for providers that reject PKCE parameters. */
  readonly pkce?: boolean
  /** False for providers that drop the `nonce` from their ID tokens. */
  readonly nonce?: boolean
  /** `form_post` for providers that POST the callback. */
  readonly responseMode?: 'query' | 'form_post'
  /** The names of the preset factory's own options (tenant, domain, hostedDomain...), for the docs table. */
  readonly options?: readonly string[]
}
