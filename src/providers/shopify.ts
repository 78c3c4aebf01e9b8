/**
 * Shopify Admin API, per shop (`shop: 'acme.myshopify.com'`, required). Scopes are joined with commas;
 * the token endpoint takes the client id and secret as parameters and answers `{ access_token, scope }`
 * with no `token_type`; API calls carry the token in `X-Shopify-Access-Token`, not `Authorization`.
 * `online: true` asks for an online (per-user, expiring) token. The API path names a quarterly version
 * (option `apiVersion`).
 *
 * @see [Shopify Dev - Authorization code grant](https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant)
 * @see [Shopify Dev - API versioning](https://shopify.dev/docs/api/usage/versioning)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { DanceError } from '../errors.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Admin API version used when none is given. */
export const SHOPIFY_DEFAULT_API_VERSION = '2025-10'

/** The Shopify preset; its URLs are for an example shop: the factory replaces the host. */
export const shopifyPreset = {
  id: 'shopify',
  title: 'Shopify',
  protocol: 'oauth2',
  docs: 'https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant',
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
  /** Ask for an online access token tied to the staff member (`grant_options[]=per-user`). */
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
  return blueprintFromPreset(shopifyPreset, {
    authorizationUrl: `https://${host}/admin/oauth/authorize`,
    tokenUrl: `https://${host}/admin/oauth/access_token`,
    baseUrl: `https://${host}/admin/api/${encodeURIComponent(apiVersion)}/`,
    ...rest,
    authorizationParams: { ...(online && { 'grant_options[]': 'per-user' }), ...rest.authorizationParams },
  })
}

/** The request-scoped Shopify Admin API client: `await shopify.get('shop.json')`. */
export const shopify = scopedClient('shopify')
