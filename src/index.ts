/**
 * oauth-dance: the OAuth dance, with style. Consumer blueprints for OAuth 1.0a, OAuth 2 and OpenID
 * Connect, presets, a request-scoped API client and swappable token storage.
 * @see https://www.rfc-editor.org/rfc/rfc6749
 */
export { ApiClient, type ApiRequestInit, scopedClient } from './client/api-client.js'
export { resolveApiUrl } from './client/url.js'
export {
  Blueprint,
  type BlueprintOptions,
  type LoginResult,
  type LoginStart,
  type LogoutResult,
  type OutgoingRequest,
  type UserResolver,
} from './consumer/blueprint.js'
export { type Env, envName, envPrefix } from './consumer/env.js'
export type {
  AuthorizedContext,
  AuthorizedResult,
  BeforeLoginContext,
  BlueprintHooks,
  ErrorContext,
  HookContext,
} from './consumer/hooks.js'
export { OAuth1Blueprint, type OAuth1BlueprintOptions } from './consumer/oauth1-blueprint.js'
export {
  type ClientAuthMethod,
  OAuth2Blueprint,
  type OAuth2BlueprintOptions,
} from './consumer/oauth2-blueprint.js'
export type { OAuth2Quirks } from './consumer/oauth2-quirks.js'
export {
  OidcBlueprint,
  type OidcBlueprintOptions,
  type OidcLogoutOptions,
  type TenantIssuerRule,
} from './consumer/oidc-blueprint.js'
export { safeReturnTo } from './consumer/return-to.js'
export { type RegenerateSessionOptions, regenerateSession } from './consumer/session.js'
export type { SessionPort } from './consumer/session-port.js'
export type { Transaction } from './consumer/transaction.js'
export { currentScope, type RequestScope, runInScope } from './context.js'
export { DanceError, type DanceErrorCode, ERROR_CODES, isDanceError } from './errors.js'
export { formatRecord, type LogEvent, type LoggerOption, type LogRecord } from './log.js'
export { DiscoveryCache, type DiscoveryOptions, discoverProvider } from './protocol/discovery.js'
export { type FetchLike, makeTransport, type TransportOptions } from './protocol/http.js'
export { decodeJwt, type IdTokenClaims, storedIdTokenClaims } from './protocol/id-token.js'
export type { SignatureLocation } from './protocol/oauth1/sign-request.js'
export type { SignatureMethod } from './protocol/oauth1/signature.js'
export { blueprintFromPreset, presetOptions } from './providers/define.js'
export { blueprintFromOAuth1Preset, oauth1PresetOptions } from './providers/define-oauth1.js'
export {
  hostOption,
  type OidcPresetOptions,
  oidcBlueprintFromPreset,
  oidcPresetOptions,
  segmentOption,
} from './providers/define-oidc.js'
export type {
  OAuth1Preset,
  OAuth1PresetOptions,
  OAuth2Preset,
  OAuth2PresetOptions,
  OidcPreset,
} from './providers/types.js'
export { assertSameIdentity, decodeJwtClaims } from './refresh/id-token.js'
export { InProcessLock, pollForLock, type RefreshLock, type ReleaseLock } from './refresh/lock.js'
export { type RedisLockClient, RedisRefreshLock, type RedisRefreshLockOptions } from './refresh/redis-lock.js'
export { migrateRefreshLockTable, SqlRefreshLock, type SqlRefreshLockOptions } from './refresh/sql-lock.js'
export type { RefreshReason } from './refresh/token-freshness.js'
export {
  TOKEN_KEYS_ENV,
  TokenEncryption,
  type TokenKeyEntry,
  TokenKeyring,
} from './storage/encryption.js'
export { MemoryStorage, type MemoryStorageOptions } from './storage/memory.js'
export { NullStorage } from './storage/null.js'
export { SessionStorage } from './storage/session.js'
export { type StorageContext, serializeKey, type TokenKey, type TokenStorage } from './storage/types.js'
export { grantedScopes, isExpiring, type Token, withExpiresAt } from './token.js'
