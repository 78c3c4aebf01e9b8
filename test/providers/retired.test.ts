/**
 * Presets whose provider turned the service off: from the retirement day (UTC) their factory throws
 * `config_invalid` naming the day, the provider's page and the replacement, before it reads any
 * credential; before that day it builds the blueprint and warns once. Every protocol's preset helper
 * applies the rule, so a preset author only writes `retired` into the data.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { isDanceError } from '../../src/errors.js'
import { blueprintFromPreset } from '../../src/providers/define.js'
import { blueprintFromOAuth1Preset } from '../../src/providers/define-oauth1.js'
import { oidcBlueprintFromPreset } from '../../src/providers/define-oidc.js'
import { fitbitPreset, makeFitbitBlueprint } from '../../src/providers/fitbit.js'
import { githubPreset } from '../../src/providers/github.js'
import { presets } from '../../src/providers/index.js'
import { isRetired, type PresetRetirement } from '../../src/providers/retired.js'
import { twitterPreset } from '../../src/providers/twitter.js'
import { RETIRED_SPECS } from './specs.js'

const credentials = { clientId: 'id', clientSecret: 'secret' }

/** The retirement warnings among a console.warn spy's calls (the blueprint may warn of other things). */
const retirementWarnings = (warn: { mock: { calls: unknown[][] } }): string[] =>
  warn.mock.calls.map((call) => String(call[0])).filter((text) => text.includes('retired by its provider'))

/** The `config_invalid` message `make` throws; fails the test on anything else. */
function refusal(make: () => unknown): string {
  try {
    make()
  } catch (error) {
    if (isDanceError(error, 'config_invalid')) return error.message
    throw error
  }
  throw new Error('expected config_invalid')
}

/** A retirement on `on`, for presets made up by these tests. */
const retirement = (on: string): PresetRetirement => ({
  on,
  source: { url: 'https://provider.example/shutdown', checked: '2026-12-01' },
  replacement: 'github',
  note: 'the provider turned its OAuth endpoints off',
})

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('the fitbit preset, retired on 2026-11-02', () => {
  it('refuses at creation with config_invalid naming the day, the page and the replacement', () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-05T12:00:00Z'), toFake: ['Date'] })
    const message = refusal(() => makeFitbitBlueprint(credentials))
    expect(message).toContain('2026-11-02')
    expect(message).toContain('https://developers.google.com/health/reference/rest/v4/users')
    expect(message).toContain('google-health')
  })

  it('refuses before it looks for credentials, so the message is about the retirement', () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-05T12:00:00Z'), toFake: ['Date'] })
    expect(refusal(() => makeFitbitBlueprint({ env: {} }))).toContain('retired')
  })

  it('refuses from the first instant of the day, UTC', () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-02T00:00:00Z'), toFake: ['Date'] })
    expect(isRetired(fitbitPreset)).toBe(true)
    refusal(() => makeFitbitBlueprint(credentials))
  })

  it('builds the blueprint the day before, and warns once', () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-01T23:59:59Z'), toFake: ['Date'] })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(makeFitbitBlueprint(credentials).name).toBe('fitbit')
    expect(makeFitbitBlueprint({ ...credentials, name: 'fitbit-2' }).name).toBe('fitbit-2')
    const warnings = retirementWarnings(warn)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('2026-11-02')
  })
})

describe('a preset whose retirement day is in the future', () => {
  it('only warns (OAuth 2)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const preset = { ...githubPreset, id: 'future-oauth2', retired: retirement('2999-01-01') }
    expect(blueprintFromPreset(preset, credentials).name).toBe('future-oauth2')
    const warnings = retirementWarnings(warn)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('2999-01-01')
  })
})

describe('every protocol refuses a retired preset', () => {
  const past = retirement('2020-01-01')

  it('OAuth 2', () => {
    refusal(() => blueprintFromPreset({ ...githubPreset, id: 'gone-oauth2', retired: past }, credentials))
  })

  it('OpenID Connect', () => {
    const preset = {
      id: 'gone-oidc',
      title: 'Gone',
      protocol: 'oidc',
      docs: 'https://provider.example/docs',
      issuer: 'https://provider.example',
      refresh: false,
      retired: past,
    } as const
    refusal(() => oidcBlueprintFromPreset(preset, credentials))
  })

  it('OAuth 1.0a', () => {
    const preset = { ...twitterPreset, id: 'gone-oauth1', retired: past }
    refusal(() => blueprintFromOAuth1Preset(preset, { consumerKey: 'key', consumerSecret: 'secret' }))
  })
})

describe('the dance specs', () => {
  it('set aside exactly the specs of retired OAuth 2 presets', () => {
    const retiredOAuth2 = presets.filter((p) => p.protocol === 'oauth2' && isRetired(p)).map((p) => p.id)
    expect([...new Set(RETIRED_SPECS.map((s) => s.preset))].sort()).toEqual(retiredOAuth2.sort())
  })
})
