/**
 * CacheStorage's own behaviour: what happens when the cache fails, and entries expiring.
 */
import Keyv from 'keyv'
import { describe, expect, it } from 'vitest'
import { CacheStorage } from '../../src/storage/cache.js'
import { MemoryStorage } from '../../src/storage/memory.js'

/** A Keyv store that can be made to fail, standing in for an unreachable Redis. */
class FlakyStore extends Map<string, unknown> {
  failing = false
  override get(key: string): unknown {
    if (this.failing) throw new Error('cache down')
    return super.get(key)
  }
  override set(key: string, value: unknown): this {
    if (this.failing) throw new Error('cache down')
    return super.set(key, value)
  }
  override delete(key: string): boolean {
    if (this.failing) throw new Error('cache down')
    return super.delete(key)
  }
}

const key = { provider: 'github', userId: 'u' }

describe('CacheStorage', () => {
  it('answers from the source when the cache cannot be read', async () => {
    const store = new FlakyStore()
    const source = new MemoryStorage()
    const storage = new CacheStorage({ cache: new Keyv({ store, throwOnErrors: true }), source })
    source.set(key, { access_token: 'from-source' })
    store.failing = true
    expect((await storage.get(key, {}))?.access_token).toBe('from-source')
  })

  it('writes the source when it cannot invalidate, reads that key from the source, fails the delete', async () => {
    const store = new FlakyStore()
    const source = new MemoryStorage()
    const storage = new CacheStorage({ cache: new Keyv({ store, throwOnErrors: true }), source })
    await storage.set(key, { access_token: 'old' }, {})
    store.failing = true
    // A refreshed token is never thrown away because the cache is down: the source is authoritative.
    await storage.set(key, { access_token: 'new' }, {})
    expect(source.get(key)?.access_token).toBe('new')
    store.failing = false
    // The stale cached copy is not served by this process while its invalidation is pending.
    expect(Map.prototype.get.call(store, 'keyv:token:github:u:')).toBeDefined()
    expect((await storage.get(key, {}))?.access_token).toBe('new')
    store.failing = true
    // A logout must see the failed invalidation, even though the source row is gone.
    await expect(storage.delete(key, {})).rejects.toMatchObject({ code: 'storage_error' })
    expect(source.get(key)).toBeUndefined()
    expect(await storage.get(key, {})).toBeUndefined()
  })

  it('keeps a write that reached the source when only caching the new token fails', async () => {
    const store = new FlakyStore()
    const source = new MemoryStorage()
    const storage = new CacheStorage({ cache: new Keyv({ store, throwOnErrors: true }), source })
    // Deleting works, setting fails: the invalidation succeeds, the fill afterwards does not.
    store.set = () => {
      throw new Error('cache full')
    }
    await storage.set(key, { access_token: 'stored' }, {})
    expect(source.get(key)?.access_token).toBe('stored')
    expect(store.size).toBe(0)
  })

  it('fails reads when the cache is the only storage and cannot be read', async () => {
    const store = new FlakyStore()
    const storage = new CacheStorage({ cache: new Keyv({ store, throwOnErrors: true }) })
    store.failing = true
    await expect(storage.get(key, {})).rejects.toMatchObject({ code: 'storage_error' })
  })

  it('expires cached entries after ttlSeconds and reads the source again', async () => {
    const source = new MemoryStorage()
    const storage = new CacheStorage({ cache: new Keyv(), source, ttlSeconds: 0.05 })
    source.set(key, { access_token: 'one' })
    expect((await storage.get(key, {}))?.access_token).toBe('one')
    // Changed behind the cache's back (another writer without the cache): still served from the cache...
    source.set(key, { access_token: 'two' })
    expect((await storage.get(key, {}))?.access_token).toBe('one')
    await new Promise((resolve) => setTimeout(resolve, 120))
    // ...until the entry expires.
    expect((await storage.get(key, {}))?.access_token).toBe('two')
  })

  it('drops a cached entry it cannot read and answers from the source', async () => {
    const store = new Map<string, unknown>()
    const cache = new Keyv({ store })
    const source = new MemoryStorage()
    const storage = new CacheStorage({ cache, source })
    source.set(key, { access_token: 'good' })
    await cache.set('token:github:u:', 'not json')
    expect((await storage.get(key, {}))?.access_token).toBe('good')
    expect(await cache.get('token:github:u:')).toContain('good')
  })

  it('refuses a non-positive ttl', () => {
    expect(() => new CacheStorage({ cache: new Keyv(), ttlSeconds: 0 })).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    )
  })
})
