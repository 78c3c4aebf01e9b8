/**
 * The preset-author kit (`oauth-dance/preset-kit`): the preset data types and the functions that turn
 * a preset and a user's options into a blueprint, the same way for every provider.
 */
export { blueprintFromPreset, presetOptions } from './define.js'
export { blueprintFromOAuth1Preset, oauth1PresetOptions } from './define-oauth1.js'
export {
  hostOption,
  type OidcPresetOptions,
  oidcBlueprintFromPreset,
  oidcPresetOptions,
  segmentOption,
} from './define-oidc.js'
export type {
  OAuth1Preset,
  OAuth1PresetOptions,
  OAuth2Preset,
  OAuth2PresetOptions,
  OidcPreset,
} from './types.js'
