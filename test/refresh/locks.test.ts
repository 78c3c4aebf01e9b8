/**
 * The refresh locks on their real backends: two lock instances (as two processes would have) exclude
 * each other, an abandoned lock expires, a late release never frees the next holder's lock, and a
 * waiter that cannot get the lock in time fails with `refresh_failed`, and the spent ledger records
 * a presented refresh token for every instance until it expires.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { isDanceError } from '../../src/errors.js'
import type { RefreshLock } from '../../src/refresh/lock.js'
import { RedisRefreshLock } from '../../src/refresh/redis-lock.js'
import { migrateRefreshLockTable, SqlRefreshLock } from '../../src/refresh/sql-lock.js'
import { serviceAvailable } from '../support/services.js'
import { openKysely, openRedis, type SqlKind, sqliteFile, uniqueName } from './lock-backends.js'

const available = {
  postgres: await serviceAvailable('postgres'),
  mysql: await serviceAvailable('mariadb'),
  redis: await serviceAvailable('redis'),
}

const cleanups: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

/** Two locks on one backend, like two processes. */
type PairFactory = () => Promise<[RefreshLock, RefreshLock]>

const sqlPair =
  (kind: SqlKind): PairFactory =>
  async () => {
    const temp = kind === 'sqlite' ? sqliteFile() : undefined
    const first = openKysely(kind, temp?.file)
    const second = openKysely(kind, temp?.file)
    const table = uniqueName('refresh_locks')
    await migrateRefreshLockTable(first, { table })
    // Idempotent: a second migration is a no-op.
    await migrateRefreshLockTable(second, { table })
    cleanups.push(async () => {
      await first.schema.dropTable(table).ifExists().execute()
      await first.destroy()
      await second.destroy()
      temp?.remove()
    })
    return [new SqlRefreshLock({ db: first, table }), new SqlRefreshLock({ db: second, table })]
  }

const redisPair: PairFactory = async () => {
  const first = await openRedis()
  const second = await openRedis()
  const prefix = `${uniqueName('oauth-dance-lock-test')}:`
  cleanups.push(async () => {
    for (const key of await first.keys(`${prefix}*`)) await first.del(key)
    first.destroy()
    second.destroy()
  })
  // A Redis started just before the suite (CI) is fenced for one lock lifetime; these tests are not
  // about restarts (test/refresh/lock-faults.test.ts is).
  const restartGraceMs = 1_000
  return [
    new RedisRefreshLock({ client: first, prefix, restartGraceMs }),
    new RedisRefreshLock({ client: second, prefix, restartGraceMs }),
  ]
}

const backends: Array<[string, boolean, PairFactory]> = [
  ['SQLite', true, sqlPair('sqlite')],
  ['PostgreSQL', available.postgres, sqlPair('postgres')],
  ['MariaDB', available.mysql, sqlPair('mysql')],
  ['Redis', available.redis, redisPair],
]

for (const [name, up, makePair] of backends) {
  describe.skipIf(!up)(`${name} refresh lock`, () => {
    it('lets one holder in at a time across two instances', async () => {
      const [a, b] = await makePair()
      let inside = 0
      let most = 0
      let entered = 0
      await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const release = await (i % 2 ? a : b).acquire('same-key', 5_000)
          inside++
          entered++
          most = Math.max(most, inside)
          await new Promise((resolve) => setTimeout(resolve, 15))
          inside--
          await release()
        }),
      )
      expect(entered).toBe(8)
      expect(most).toBe(1)
    })

    it('does not block other keys', async () => {
      const [a, b] = await makePair()
      const releaseA = await a.acquire('key-one', 30_000)
      // Blocked by key-one, this would give up (refresh_failed) after about 2 s.
      const releaseB = await b.acquire('key-two', 1_000)
      await releaseA()
      await releaseB()
    })

    it('expires an abandoned lock, and a late release does not free the next holder', async () => {
      const [a, b] = await makePair()
      // The lock cannot expire before `before + 150`: it was taken after `before`, for 150 ms.
      const before = Date.now()
      const abandoned = await a.acquire('expiring', 150)
      const next = await b.acquire('expiring', 5_000)
      expect(Date.now() - before).toBeGreaterThanOrEqual(140)
      await abandoned() // too late: the lock is b's now, and must stay b's
      const waiter = await a.acquire('expiring', 100).then(
        () => 'acquired',
        (error: unknown) => (isDanceError(error, 'refresh_failed') ? 'timed out' : String(error)),
      )
      expect(waiter).toBe('timed out')
      await next()
      const after = await a.acquire('expiring', 1_000)
      await after()
    })

    it('records a presented refresh token for every instance, beyond the lock, until it expires', async () => {
      const [a, b] = await makePair()
      // Claiming is atomic: of two instances claiming at once, exactly one may present the token.
      const claims = await Promise.all([
        a.spent!.claim('token-hash', 'presented:1', 60_000),
        b.spent!.claim('token-hash', 'presented:2', 60_000),
      ])
      expect(claims.filter((found) => found === undefined)).toHaveLength(1)
      expect(['presented:1', 'presented:2']).toContain(claims.find((found) => found !== undefined))
      // It is not a lock: taking the lock of the same key is unaffected, and the record outlives it.
      const release = await b.acquire('token-hash', 100)
      await release()
      await b.spent!.settle('token-hash', 'unknown', 60_000)
      expect(await a.spent!.claim('token-hash', 'presented:3', 60_000)).toBe('unknown')
      // Removed (the provider answered with an error): the token may be presented again.
      await a.spent!.settle('token-hash', undefined, 60_000)
      expect(await b.spent!.claim('token-hash', 'presented:4', 150)).toBeUndefined()
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(await a.spent!.claim('token-hash', 'presented:5', 60_000)).toBeUndefined()
    })
  })
}
