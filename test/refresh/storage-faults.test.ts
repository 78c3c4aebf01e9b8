/**
 * Storage failing around a refresh and a logout (issue 14, findings 4, 6 and 7), through a real
 * Express app, a stand-in provider that records every refresh token presented, SQL storage on a
 * SQLite file whose writes a second connection blocks (`BEGIN IMMEDIATE`: reads go on, writes get
 * SQLITE_BUSY), and a Redis cache on a disposable redis-server that can be made to refuse writes.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import KeyvRedis, { createClient } from '@keyv/redis'
import Database from 'better-sqlite3'
import Keyv from 'keyv'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { makeOAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { RedisRefreshLock } from '../../src/refresh/redis-lock.js'
import { migrateRefreshLockTable, SqlRefreshLock } from '../../src/refresh/sql-lock.js'
import { CacheStorage } from '../../src/storage/cache.js'
import { migrateTokenTable, SqlStorage } from '../../src/storage/sql.js'
import type { TokenKey } from '../../src/storage/types.js'
import type { Token } from '../../src/token.js'
import { type DisposableRedis, startDisposableRedis } from '../support/disposable-redis.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { SERVICES } from '../support/services.js'
import { startTcpProxy } from '../support/tcp-proxy.js'
import { uniqueName } from './lock-backends.js'
import { mountRefreshRoutes, startStandInProvider } from './support.js'

const now = () => Math.floor(Date.now() / 1000)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let dir: string
let provider: Awaited<ReturnType<typeof startStandInProvider>>
let redis: DisposableRedis
/** A second connection to the app's SQLite file, used to block its writes. */
let blocker: Database.Database
let blocked = false
/** Block the app's writes the moment the provider receives a refresh grant (before it answers). */
let blockOnGrant = false

function blockWrites(): void {
  if (blocked) return
  blocker.exec('BEGIN IMMEDIATE')
  blocked = true
}

function unblockWrites(): void {
  if (!blocked) return
  blocker.exec('COMMIT')
  blocked = false
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oauth-dance-storage-faults-'))
  provider = await startStandInProvider()
  provider.server.prependListener('request', (req) => {
    if (blockOnGrant && req.url === '/token') blockWrites()
  })
  redis = await startDisposableRedis()
})

afterAll(async () => {
  unblockWrites()
  blocker?.close()
  await provider?.close()
  await redis?.stop()
  rmSync(dir, { recursive: true, force: true })
})

beforeEach(() => {
  unblockWrites()
  blockOnGrant = false
  provider.mode = 'ok'
  provider.grants.length = 0
  provider.revocations.length = 0
})

let appCount = 0

/** An app on SQL storage (optionally behind a Redis cache) with the SQL refresh lock, one file each. */
async function startApp(options: { cache?: boolean; redisLock?: boolean } = {}) {
  appCount++
  const file = join(dir, `app-${appCount}.db`)
  // A short busy timeout: a blocked write fails fast, as a database that went away does.
  const db = new Kysely<unknown>({
    dialect: new SqliteDialect({ database: new Database(file, { timeout: 100 }) }),
  })
  await migrateTokenTable(db)
  await migrateRefreshLockTable(db)
  blocker?.close()
  blocker = new Database(file)
  const sql = new SqlStorage({ db })
  const store = options.cache ? new KeyvRedis(redis.url) : undefined
  const storage = store
    ? new CacheStorage({
        cache: new Keyv({ store, namespace: `faults-${appCount}`, throwOnErrors: true }),
        source: sql,
        timeoutMs: 500,
      })
    : sql
  const lockClient = options.redisLock ? createClient({ url: redis.url }) : undefined
  if (lockClient) {
    lockClient.on('error', () => {})
    await lockClient.connect()
  }
  const app: TestApp = await startExpressApp()
  const blueprint = makeOAuth2Blueprint({
    name: 'standin',
    clientId: 'app',
    clientSecret: 'app-secret',
    authorizationUrl: `${provider.origin}/authorize`,
    tokenUrl: `${provider.origin}/token`,
    revocationUrl: `${provider.origin}/revoke`,
    issuer: provider.origin,
    baseUrl: `${provider.origin}/api/`,
    user: () => 'alice',
    timeoutMs: 400,
    allowInsecureRequests: true,
    refreshLock: lockClient
      ? new RedisRefreshLock({ client: lockClient, prefix: `faults-${appCount}:`, restartGraceMs: 0 })
      : new SqlRefreshLock({ db }),
  })
  blueprint.storage = storage
  mountRefreshRoutes(app.app, blueprint)
  const key: TokenKey = { provider: 'standin', userId: 'alice' }
  return {
    app,
    db,
    sql,
    storage,
    key,
    call: (path = '/api/me', init: RequestInit = {}) =>
      fetch(`${app.origin}${path}`, { redirect: 'manual', ...init }),
    locks: () =>
      blocker
        // Held locks only: `spent:` rows record presented refresh tokens and outlive the lock.
        .prepare("SELECT count(*) AS n FROM oauth_dance_refresh_locks WHERE lock_key NOT LIKE 'spent:%'")
        .get() as { n: number },
    close: async () => {
      await app.close()
      await store?.disconnect(true)
      if (lockClient?.isOpen) lockClient.destroy()
      await db.destroy()
    },
  }
}

