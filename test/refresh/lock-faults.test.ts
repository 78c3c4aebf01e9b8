/**
 * The refresh lock under faults (issue 14 findings 1, 3, 5; issue 12 finding 7): a Redis that stops
 * answering, a Redis that restarts mid-refresh, a client without an 'error' listener, and a refresh
 * that outlasts the lock's lifetime. Two Refreshers stand for two app instances: each has its own lock
 * client, both share the token storage, and the stand-in provider records every refresh token
 * presented, so a second presentation (what reuse detection punishes) is caught.
 */
import { createClient } from '@keyv/redis'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { RedisRefreshLock } from '../../src/refresh/redis-lock.js'
import { Refresher, type RefreshPort } from '../../src/refresh/refresher.js'
import { migrateRefreshLockTable, SqlRefreshLock } from '../../src/refresh/sql-lock.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import type { TokenKey } from '../../src/storage/types.js'
import type { Token } from '../../src/token.js'
import { type DisposableRedis, startDisposableRedis } from '../support/disposable-redis.js'
import { SERVICES } from '../support/services.js'
import { startTcpProxy } from '../support/tcp-proxy.js'
import { uniqueName } from './lock-backends.js'
import { startStandInProvider } from './support.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const now = () => Math.floor(Date.now() / 1000)
const key: TokenKey = { provider: 'standin', userId: 'alice' }

let provider: Awaited<ReturnType<typeof startStandInProvider>>
let redis: DisposableRedis
const clients: { destroy(): void; isOpen: boolean }[] = []

beforeAll(async () => {
  provider = await startStandInProvider()
  redis = await startDisposableRedis()
})

afterAll(async () => {
  for (const client of clients) if (client.isOpen) client.destroy()
  await provider?.close()
  await redis?.stop()
})

beforeEach(() => {
  redis.resume()
  provider.delayMs = 0
  provider.grants.length = 0
})

async function redisClient(url: string) {
  const client = createClient({ url })
  client.on('error', () => {})
  await client.connect()
  clients.push(client)
  return client
}

/** One refresh token grant at the stand-in provider. */
async function grant(token: Token): Promise<Token> {
  const response = await fetch(`${provider.origin}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token.refresh_token ?? '' }),
  })
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`)
  const body = (await response.json()) as Token & { expires_in: number }
  return { ...body, expires_at: now() + body.expires_in }
}

function instance(storage: MemoryStorage, lock: RedisRefreshLock, lockTtlMs: number): Refresher {
  const port: RefreshPort = {
    provider: 'standin',
    storage: () => storage,
    grant,
    validate: () => {},
    margin: 60,
    lock,
    lockTtlMs,
  }
  return new Refresher(port)
}

let stored = 0
function expiredToken(storage: MemoryStorage): Token {
  stored++
  const token: Token = {
    access_token: `old-at-${stored}`,
    token_type: 'Bearer',
    refresh_token: `old-rt-${stored}`,
    expires_at: now() - 10,
  }
  storage.set(key, token)
  return token
}

function presentedTwice(): string[] {
  const counts = new Map<string, number>()
  for (const g of provider.grants)
    counts.set(g.refreshToken ?? '', (counts.get(g.refreshToken ?? '') ?? 0) + 1)
  return [...counts].filter(([, n]) => n > 1).map(([value]) => value)
}

describe('a Redis lock that stops answering (finding 14.1)', () => {
  it('fails the refresh within the bound instead of hanging', async () => {
    const lock = new RedisRefreshLock({ client: await redisClient(redis.url), prefix: uniqueName('hang') })
    const storage = new MemoryStorage()
    const token = expiredToken(storage)
    redis.pause()
    const started = Date.now()
    const outcome = await instance(storage, lock, 2_000)
      .refresh(key, token, {}, 'expiring')
      .then(
        () => 'refreshed',
        (error: { code?: string }) => error.code,
      )
    expect(Date.now() - started).toBeLessThan(3_500)
    expect(outcome).toBe('storage_error')
    expect(provider.grants).toHaveLength(0)
    redis.resume()
  })
})

