/**
 * Shopify Admin API, per shop (`shop: 'acme.myshopify.com'`, required). Scopes are joined with commas;
 * the token endpoint takes the client id and secret as parameters and answers `{ access_token, scope }`
 * with no `token_type`; API calls carry the token in `X-Shopify-Access-Token`, not `Authorization`.
 * Offline tokens are asked for as expiring (`expiring=1`): they last an hour and come with a refresh
 * token, which Shopify replaces on each refresh; public apps must use them (created from 2026-04-01 on,
 * all from 2027-01-01). `online: true` asks for an online (per-user, expiring) token instead. The API
 * path names a quarterly version (option `apiVersion`), each supported for 12 months; the GraphQL Admin
 * API is at `graphql.json`.
 *
 * Checked 2026-12-05: expiring offline tokens and their dates from
 * https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens
 * (the stored copy lists the `expiring` parameter under "Acquiring expiring offline tokens" but its text
 * was cut; `expiring=1` is confirmed only by a third-party report); the quarterly, 12-month versions from
 * https://shopify.dev/docs/api/usage/versioning.
 *
 * @see [Shopify Dev - Authorization code grant](https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant)
 * @see [Shopify Dev - API versioning](https://shopify.dev/docs/api/usage/versioning)
 * @see [Shopify Dev - About offline access tokens](https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { DanceError } from '../errors.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Admin API version used when none is given: the latest stable one on 2026-12-05. */
export const SHOPIFY_DEFAULT_API_VERSION = '2026-10'

/** The Shopify preset; its URLs are for an example shop: the factory replaces the host. */
export const shopifyPreset = {
  id: 'shopify',
  title: 'Shopify',
  protocol: 'oauth2',
  docs: 'https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant',
  facts: {
    sources: {
      endpoints: {
        url: 'https://github.com/Shopify/omniauth-shopify-oauth2/wiki/Shopify-OAuth',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://github.com/Shopify/omniauth-shopify-oauth2/wiki/Shopify-OAuth',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://github.com/Shopify/omniauth-shopify-oauth2/wiki/Shopify-OAuth',
        checked: '2026-12-05',
      },
      // Expiring offline tokens come with a refresh token, rotated on each use (the page's opening).
      refresh: {
        url: 'https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens',
        checked: '2026-12-05',
      },
      // The Admin API authenticates requests with the token in the X-Shopify-Access-Token header.
      apiAuth: {
        url: 'https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens',
        checked: '2026-12-05',
      },
    },
    unverified: ['pkce', 'revocation'],
  },
  authorizationUrl: 'https://example.myshopify.com/admin/oauth/authorize',
  tokenUrl: 'https://example.myshopify.com/admin/oauth/access_token',
  apiBaseUrl: `https://example.myshopify.com/admin/api/${SHOPIFY_DEFAULT_API_VERSION}/`,
  defaultScope: ['read_products'],
  refresh: true,
  clientAuth: 'client_secret_post',
  quirks: { tokenTypeMissing: true, tokenHeader: 'x-shopify-access-token', scopeSeparator: ',' },
  options: ['shop', 'apiVersion', 'online'],
} as const satisfies OAuth2Preset

/** Options of {@link makeShopifyBlueprint}. */
export interface ShopifyBlueprintOptions extends OAuth2PresetOptions {
  /** The shop's `*.myshopify.com` host name. Required. */
  shop: string
  /** The Admin API version in the path (default {@link SHOPIFY_DEFAULT_API_VERSION}). */
  apiVersion?: string
  /** Ask for an online access token tied to the staff member (`grant_options[]=per-user`), not an expiring offline one. */
  online?: boolean
}

const SHOP = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/

/**
 * Makes a Shopify blueprint for one shop. Credentials default to `SHOPIFY_OAUTH_CLIENT_ID` /
 * `SHOPIFY_OAUTH_CLIENT_SECRET`.
 */
export function makeShopifyBlueprint(options: ShopifyBlueprintOptions): OAuth2Blueprint {
  const { shop, apiVersion = SHOPIFY_DEFAULT_API_VERSION, online, ...rest } = options
  const host = String(shop ?? '')
    .trim()
    .toLowerCase()
  if (!SHOP.test(host)) {
    throw new DanceError(
      'config_invalid',
      `shopify: \`shop\` must be the shop's "<name>.myshopify.com" host name, not "${shop}".`,
      { provider: 'shopify' },
    )
  }
  return blueprintFromPreset(
    { ...shopifyPreset, apiBaseUrl: `https://${host}/admin/api/${encodeURIComponent(apiVersion)}/` },
    {
      authorizationUrl: `https://${host}/admin/oauth/authorize`,
      tokenUrl: `https://${host}/admin/oauth/access_token`,
      ...rest,
      tokenParams: { ...(!online && { expiring: '1' }), ...rest.tokenParams },
      authorizationParams: { ...(online && { 'grant_options[]': 'per-user' }), ...rest.authorizationParams },
    },
  )
}

/** The request-scoped Shopify Admin API client: `await shopify.post('graphql.json', { json: { query: '{ shop { name } }' } })`. */
export const shopify = scopedClient('shopify')
