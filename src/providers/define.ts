/**
 * Turns a preset (data) and a user's options into a blueprint, the same way for every provider.
 */
import {
  makeOAuth2Blueprint,
  type OAuth2Blueprint,
  type OAuth2BlueprintOptions,
} from '../consumer/oauth2-blueprint.js'
import { envOf, fromEnv } from '../env.js'
import { refuseRetired } from './retired.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/**
 * Merges preset data with user options; user options win, quirks and headers merge. The API base URL is
 * the option, else `<NAME>_OAUTH_BASE_URL`, else the preset's (GitHub Enterprise, a proxy).
 */
export function presetOptions(
  preset: OAuth2Preset,
  options: OAuth2PresetOptions = {},
): OAuth2BlueprintOptions {
  const { offline, ...rest } = options
  const name = options.name ?? preset.id
  refuseRetired(preset, name)
  const scope = rest.scope ?? preset.defaultScope
  const offlineScope = offline && preset.offline?.scope
  const scopeList =
    offlineScope && scope !== undefined
      ? typeof scope === 'string'
        ? `${scope} ${offlineScope}`
        : [...scope, offlineScope]
      : offlineScope
        ? [offlineScope]
        : scope
  return {
    ...rest,
    name,
    authorizationUrl: options.authorizationUrl ?? preset.authorizationUrl,
    tokenUrl: options.tokenUrl ?? preset.tokenUrl,
    ...(scopeList !== undefined && { scope: scopeList }),
    baseUrl: fromEnv(options.baseUrl, name, 'BASE_URL', envOf(options.env)) ?? preset.apiBaseUrl,
    revocationUrl: options.revocationUrl ?? preset.revocationUrl,
    userinfoUrl: options.userinfoUrl ?? preset.userinfoUrl,
    clientAuth: options.clientAuth ?? preset.clientAuth,
    pkce: options.pkce ?? preset.pkce,
    refresh: options.refresh ?? preset.refresh,
    authorizationParams: {
      ...preset.authorizationParams,
      ...(offline ? preset.offline?.params : undefined),
      ...options.authorizationParams,
    },
    quirks: {
      ...preset.quirks,
      ...options.quirks,
      apiHeaders: { ...preset.quirks?.apiHeaders, ...options.quirks?.apiHeaders },
      headers: { ...preset.quirks?.headers, ...options.quirks?.headers },
    },
  }
}

/** Builds an OAuth 2 blueprint from a preset. */
export function blueprintFromPreset(
  preset: OAuth2Preset,
  options: OAuth2PresetOptions = {},
): OAuth2Blueprint {
  return makeOAuth2Blueprint(presetOptions(preset, options))
}
