/**
 * CacheStorage in front of a source when its Redis stops answering or refuses writes (issue 14,
 * findings 1 and 6), on a disposable redis-server this file starts, pauses and reconfigures.
 */
import KeyvRedis from '@keyv/redis'
import Keyv from 'keyv'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CacheStorage } from '../../src/storage/cache.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { type DisposableRedis, startDisposableRedis } from '../support/disposable-redis.js'

let redis: DisposableRedis

beforeAll(async () => {
  redis = await startDisposableRedis()
})

afterEach(async () => {
  redis.resume()
  await redis.command('CONFIG', 'SET', 'min-replicas-to-write', '0')
})

afterAll(async () => {
  await redis?.stop()
})

/** The documented setup: a Keyv on @keyv/redis with throwOnErrors, in front of another storage. */
function cachedStorage(namespace: string) {
  const store = new KeyvRedis(redis.url)
  const cache = new Keyv({ store, namespace, throwOnErrors: true })
  const source = new MemoryStorage()
  const storage = new CacheStorage({ cache, source, timeoutMs: 500 })
  return { storage, source, close: () => store.disconnect(true) }
}

describe('a Redis that stops answering (finding 14.1)', () => {
  it('serves in-flight reads from the source within the timeout, none hang', async () => {
    const { storage, close } = cachedStorage('outage-read')
    const keys = Array.from({ length: 20 }, (_, i) => ({ provider: 'github', userId: `u${i}` }))
    for (const key of keys) await storage.set(key, { access_token: `at-${key.userId}` }, {})
    // Warm: every key is now in Redis.
    expect((await storage.get(keys[0]!, {}))?.access_token).toBe('at-u0')
    redis.pause()
    const started = Date.now()
    const answers = await Promise.all(keys.map((key) => storage.get(key, {})))
    const took = Date.now() - started
    expect(answers.map((token) => token?.access_token)).toEqual(keys.map((key) => `at-${key.userId}`))
    expect(took).toBeLessThan(2_000)
    redis.resume()
    await close()
  })
})

describe('a Redis that stalls: one timeout per stall, not one per cache call', () => {
  it('lets the calls after a timed-out one fail at once, then uses the cache again once it answers', async () => {
    const { storage, close } = cachedStorage('outage-stall')
    const alice = { provider: 'github', userId: 'alice' }
    const bob = { provider: 'github', userId: 'bob' }
    await storage.set(alice, { access_token: 'alice-token' }, {})
    redis.pause()
    // What one request does with a token it then refreshes: a read (cache, then source, then a fill),
    // a locked re-read (source, then a fill) and a write (invalidate, source, fill). Each cache call
    // would wait out its own 500 ms; only the first may.
    const started = Date.now()
    expect((await storage.get(alice, {}))?.access_token).toBe('alice-token')
    expect((await storage.getLatest(alice, {}))?.access_token).toBe('alice-token')
    await storage.set(alice, { access_token: 'alice-refreshed' }, {})
    expect((await storage.get(alice, {}))?.access_token).toBe('alice-refreshed')
    expect(Date.now() - started).toBeLessThan(900)
    redis.resume()
    // After the stall window (2 × 500 ms) the cache is tried, and used, again.
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    await storage.set(bob, { access_token: 'bob-token' }, {})
    expect(await redis.command('EXISTS', 'outage-stall::outage-stall:token:github:bob:')).toBe(':1')
    await close()
  })
})

describe('a Redis that refuses writes (finding 14.6)', () => {
  it('fails the delete loudly, and this process stops serving the cached token', async () => {
    const { storage, source, close } = cachedStorage('outage-write')
    const key = { provider: 'github', userId: 'alice' }
    await storage.set(key, { access_token: 'alice-token' }, {})
    expect((await storage.get(key, {}))?.access_token).toBe('alice-token')
    // As after a failover to a replica, or a primary that lost its replicas: every write is refused.
    await redis.command('CONFIG', 'SET', 'min-replicas-to-write', '1')
    await expect(storage.delete(key, {})).rejects.toMatchObject({ code: 'storage_error' })
    // The cached copy is still in Redis, but not served: the source has no token any more.
    expect(await redis.command('EXISTS', 'outage-write::outage-write:token:github:alice:')).toBe(':1')
    expect(source.get(key)).toBeUndefined()
    expect(await storage.get(key, {})).toBeUndefined()
    // Once Redis takes writes again, the background retry removes the cached copy for every process.
    await redis.command('CONFIG', 'SET', 'min-replicas-to-write', '0')
    await new Promise((resolve) => setTimeout(resolve, 800))
    expect(await redis.command('EXISTS', 'outage-write::outage-write:token:github:alice:')).toBe(':0')
    await close()
  })
})
