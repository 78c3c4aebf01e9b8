/**
 * oauth-dance: the OAuth dance, with style. Consumer blueprints for OAuth 1.0a, OAuth 2 and OpenID
 * Connect, a request-scoped API client, hooks and the storage interface. Presets are under
 * `oauth-dance/providers/<id>`, adapters under `oauth-dance/express` (`/fastify`, `/hono`), storages
 * under `oauth-dance/storage/<kind>`, cross-process refresh locks under `oauth-dance/locks`.
 */
export { ApiClient, type ApiRequestInit, type LogoutResult } from './client/api-client.js'
export { Blueprint, type LogoutOptions } from './consumer/blueprint.js'
export type {
  AuthorizedContext,
  AuthorizedResult,
  BeforeLoginContext,
  BlueprintHooks,
  ErrorContext,
} from './consumer/hooks.js'
export {
  makeOAuth1Blueprint,
  type OAuth1Blueprint,
  type OAuth1BlueprintOptions,
} from './consumer/oauth1-blueprint.js'
export {
  makeOAuth2Blueprint,
  type OAuth2Blueprint,
  type OAuth2BlueprintOptions,
} from './consumer/oauth2-blueprint.js'
export {
  makeOidcBlueprint,
  type OidcBlueprint,
  type OidcBlueprintOptions,
} from './consumer/oidc-blueprint.js'
export type { BlueprintOptions, UserResolver } from './consumer/options.js'
export { scopedClient } from './consumer/scoped-client.js'
export { regenerateSession } from './consumer/session.js'
export { safeReturnTo } from './consumer/transaction/return-to.js'
export { DanceError, type DanceErrorCode, isDanceError } from './errors.js'
export type { OAuth2Quirks } from './protocol/oauth2/quirks.js'
export type { IdTokenClaims } from './protocol/oidc/id-token.js'
export type { RefreshLock } from './refresh/lock.js'
export type { StorageContext, TokenKey, TokenStorage } from './storage/types.js'
export type { Token } from './token.js'
