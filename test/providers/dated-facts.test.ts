/**
 * Preset facts with a documented end date: these fail once the date has passed, so a lapsed default is
 * noticed by the test suite rather than by users.
 */
import { describe, expect, it } from 'vitest'
import { hubspotPreset } from '../../src/providers/hubspot.js'
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
})
