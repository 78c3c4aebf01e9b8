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

/** The facts a provider's documentation leaves unsaid, and what the preset assumes for them. */
export interface PresetSilence {
  readonly facts: readonly PresetFactName[]
  /** A sentence or two: what is unsaid, and what the preset does about it. */
  readonly note: string
}

/**
 * A preset's facts, each accounted for exactly once: `sources` (a page states it), `silent` (the
 * relevant documentation was read whole and says nothing) or `unverified` (looked for, not found
 * stated). A fact that does not apply (no revocation endpoint, so no revocation fact) is sourced as
 * the page that says the provider has none, or listed as silent or unverified.
 */
export interface PresetFacts {
  /** The facts a provider's own documentation states, each with the page and the day it was read. */
  readonly sources: Readonly<Partial<Record<PresetFactName, PresetFactSource>>>
  /** The facts the provider's documentation, read whole, does not state. */
  readonly silent?: PresetSilence
  /**
   * The facts somebody looked for in the provider's documentation and did not find stated, because
   * the page was not found or could not be read whole; unlike `silent`, nothing is known about what
   * the documentation says. The preset keeps its value for them (what it did before facts were
   * checked), but it is a guess: the stand-in must accept any documented alternative (client
   * authentication `either`, PKCE neither required nor refused) rather than enforce it. Reading the
   * page moves a fact to `sources` or `silent`.
   */
  readonly unverified?: readonly PresetFactName[]
}
