/**
 * A refresh lock in Redis: `SET key owner NX PX ttl` takes it, a Lua compare-and-delete gives it back,
 * so a holder whose lock already expired can never delete the next holder's lock.
 *
 * @see https://redis.io/docs/latest/commands/set/
 * @see https://redis.io/docs/latest/develop/use/patterns/distributed-locks/
 */
import { DanceError } from '../errors.js'
import { lockOwnerId, pollForLock, type RefreshLock, type ReleaseLock } from './lock.js'

/**
 * The two commands the lock needs, in node-redis v5's shape: the client of `createClient()` from
 * `redis`/`@redis/client`, or `new KeyvRedis(url).client` from `@keyv/redis`, fits as it is.
 * Wrap other clients (ioredis) in an object with these two methods.
 * @see https://github.com/redis/node-redis/blob/master/docs/v5.md
 */
export interface RedisLockClient {
  set(
    key: string,
    value: string,
    options: { condition: 'NX'; expiration: { type: 'PX'; value: number } },
  ): Promise<unknown>
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>
}

/**
 * Options of {@link RedisRefreshLock}.
 * @see https://redis.io/docs/latest/commands/set/
 */
export interface RedisRefreshLockOptions {
  /** A connected node-redis v5 client (see {@link RedisLockClient}). */
  client: RedisLockClient
  /** Key prefix (default `oauth-dance:refresh-lock:`). */
  prefix?: string
}

// Deletes the key only while it still holds our owner id.
const COMPARE_AND_DELETE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`

/**
 * A {@link RefreshLock} on Redis. The TTL the blueprint asks for exceeds its refresh timeout, so the
 * lock outlives any refresh that can still succeed.
 * @see https://redis.io/docs/latest/commands/set/
 */
export class RedisRefreshLock implements RefreshLock {
  readonly #client: RedisLockClient
  readonly #prefix: string

  constructor(options: RedisRefreshLockOptions) {
    this.#client = options.client
    this.#prefix = options.prefix ?? 'oauth-dance:refresh-lock:'
  }

  async acquire(key: string, ttlMs: number): Promise<ReleaseLock> {
    const name = this.#prefix + key
    const owner = lockOwnerId()
    const tryOnce = async () => {
      try {
        const answer = await this.#client.set(name, owner, {
          condition: 'NX',
          expiration: { type: 'PX', value: ttlMs },
        })
        return answer === 'OK'
      } catch (error) {
        throw new DanceError('storage_error', 'Could not take the refresh lock in Redis.', { cause: error })
      }
    }
    await pollForLock(tryOnce, { waitMs: ttlMs + 1_000 })
    return async () => {
      await this.#client.eval(COMPARE_AND_DELETE, { keys: [name], arguments: [owner] })
    }
  }
}
