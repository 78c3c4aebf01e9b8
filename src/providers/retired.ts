/**
 * Presets whose provider turned the service off. The preset stays in the catalogue (an app that
 * upgrades learns what happened and what replaces it), but its factory refuses to build a blueprint
 * from the retirement day on, with `config_invalid` naming the day, the provider's page that says so
 * and the replacement: an app on a dead provider fails at start-up with that message, not at its
 * first login with a network error. Before the day the factory builds the blueprint and warns once
 * per preset, so the app's owner hears of it while the service still answers.
 */
import { DanceError } from '../errors.js'
import type { PresetFactSource } from './facts.js'

/** The provider retired the service a preset talks to. */
export interface PresetRetirement {
  /** The day (`YYYY-MM-DD`, UTC) the provider turned, or turns, the service off. */
  readonly on: string
  /** The provider's page that states the day, and when it was read there. */
  readonly source: PresetFactSource
  /** The id of the preset that replaces it, when the provider names a successor. */
  readonly replacement?: string
  /** A sentence or two: what the provider turned off, and what moving to the replacement involves. */
  readonly note: string
}

/** The fields of a preset this check reads (every protocol's preset has them). */
interface RetirablePreset {
  readonly id: string
  readonly title: string
  readonly retired?: PresetRetirement
}

/** The instant the retirement takes effect: the start of its day, UTC. */
export function retirementTime(retirement: PresetRetirement): number {
  return Date.parse(`${retirement.on}T00:00:00Z`)
}

/** Whether the preset's provider has turned the service off by `now`. */
export function isRetired(preset: RetirablePreset, now: number = Date.now()): boolean {
  return preset.retired !== undefined && now >= retirementTime(preset.retired)
}

/** The sentence both the refusal and the warning start from. */
function describe(preset: RetirablePreset, retirement: PresetRetirement, past: boolean): string {
  const when = past
    ? `was retired by its provider on ${retirement.on}`
    : `is retired by its provider on ${retirement.on}`
  const instead = retirement.replacement ? ` Use the ${retirement.replacement} preset instead.` : ''
  return `The ${preset.id} preset (${preset.title}) ${when}: ${retirement.note} (${retirement.source.url}).${instead}`
}

// Warned once per preset and process: a factory may run once per request in some apps.
const warned = new Set<string>()

/**
 * Throws `config_invalid` when the preset's provider has retired the service (from the start of the
 * retirement day, UTC); before that day, warns once per preset on the console and returns. `name`
 * is the blueprint's, for the error's `provider`.
 */
export function refuseRetired(preset: RetirablePreset, name: string): void {
  const retirement = preset.retired
  if (retirement === undefined) return
  if (isRetired(preset)) {
    throw new DanceError('config_invalid', describe(preset, retirement, true), { provider: name })
  }
  if (warned.has(preset.id)) return
  warned.add(preset.id)
  console.warn(
    `[oauth-dance] WARNING: ${describe(preset, retirement, false)} From that day its factory refuses to start.`,
  )
}
