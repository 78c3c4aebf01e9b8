/**
 * Turns an OAuth 1.0a preset (data) and a user's options into a blueprint, the same way for every
 * OAuth 1.0a provider; user options win, authorization parameters merge.
 */
import {
  makeOAuth1Blueprint,
  type OAuth1Blueprint,
  type OAuth1BlueprintOptions,
} from '../consumer/oauth1-blueprint.js'
import { envOf, fromEnv } from '../env.js'
import { refuseRetired } from './retired.js'
import type { OAuth1Preset, OAuth1PresetOptions } from './types.js'

/** Merges preset data with user options; the API base URL is the option, else `<NAME>_OAUTH_BASE_URL`, else the preset's. */
export function oauth1PresetOptions(
  preset: OAuth1Preset,
  options: OAuth1PresetOptions = {},
): OAuth1BlueprintOptions {
  const name = options.name ?? preset.id
  refuseRetired(preset, name)
  return {
    ...options,
    name,
    requestTokenUrl: options.requestTokenUrl ?? preset.requestTokenUrl,
    authorizationUrl: options.authorizationUrl ?? preset.authorizationUrl,
    accessTokenUrl: options.accessTokenUrl ?? preset.accessTokenUrl,
    baseUrl: fromEnv(options.baseUrl, name, 'BASE_URL', envOf(options.env)) ?? preset.apiBaseUrl,
    signatureMethod: options.signatureMethod ?? preset.signatureMethod,
    signatureLocation: options.signatureLocation ?? preset.signatureLocation,
    authorizationParams: { ...preset.authorizationParams, ...options.authorizationParams },
    headers: { ...preset.headers, ...options.headers },
    revocationUrl: options.revocationUrl ?? preset.revocationUrl,
  }
}

/** Builds an OAuth 1.0a blueprint from a preset. */
export function blueprintFromOAuth1Preset(
  preset: OAuth1Preset,
  options: OAuth1PresetOptions = {},
): OAuth1Blueprint {
  return makeOAuth1Blueprint(oauth1PresetOptions(preset, options))
}
