/**
 * Turns an OpenID Connect preset (data) and a user's options into an {@link OidcBlueprint}, the same way
 * for every provider; the helpers check the tenant, domain and realm values presets put into issuers.
 */

import {
  makeOidcBlueprint,
  type OidcBlueprint,
  type OidcBlueprintOptions,
} from '../consumer/oidc-blueprint.js'
import { type Env, envName, envOf, fromEnv } from '../env.js'
import { DanceError } from '../errors.js'
import { checkedHost } from './host.js'
import { refuseRetired } from './retired.js'
import type { OidcPreset } from './types.js'

/** Options every OpenID Connect preset factory accepts: the blueprint options, with the issuer optional. */
export type OidcPresetOptions = Omit<OidcBlueprintOptions, 'name' | 'issuer'> & {
  /** Blueprint name (default: the preset id). Give a second instance of one preset its own name. */
  name?: string
  /** Override the issuer (tests, proxies, a provider's other deployment). */
  issuer?: string
  /** Ask for a refresh token with the provider's offline-access switch. */
  offline?: boolean
}

/**
 * Merges preset data with user options; user options win. `issuer` is the preset's, filled in. The API
 * base URL is the option, else `<NAME>_OAUTH_BASE_URL`, else the preset's.
 */
export function oidcPresetOptions(
  preset: OidcPreset,
  options: OidcPresetOptions = {},
  issuer: string = preset.issuer,
): OidcBlueprintOptions {
  const { offline, ...rest } = options
  const name = options.name ?? preset.id
  refuseRetired(preset, name)
  const scope = rest.scope ?? preset.defaultScope
  const offlineScope = offline ? preset.offline?.scope : undefined
  const list = scope === undefined ? [] : typeof scope === 'string' ? scope.split(/\s+/) : [...scope]
  if (offlineScope && !list.includes(offlineScope)) list.push(offlineScope)
  return {
    ...rest,
    name,
    issuer: options.issuer ?? issuer,
    ...(list.length > 0 && { scope: list.filter(Boolean) }),
    baseUrl: fromEnv(options.baseUrl, name, 'BASE_URL', envOf(options.env)) ?? preset.apiBaseUrl,
    clientAuth: options.clientAuth ?? preset.clientAuth,
    pkce: options.pkce ?? preset.pkce,
    nonce: options.nonce ?? preset.nonce,
    responseMode: options.responseMode ?? preset.responseMode,
    refresh: options.refresh ?? preset.refresh,
    authorizationParams: {
      ...(offline ? preset.offline?.params : undefined),
      ...options.authorizationParams,
    },
  }
}

/**
 * Builds an OpenID Connect blueprint from a preset.
 */
export function oidcBlueprintFromPreset(
  preset: OidcPreset,
  options: OidcPresetOptions = {},
  issuer: string = preset.issuer,
): OidcBlueprint {
  return makeOidcBlueprint(oidcPresetOptions(preset, options, issuer))
}

/**
 * A preset option that may come from the environment (`OKTA_OAUTH_DOMAIN`), checked as a host name.
 * Throws `config_invalid` when it is missing or not a bare host.
 */
export function hostOption(
  preset: OidcPreset,
  options: { name?: string; env?: Env },
  option: string,
  field: string,
  value: string | undefined,
  fallback?: string,
): string {
  const name = options.name ?? preset.id
  const found = fromEnv(value, name, field, envOf(options.env)) ?? fallback
  if (found === undefined) {
    throw new DanceError(
      'config_invalid',
      `${preset.title} needs \`${option}\`: pass it, or set ${envName(name, field)}.`,
      { provider: name },
    )
  }
  return checkedHost(name, option, found)
}

/** Checks a path segment put into an issuer (realm, slug, authorization server id). */
export function segmentOption(preset: OidcPreset, option: string, value: string | undefined): string {
  if (value === undefined || !/^[A-Za-z0-9._~-]{1,128}$/.test(value)) {
    throw new DanceError(
      'config_invalid',
      `${preset.title}: \`${option}\` must be a single URL path segment (letters, digits, ".", "_", "~", "-"), not ${JSON.stringify(value)}.`,
      { provider: preset.id },
    )
  }
  return value
}