function token(name: string, expiresAt: number): Token {
  provider.valid.add(`${name}-access`)
  return {
    access_token: `${name}-access`,
    token_type: 'Bearer',
    refresh_token: `${name}-refresh`,
    expires_at: expiresAt,
  }
}

/** The refresh tokens presented to the provider more than once. */
function presentedTwice(): string[] {
  const seen = new Set<string>()
  const twice: string[] = []
  for (const grant of provider.grants) {
    const value = grant.refreshToken ?? ''
    if (seen.has(value)) twice.push(value)
    seen.add(value)
  }
  return twice
}

describe('a storage write that fails right after a refresh (finding 14.4)', () => {
  it('keeps the new token, serves it, writes it when the database is back, never presents the spent one', async () => {
    const t = await startApp()
    await t.sql.set(t.key, token('expired', now() - 30))
    blockOnGrant = true
    const first = await t.call()
    // The provider rotated the refresh token; the app still answers with the new access token.
    expect(first.status).toBe(200)
    expect(provider.grants).toHaveLength(1)
    // Still blocked: the database holds the spent token, and the next request must not present it.
    blockOnGrant = false
    expect((await t.sql.get(t.key))?.refresh_token).toBe('expired-refresh')
    const second = await t.call()
    expect(second.status).toBe(200)
    expect(provider.grants).toHaveLength(1)
    // The database comes back: the kept token is written, and the lock row is gone at once.
    unblockWrites()
    await sleep(1_500)
    expect((await t.sql.get(t.key))?.refresh_token).toBe(`stand-in-rt-${issuedNumber()}`)
    expect(t.locks().n).toBe(0)
    // The next refresh starts at once (no wait for a lock row left behind) and presents the new token.
    await t.call('/expire', { method: 'POST' })
    const started = Date.now()
    const third = await t.call()
    expect(third.status).toBe(200)
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(presentedTwice()).toEqual([])
    await t.close()
  })
})

describe('a database blip during a proactive refresh (finding 14.7)', () => {
  it('uses the still-valid token instead of failing the request', async () => {
    const t = await startApp()
    // Inside the 60 s margin, not expired.
    await t.sql.set(t.key, token('expiring', now() + 30))
    blockWrites()
    const response = await t.call()
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ sub: 'alice' })
    unblockWrites()
    await t.close()
  })
})

describe('a Redis cache and lock that stop answering (finding 14.1)', () => {
  it('answers every in-flight call from SQL within the bound, refresh-due ones with the still-valid token', async () => {
    const t = await startApp({ cache: true, redisLock: true })
    const users = Array.from({ length: 20 }, (_, i) => i)
    await t.storage.set(t.key, token('fresh', now() + 3_600), {})
    expect((await t.call()).status).toBe(200)
    redis.pause()
    try {
      let started = Date.now()
      const statuses = await Promise.all(users.map(() => t.call().then((response) => response.status)))
      expect(statuses).toEqual(users.map(() => 200))
      expect(Date.now() - started).toBeLessThan(2_500)
      // Inside the refresh margin: the lock cannot be had, the old token still works and is used.
      await t.sql.set(t.key, token('due', now() + 30))
      started = Date.now()
      const due = await Promise.all(users.map(() => t.call().then((response) => response.status)))
      expect(due).toEqual(users.map(() => 200))
      expect(Date.now() - started).toBeLessThan(4_000)
      expect(provider.grants).toHaveLength(0)
    } finally {
      redis.resume()
    }
    await t.close()
  })
})

