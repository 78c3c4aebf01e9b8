/**
 * `<NAME>_OAUTH_BASE_URL` (docs/presets.md, "Environment names") moves the API base URL of every preset,
 * including presets whose factory derives it from an option (GitHub Enterprise, a Zoho region, a
 * Shopify shop, an Okta domain); an explicit `baseUrl` still wins over the environment.
 */
import { describe, expect, it } from 'vitest'
import type { Blueprint } from '../../src/consumer/blueprint.js'
import type { Env } from '../../src/env.js'
import { makeGithubBlueprint } from '../../src/providers/github.js'
import { makeGitlabBlueprint } from '../../src/providers/gitlab.js'
import { makeIntuitBlueprint } from '../../src/providers/intuit.js'
import { makeOktaBlueprint } from '../../src/providers/okta.js'
import { makeShopifyBlueprint } from '../../src/providers/shopify.js'
import { makeTwitterBlueprint } from '../../src/providers/twitter.js'
import { makeZohoBlueprint } from '../../src/providers/zoho.js'

const credentials = { clientId: 'id', clientSecret: 'secret' }
const proxy = 'https://api-proxy.example/'

type Make = (options: { env: Env; name?: string; baseUrl?: string }) => Blueprint

const cases: [string, string, Make][] = [
  ['github', 'GITHUB_OAUTH_BASE_URL', (o) => makeGithubBlueprint({ ...credentials, ...o })],
  [
    'github (Enterprise host)',
    'GHE_OAUTH_BASE_URL',
    (o) => makeGithubBlueprint({ ...credentials, name: 'ghe', enterpriseHost: 'github.example.com', ...o }),
  ],
  [
    'zoho (region ca)',
    'ZOHO_OAUTH_BASE_URL',
    (o) => makeZohoBlueprint({ ...credentials, region: 'ca', ...o }),
  ],
  [
    'shopify',
    'SHOPIFY_OAUTH_BASE_URL',
    (o) => makeShopifyBlueprint({ ...credentials, shop: 'acme.myshopify.com', ...o }),
  ],
  [
    'intuit (sandbox)',
    'INTUIT_OAUTH_BASE_URL',
    (o) => makeIntuitBlueprint({ ...credentials, sandbox: true, ...o }),
  ],
  [
    'okta (OpenID Connect)',
    'OKTA_OAUTH_BASE_URL',
    (o) => makeOktaBlueprint({ ...credentials, domain: 'acme.okta.com', ...o }),
  ],
  ['gitlab (OpenID Connect)', 'GITLAB_OAUTH_BASE_URL', (o) => makeGitlabBlueprint({ ...credentials, ...o })],
  [
    'twitter (OAuth 1.0a)',
    'TWITTER_OAUTH_BASE_URL',
    (o) => makeTwitterBlueprint({ consumerKey: 'key', consumerSecret: 'secret', ...o }),
  ],
]

describe.each(cases)('%s', (_label, variable, make) => {
  it(`takes the API base URL from ${variable}`, () => {
    expect(make({ env: { [variable]: proxy } }).baseUrl).toBe(proxy)
  })

  it('keeps the preset’s base URL without it, and an explicit baseUrl over it', () => {
    const preset = make({ env: {} }).baseUrl
    expect(preset).toMatch(/^https:\/\//)
    expect(preset).not.toBe(proxy)
    expect(make({ env: { [variable]: proxy }, baseUrl: 'https://explicit.example/' }).baseUrl).toBe(
      'https://explicit.example/',
    )
  })
})
