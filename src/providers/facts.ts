/**
 * Where a preset's facts come from. Each fact a preset states about its provider (an endpoint, the
 * client authentication, PKCE…) names the documentation page that says so and the day somebody read
 * it there, so a reviewer can check one fact without trusting the rest, and a stale fact shows its
 * age. What the provider's documentation does not say is written down too (`silent`), so the
 * stand-in enforces only what is documented and a guess is never mistaken for a fact.
 */

/** The facts a preset can state about its provider. */
export type PresetFactName =
  | 'endpoints'
  | 'clientAuth'
  | 'pkce'
  | 'scopeSeparator'
  | 'refresh'
  | 'rotation'
  | 'revocation'
  | 'apiAuth'
  | 'apiVersion'
  | 'userinfo'

/** One documented fact: the page that states it and the day it was read there (`YYYY-MM-DD`). */
export interface PresetFactSource {
  readonly url: string
  readonly checked: string
}

/**
 * A preset's facts, each with its source. A fact the provider's documentation leaves unsaid has no
 * source; `silent` says, in a sentence, which facts those are and what the preset assumes instead.
 */
export interface PresetFacts {
  readonly sources: Readonly<Partial<Record<PresetFactName, PresetFactSource>>>
  readonly silent?: string
}
