/**
 * Preset facts with a documented end date: these fail once the date has passed, so a lapsed default is
 * noticed by the test suite rather than by users.
 */
import { describe, expect, it } from 'vitest'
import { fitbitPreset } from '../../src/providers/fitbit.js'
import { hubspotPreset } from '../../src/providers/hubspot.js'
import { presets, presetsById } from '../../src/providers/index.js'
import { isRetired } from '../../src/providers/retired.js'
import { SHOPIFY_DEFAULT_API_VERSION } from '../../src/providers/shopify.js'

describe('dated preset facts', () => {
  it('Shopify: the default Admin API version is within its 12 months of support', () => {
    // "Each stable version is supported for a minimum of 12 months" from its release on the 1st of its
    // month (https://shopify.dev/docs/api/usage/versioning).
    const match = /^(\d{4})-(\d{2})$/.exec(SHOPIFY_DEFAULT_API_VERSION)
    expect(match, SHOPIFY_DEFAULT_API_VERSION).not.toBeNull()
    const supportedUntil = Date.UTC(Number(match![1]) + 1, Number(match![2]) - 1, 1)
    expect(Date.now(), `${SHOPIFY_DEFAULT_API_VERSION} is no longer supported`).toBeLessThan(supportedUntil)
  })

  it('HubSpot: no /oauth/v1 endpoint after its sunset on 2027-02-16', () => {
    // https://developers.hubspot.com/changelog/v1-oauth-api-deprecation
    const usesV1 = [hubspotPreset.tokenUrl, hubspotPreset.revocationUrl].some((url) =>
      url.includes('/oauth/v1/'),
    )
    expect(usesV1 && Date.now() >= Date.UTC(2027, 1, 16)).toBe(false)
  })
  it('Fitbit: retired from 2026-11-02, when Google turned the Fitbit Web API off, for google-health', () => {
    // "As of November 2, 2026, the legacy Fitbit Web API and Fitbit OAuth endpoints have been turned
    // off" (https://developers.google.com/health/reference/rest/v4/users, read 2026-12-05).
    expect(fitbitPreset.retired.on).toBe('2026-11-02')
    expect(fitbitPreset.retired.replacement).toBe('google-health')
    expect(isRetired(fitbitPreset, Date.UTC(2026, 10, 2))).toBe(true)
    expect(isRetired(fitbitPreset, Date.UTC(2026, 10, 1, 23, 59, 59))).toBe(false)
  })

  it('every retirement day is a real date, read on the provider page on or before today', () => {
    const today = new Date().toISOString().slice(0, 10)
    for (const preset of presets.filter((p) => p.retired)) {
      const { on, source, replacement } = preset.retired!
      expect(on, preset.id).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(new Date(`${on}T00:00:00Z`).toISOString().slice(0, 10), preset.id).toBe(on)
      expect(source.checked <= today, `${preset.id} checked in the future`).toBe(true)
      expect(new URL(source.url).protocol, preset.id).toBe('https:')
      if (replacement !== undefined) expect(presetsById.has(replacement), replacement).toBe(true)
    }
  })
})