describe('a Redis client without an error listener (finding 14.3)', () => {
  it('gets one from the lock, so a Redis restart does not end the process', async () => {
    const client = createClient({ url: redis.url })
    await client.connect()
    clients.push(client)
    expect(client.listenerCount('error')).toBe(0)
    const lock = new RedisRefreshLock({ client, prefix: uniqueName('listener') })
    expect(client.listenerCount('error')).toBeGreaterThan(0)
    await redis.restart()
    // The client reconnects by itself, and the lock works again (after the restart fence).
    for (let i = 0; i < 100 && !client.isReady; i++) await sleep(50)
    // Past the restart fence (one lock lifetime, counted in whole seconds of uptime).
    await sleep(1_200)
    const release = await lock.acquire('after-restart', 200)
    await release()
  })
})

describe('a refresh that outlasts the lock lifetime (finding 12.7)', () => {
  it('renews the lock, so the second instance never presents the same refresh token', async () => {
    const prefix = uniqueName('slow')
    const storage = new MemoryStorage()
    const a = instance(
      storage,
      new RedisRefreshLock({ client: await redisClient(SERVICES.redis.url), prefix }),
      600,
    )
    const b = instance(
      storage,
      new RedisRefreshLock({ client: await redisClient(SERVICES.redis.url), prefix }),
      600,
    )
    const token = expiredToken(storage)
    // The token call alone takes longer than the lock lives (a slow provider, then JWKS fetches...).
    provider.delayMs = 1_500
    const first = a.refresh(key, token, {}, 'expiring')
    await sleep(900)
    const second = b.refresh(key, token, {}, 'expiring')
    const [fromA, fromB] = await Promise.all([first, second])
    expect(presentedTwice()).toEqual([])
    expect(provider.grants).toHaveLength(1)
    expect(fromB.access_token).toBe(fromA.access_token)
  })
})

describe('a Redis restart in the middle of a refresh (finding 14.5)', () => {
  it('hands out no lock until the holder that lost it has finished: one presentation only', async () => {
    const prefix = uniqueName('restart')
    const storage = new MemoryStorage()
    const clientA = await redisClient(redis.url)
    const clientB = await redisClient(redis.url)
    const a = instance(storage, new RedisRefreshLock({ client: clientA, prefix }), 2_500)
    const b = instance(storage, new RedisRefreshLock({ client: clientB, prefix }), 2_500)
    // A fresh server is fenced for one lock lifetime; wait that out first.
    await sleep(3_000)
    const token = expiredToken(storage)
    provider.delayMs = 1_200
    const first = a.refresh(key, token, {}, 'expiring')
    await sleep(300)
    // Redis without persistence restarts: A's lock is gone while A's refresh token is at the provider.
    await redis.restart()
    for (let i = 0; i < 100 && !(clientA.isReady && clientB.isReady); i++) await sleep(50)
    // B is told at once that no lock can be had yet, instead of taking a lock A still needs.
    const second = await b.refresh(key, token, {}, 'expiring').then(
      () => 'refreshed',
      (error: { code?: string }) => error.code,
    )
    const fromA = await first
    expect(presentedTwice()).toEqual([])
    expect(provider.grants).toHaveLength(1)
    expect(second).toBe('refresh_failed')
    // Once the fence has passed, B takes the lock, finds A's token stored, and does not refresh.
    await sleep(2_600)
    const later = await b.refresh(key, token, {}, 'expiring')
    expect(later.access_token).toBe(fromA.access_token)
    expect(provider.grants).toHaveLength(1)
  })
})

describe('a SQL lock whose database stops answering (finding 14.1)', () => {
  it('fails the attempt within the query timeout instead of holding the request', async () => {
    const proxy = await startTcpProxy(SERVICES.postgres.host, SERVICES.postgres.port)
    const pool = new pg.Pool({
      connectionString: SERVICES.postgres.url.replace(`:${SERVICES.postgres.port}/`, `:${proxy.port}/`),
      max: 2,
    })
    pool.on('error', () => {})
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
    const table = uniqueName('faults_sql_lock')
    try {
      await migrateRefreshLockTable(db, { table })
      const lock = new SqlRefreshLock({ db, table })
      proxy.stall()
      const started = Date.now()
      const outcome = await lock.acquire('stalled', 30_000).then(
        () => 'acquired',
        (error: { code?: string }) => error.code,
      )
      expect(outcome).toBe('storage_error')
      expect(Date.now() - started).toBeLessThan(3_000)
    } finally {
      proxy.resume()
      await db.schema.dropTable(table).ifExists().execute()
      await db.destroy()
      await proxy.close()
    }
  })
})