describe('logout while the Redis cache refuses writes (finding 14.6)', () => {
  it('fails the logout loudly, revokes the token, and API calls stop using it', async () => {
    const t = await startApp({ cache: true })
    await t.storage.set(t.key, token('cached', now() + 3_600), {})
    expect((await t.call()).status).toBe(200)
    await redis.command('CONFIG', 'SET', 'min-replicas-to-write', '1')
    try {
      const logout = await t.call('/logout', { method: 'POST' })
      expect(logout.status).toBe(500)
      expect(await logout.json()).toEqual({ code: 'storage_error' })
      expect(provider.revocations).toContain('cached-refresh')
      expect((await t.call()).status).not.toBe(200)
    } finally {
      await redis.command('CONFIG', 'SET', 'min-replicas-to-write', '0')
    }
    await t.close()
  })
})

/** The number in the last access token the provider issued. */
function issuedNumber(): number {
  let highest = 0
  for (const value of provider.valid) {
    const match = /^stand-in-at-(\d+)$/.exec(value)
    if (match) highest = Math.max(highest, Number(match[1]))
  }
  return highest
}

describe('PostgreSQL stops answering right after a refresh (finding 14.4, real database)', () => {
  it('answers with the new token within the bound, stores it when PostgreSQL answers again, no reuse', async () => {
    const proxy = await startTcpProxy(SERVICES.postgres.host, SERVICES.postgres.port)
    const pool = new pg.Pool({
      connectionString: SERVICES.postgres.url.replace(`:${SERVICES.postgres.port}/`, `:${proxy.port}/`),
      max: 4,
    })
    pool.on('error', () => {})
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
    const table = uniqueName('faults_tokens')
    const lockTable = uniqueName('faults_locks')
    await migrateTokenTable(db, { table })
    await migrateRefreshLockTable(db, { table: lockTable })
    const sql = new SqlStorage({ db, table })
    const app: TestApp = await startExpressApp()
    const blueprint = makeOAuth2Blueprint({
      name: 'standin',
      clientId: 'app',
      clientSecret: 'app-secret',
      authorizationUrl: `${provider.origin}/authorize`,
      tokenUrl: `${provider.origin}/token`,
      issuer: provider.origin,
      baseUrl: `${provider.origin}/api/`,
      user: () => 'alice',
      timeoutMs: 400,
      allowInsecureRequests: true,
      refreshLock: new SqlRefreshLock({ db, table: lockTable }),
    })
    blueprint.storage = sql
    mountRefreshRoutes(app.app, blueprint)
    const key: TokenKey = { provider: 'standin', userId: 'alice' }
    const call = () => fetch(`${app.origin}/api/me`, { redirect: 'manual' })
    const stallOnGrant = (req: { url?: string }) => {
      if (req.url === '/token') proxy.stall()
    }
    try {
      await sql.set(key, token('pg-expired', now() - 30))
      provider.server.prependListener('request', stallOnGrant)
      const started = Date.now()
      const first = await call()
      provider.server.removeListener('request', stallOnGrant)
      expect(first.status).toBe(200)
      // The write waits 5 s at most; the lock release 1 s.
      expect(Date.now() - started).toBeLessThan(8_000)
      // Still stalled (new connections too): a request cannot read its token, so it fails fast with a
      // 500 (SqlStorage's query timeout) instead of hanging, and never causes a second grant.
      const during = Date.now()
      expect((await call()).status).toBe(500)
      expect(Date.now() - during).toBeLessThan(7_000)
      expect(provider.grants).toHaveLength(1)
      proxy.resume()
      let stored: Token | undefined
      for (let i = 0; i < 40; i++) {
        stored = await sql.get(key)
        if (stored?.refresh_token !== 'pg-expired-refresh') break
        await sleep(250)
      }
      expect(stored?.refresh_token).toBe(`stand-in-rt-${issuedNumber()}`)
      expect(presentedTwice()).toEqual([])
    } finally {
      provider.server.removeListener('request', stallOnGrant)
      proxy.resume()
      await app.close()
      await db.schema.dropTable(table).ifExists().execute()
      await db.schema.dropTable(lockTable).ifExists().execute()
      await db.destroy()
      await proxy.close()
    }
  })
})
