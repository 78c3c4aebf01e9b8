/**
 * Preset options. Their effect on endpoints and authorization parameters is exercised through the whole
 * dance in `dance.test.ts` (the `<id>-<variant>` specs); this file checks that every option a preset
 * declares is exercised there, that bad option values fail at startup with `config_invalid`, and the
 * options whose effect is not a URL or a parameter.
 */
import { describe, expect, it } from 'vitest'
import type { OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { isDanceError } from '../../src/errors.js'
import { makeAmazonBlueprint } from '../../src/providers/amazon.js'
import { makeAuthentiqBlueprint } from '../../src/providers/authentiq.js'
import { makeBattlenetBlueprint } from '../../src/providers/battlenet.js'
import { makeDexcomBlueprint } from '../../src/providers/dexcom.js'
import { makeGiteaBlueprint } from '../../src/providers/gitea.js'
import { presets } from '../../src/providers/index.js'
import { makeMailchimpBlueprint } from '../../src/providers/mailchimp.js'
import { makeMastodonBlueprint } from '../../src/providers/mastodon.js'
import { makeNylasBlueprint } from '../../src/providers/nylas.js'
import { makeShopifyBlueprint } from '../../src/providers/shopify.js'
import { makeSlackLegacyBlueprint } from '../../src/providers/slack-legacy.js'
import { makeZohoBlueprint } from '../../src/providers/zoho.js'
import { SPECS } from './specs.js'

const credentials = { clientId: 'id', clientSecret: 'secret' }

function configError(make: () => unknown): string {
  try {
    make()
  } catch (error) {
    if (isDanceError(error, 'config_invalid')) return error.message
    throw error
  }
  throw new Error('expected config_invalid')
}

describe('declared options', () => {
  const oauth2 = presets.flatMap((p) => (p.protocol === 'oauth2' ? [p] : []))
  const cases = oauth2.flatMap((p) => (p.options ?? []).map((option) => [p.id, option] as const))

  it.each(cases)('%s option %s is exercised by a dance spec', (id, option) => {
    const sources = SPECS.filter((s) => s.preset === id).map((s) => s.make.toString())
    expect(sources.some((source) => new RegExp(`\\b${option}:`).test(source))).toBe(true)
  })
})

describe('bad option values fail at startup', () => {
  it.each([
    [
      'gitea hostname with a path',
      () => makeGiteaBlueprint({ ...credentials, hostname: 'git.example.com/evil' }),
    ],
    [
      'gitea hostname with a scheme',
      () => makeGiteaBlueprint({ ...credentials, hostname: 'https://git.example.com' }),
    ],
    [
      'mastodon hostname with userinfo',
      () => makeMastodonBlueprint({ ...credentials, hostname: 'a@evil.example' }),
    ],
    [
      'authentiq hostname with a query',
      () => makeAuthentiqBlueprint({ ...credentials, hostname: 'id.example.org?x' }),
    ],
    [
      'slack-legacy subdomain with a slash',
      () => makeSlackLegacyBlueprint({ ...credentials, subdomain: 'a/b' }),
    ],
    [
      'shopify shop off myshopify.com',
      () => makeShopifyBlueprint({ ...credentials, shop: 'acme.example.com' }),
    ],
    ['shopify shop missing', () => makeShopifyBlueprint({ ...credentials, shop: '' })],
    [
      'mailchimp data centre',
      () => makeMailchimpBlueprint({ ...credentials, dataCenter: 'us6.evil.example/' }),
    ],
    ['zoho region', () => makeZohoBlueprint({ ...credentials, region: 'xx' as 'eu' })],
    ['nylas region', () => makeNylasBlueprint({ ...credentials, region: 'ap' as 'eu' })],
    ['dexcom region', () => makeDexcomBlueprint({ ...credentials, region: 'uk' as 'eu' })],
    ['amazon region', () => makeAmazonBlueprint({ ...credentials, region: 'us' as 'na' })],
    ['battlenet region', () => makeBattlenetBlueprint({ ...credentials, region: 'jp' as 'kr' })],
  ])('%s', (_label, make) => {
    expect(configError(make)).toMatch(/must be/)
  })
})

describe('options beyond URLs and parameters', () => {
  it('battlenet in China moves the OAuth host and the API gateway', () => {
    const blueprint = makeBattlenetBlueprint({ ...credentials, region: 'cn' })
    expect(blueprint.resolveApiUrl('profile/user/wow').href).toBe(
      'https://gateway.battlenet.com.cn/profile/user/wow',
    )
    // The userinfo endpoint on the OAuth host is an allowed absolute URL; strangers are not.
    expect(blueprint.resolveApiUrl('https://oauth.battlenet.com.cn/userinfo').host).toBe(
      'oauth.battlenet.com.cn',
    )
    expect(() => blueprint.resolveApiUrl('https://oauth.battle.net/userinfo')).toThrow()
  })

  it('mailchimp with a data centre may still reach the metadata endpoint', () => {
    const blueprint: OAuth2Blueprint = makeMailchimpBlueprint({ ...credentials, dataCenter: 'us6' })
    expect(blueprint.resolveApiUrl('lists').href).toBe('https://us6.api.mailchimp.com/3.0/lists')
    expect(blueprint.resolveApiUrl('https://login.mailchimp.com/oauth2/metadata').pathname).toBe(
      '/oauth2/metadata',
    )
  })

  it('shopify lower-cases the shop and pins the API version', () => {
    const blueprint = makeShopifyBlueprint({
      ...credentials,
      shop: 'ACME.myshopify.com',
      apiVersion: '2025-07',
    })
    expect(blueprint.resolveApiUrl('shop.json').href).toBe(
      'https://acme.myshopify.com/admin/api/2025-07/shop.json',
    )
  })
})
