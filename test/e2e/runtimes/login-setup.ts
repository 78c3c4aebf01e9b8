/**
 * What the Hono and Express apps share: the two blueprints (the local OpenID provider, the OAuth 1.0a
 * stand-in), the token storage the test asked for (SQLite through the runtime's driver, or Redis
 * through Keyv), and the API calls through the request-scoped clients. Configured by environment
 * variables set by bun-deno.test.ts.
 */
import KeyvRedis, { createClient } from '@keyv/redis'
import Keyv from 'keyv'
import { Kysely, SqliteDialect } from 'kysely'
import {
  makeOAuth1Blueprint,
  makeOidcBlueprint,
  scopedClient,
  type TokenStorage,
  type UserResolver,
} from 'oauth-dance'
import { CacheStorage } from 'oauth-dance/storage/cache'
import { TokenEncryption } from 'oauth-dance/storage/encryption'
import { migrateTokenTable, SqlStorage } from 'oauth-dance/storage/sql'
import { openRuntimeSqlite } from './sqlite.js'

/** The request-scoped client of the OpenID login. */
export const local = scopedClient('local')
/** The request-scoped client of the OAuth 1.0a login. */
export const localOAuth1 = scopedClient('local-oauth1')

function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set`)
  return value
}

/** The runtime this process runs on, as the test names it. */
export function runtimeName(): string {
  if ('Bun' in globalThis) return 'bun'
  if ('Deno' in globalThis) return 'deno'
  return 'node'
}

/** The port to listen on. */
export const port = Number(required('PORT'))

/** The token storage named by `STORAGE`, and how to let go of it at exit. */
export async function makeStorage(): Promise<{ storage: TokenStorage; close(): Promise<void> }> {
  const kind = required('STORAGE')
  // Sealed at rest, as docs/storage.md recommends: the keys come from OAUTH_DANCE_TOKEN_KEYS.
  const encryption = TokenEncryption.fromEnv()
  if (kind === 'sql') {
    const db = new Kysely({
      dialect: new SqliteDialect({ database: await openRuntimeSqlite(required('SQLITE_FILE')) }),
    })
    await migrateTokenTable(db)
    return { storage: new SqlStorage({ db, encryption }), close: () => db.destroy() }
  }
  if (kind === 'redis') {
    // As docs/storage.md sets Redis up.
    const redis = createClient({
      url: required('REDIS_URL'),
      disableOfflineQueue: true,
      commandOptions: { timeout: 1_000 },
      socket: { connectTimeout: 2_000 },
    })
    redis.on('error', (error: Error) => console.error('Redis:', error.message))
    await redis.connect()
    const cache = new Keyv({
      store: new KeyvRedis(redis, { throwOnErrors: true }),
      namespace: required('REDIS_NAMESPACE'),
      throwOnErrors: true,
    })
    return {
      storage: new CacheStorage({ cache, encryption }),
      close: async () => {
        await redis.close()
      },
    }
  }
  throw new Error(`Unknown STORAGE ${kind}`)
}

/**
 * The two blueprints over `storage`, with `user` saying who the signed-in user is and
 * `keepSessionKeys` naming the app's own session keys a login keeps (it starts a fresh session).
 */
export function makeBlueprints(storage: TokenStorage, user: UserResolver, keepSessionKeys?: string[]) {
  const common = {
    storage,
    user,
    ...(keepSessionKeys && { keepSessionKeys }),
    userRequired: true,
    secret: required('DANCE_SECRET'),
    // Only because both providers are plain http on loopback; never in production.
    allowInsecureRequests: true,
  }
  const oauth1 = required('OAUTH1_ORIGIN')
  return [
    makeOidcBlueprint({
      ...common,
      name: 'local',
      issuer: required('ISSUER'),
      baseUrl: `${required('ISSUER')}/`,
      clientId: 'app',
      clientSecret: 'app-secret',
      scope: ['openid', 'profile'],
      authorizationParams: { prompt: 'consent' },
    }),
    makeOAuth1Blueprint({
      ...common,
      name: 'local-oauth1',
      consumerKey: required('OAUTH1_KEY'),
      consumerSecret: required('OAUTH1_SECRET'),
      requestTokenUrl: `${oauth1}/oauth/request_token`,
      authorizationUrl: `${oauth1}/oauth/authorize`,
      accessTokenUrl: `${oauth1}/oauth/access_token`,
      baseUrl: `${oauth1}/api/`,
    }),
  ]
}

/** Calls both providers' APIs through the request-scoped clients (the OpenID one refreshes first). */
export async function callApis(): Promise<Record<string, unknown>> {
  const answer = async (response: Response) => ({ status: response.status, body: await response.json() })
  return {
    runtime: runtimeName(),
    oidc: await answer(await local.get('me')),
    oauth1: await answer(await localOAuth1.get('me')),
  }
}

/** Prints the line the test waits for. */
export function announce(): void {
  console.log(`listening on http://127.0.0.1:${port} (${runtimeName()})`)
}
