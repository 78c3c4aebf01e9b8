/**
 * A refresh lock in Redis: `SET key owner NX PX ttl` takes it, a Lua compare-and-delete gives it back,
 * so a holder whose lock already expired can never delete the next holder's lock.
 *
 * What it guarantees, and where that ends: see {@link RedisRefreshLock}.
 *
 * @see [Redis - SET](https://redis.io/docs/latest/commands/set/)
 * @see [Redis - Distributed Locks with Redis](https://redis.io/docs/latest/develop/use/patterns/distributed-locks/)
 */
import { DeadlineExceeded, withDeadline } from '../deadline.js'
import { DanceError, type FixedText } from '../errors.js'
import { lockOwnerId, pollForLock, type RefreshLock, type ReleaseLock, type SpentLedger } from './lock.js'

/**
 * The command the lock needs, in node-redis v5's shape: the client of `createClient()` from
 * `redis`/`@redis/client`, or `new KeyvRedis(url).client` from `@keyv/redis`, fits as it is.
 * Wrap other clients (ioredis) in an object with an `eval` method. Every step of the lock is a Lua
 * script; the optional `set` is never called.
 * @see [node-redis - v4 to v5 migration guide](https://github.com/redis/node-redis/blob/master/docs/v5.md)
 */
export interface RedisLockClient {
  set?(
    key: string,
    value: string,
    options: { condition: 'NX'; expiration: { type: 'PX'; value: number } },
  ): Promise<unknown>
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>
}

/**
 * Options of {@link RedisRefreshLock}.
 */
export interface RedisRefreshLockOptions {
  /** A connected node-redis v5 client (see {@link RedisLockClient}). */
  client: RedisLockClient
  /** Key prefix (default `oauth-dance:refresh-lock:`). */
  prefix?: string
  /** Longest wait for one Redis command, in ms (default 1000); a command that takes longer failed. */
  commandTimeoutMs?: number
  /**
   * How long after Redis may have lost its keys (it restarted, or another server answers: a failover)
   * no lock is handed out, in ms. Default: the lifetime of the lock asked for, so a holder whose lock
   * vanished has finished its refresh before anyone else may start one.
   */
  restartGraceMs?: number
}

// Deletes the key only while it still holds our owner id.
const COMPARE_AND_DELETE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`

// Extends the key only while it still holds our owner id.
const COMPARE_AND_EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`

// Takes the lock (-1), finds it held (0), or refuses it while this Redis may have lost a lock held a
// moment ago (the ms the fence still lasts): it started less than the grace ago (a restart loses keys
// without persistence), or it is another server than the one that answered last time (a failover:
// the replica may not have received the newest lock). KEYS[2] is a hash remembering the server's run
// id and since when the lock trusts it.
const FENCED_ACQUIRE = `
local info = redis.call('INFO', 'server')
local run = string.match(info, 'run_id:(%w+)')
local up = tonumber(string.match(info, 'uptime_in_seconds:(%d+)')) or 0
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local seen = redis.call('HMGET', KEYS[2], 'run', 'since')
local since = tonumber(seen[2])
if seen[1] ~= run then
  if seen[1] then since = now else since = now - up * 1000 end
  redis.call('HSET', KEYS[2], 'run', run, 'since', since)
end
if now - since < tonumber(ARGV[3]) then return tonumber(ARGV[3]) - (now - since) end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return -1 end
return 0`

// Records ARGV[1] for ARGV[2] ms unless a record exists; returns the record found, or nil.
const CLAIM = `local found = redis.call('get', KEYS[1]) if found then return found end redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return false`

// Deletes the record only while it holds ARGV[1].
const WITHDRAW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`

// Replaces the record (keeping it for ARGV[2] ms), or deletes it when ARGV[1] is empty.
const SETTLE = `if ARGV[1] == '' then return redis.call('del', KEYS[1]) end return redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])`

/** The listener attached to a client that had none: a dropped connection must not end the process. */
function keepAlive(): void {
  // node-redis reconnects by itself; commands fail (and are reported) meanwhile.
}

/**
 * A {@link RefreshLock} on Redis.
 *
 * - Every command is bounded by `commandTimeoutMs` and a wait by the lock's lifetime plus 1 s, so a
 *   Redis that stopped answering fails the refresh (`storage_error`/`refresh_failed`), never hangs it.
 * - The holder renews the lock while it works (`extend`), so it outlives a slow refresh.
 * - After Redis restarted, or when another server answers than before (failover), no lock is handed
 *   out for `restartGraceMs`: a lock that vanished with the old data cannot let a second process
 *   present the refresh token the first one is still using. Meanwhile `acquire` fails at once with
 *   `refresh_failed` rather than hold the request for that long.
 * - Limits: a lock written to a primary that fails over before replicating it is only fenced because
 *   the new primary has another run id; Redis Cluster is not supported (the fence key and the lock key
 *   may live on different nodes). Where these limits matter, use `SqlRefreshLock` on the same
 *   database as the tokens.
 *
 * A client without an `'error'` listener gets one (node-redis would otherwise end the process on the
 * first dropped connection); the client keeps reconnecting by itself.
 */
export class RedisRefreshLock implements RefreshLock {
  readonly #client: RedisLockClient
  readonly #prefix: string
  readonly #timeoutMs: number
  readonly #graceMs: number | undefined
  /**
   * Presented refresh tokens, as keys `<prefix>spent:<hash>` that outlive the lock. Like the lock,
   * they vanish with Redis's data (a restart without persistence); the restart fence covers a lock
   * lifetime only.
   */
  readonly spent: SpentLedger

  constructor(options: RedisRefreshLockOptions) {
    this.#client = options.client
    this.#prefix = options.prefix ?? 'oauth-dance:refresh-lock:'
    this.#timeoutMs = options.commandTimeoutMs ?? 1_000
    this.#graceMs = options.restartGraceMs
    const emitter = options.client as unknown as {
      on?: (event: string, listener: () => void) => unknown
      listenerCount?: (event: string) => number
    }
    if (typeof emitter.on === 'function' && emitter.listenerCount?.('error') === 0) {
      emitter.on('error', keepAlive)
    }
    this.spent = {
      claim: async (marker, value, ttlMs, provider) => {
        const found = await this.#command(
          'read the spent refresh token record',
          () =>
            this.#client.eval(CLAIM, {
              keys: [`${this.#prefix}spent:${marker}`],
              arguments: [value, String(ttlMs)],
            }),
          provider,
        )
        return typeof found === 'string' ? found : undefined
      },
      settle: async (marker, value, ttlMs, provider) => {
        await this.#command(
          'write the spent refresh token record',
          () =>
            this.#client.eval(SETTLE, {
              keys: [`${this.#prefix}spent:${marker}`],
              arguments: [value ?? '', String(ttlMs)],
            }),
          provider,
        )
      },
      withdraw: async (marker, value, provider) => {
        await this.#command(
          'withdraw the spent refresh token record',
          () => this.#client.eval(WITHDRAW, { keys: [`${this.#prefix}spent:${marker}`], arguments: [value] }),
          provider,
        )
      },
    }
  }

  async acquire(key: string, ttlMs: number, provider?: string): Promise<ReleaseLock> {
    const name = this.#prefix + key
    const owner = lockOwnerId()
    const grace = String(this.#graceMs ?? ttlMs)
    const tryOnce = async () => {
      const answer = Number(
        await this.#command(
          'take the refresh lock',
          () =>
            this.#client.eval(FENCED_ACQUIRE, {
              keys: [name, `${this.#prefix}fence`],
              arguments: [owner, String(ttlMs), grace],
            }),
          provider,
        ),
      )
      if (answer > 0) {
        // Waiting out the fence would hold the request for up to a lock lifetime: fail it now (a
        // still-valid token is used meanwhile), and let a later request refresh.
        throw new DanceError(
          'refresh_failed',
          `Redis restarted or failed over recently; no refresh lock for another ${answer} ms.`,
          { provider },
        )
      }
      return answer === -1
    }
    const release = async () => {
      await this.#command(
        'release the refresh lock',
        () => this.#client.eval(COMPARE_AND_DELETE, { keys: [name], arguments: [owner] }),
        provider,
      )
    }
    try {
      await pollForLock(tryOnce, { waitMs: ttlMs + 1_000, provider })
    } catch (error) {
      // An abandoned attempt may still take the lock when Redis answers again; give it back then.
      release().catch(() => {})
      throw error
    }
    return Object.assign(release, {
      extend: async (ms: number) => {
        const answer = await this.#command(
          'renew the refresh lock',
          () => this.#client.eval(COMPARE_AND_EXTEND, { keys: [name], arguments: [owner, String(ms)] }),
          provider,
        )
        return answer === 1
      },
    })
  }

  /** Runs one bounded command; its error names `provider` (undefined for a command of no one blueprint). */
  async #command<T extends string>(
    what: FixedText<T>,
    fn: () => Promise<unknown>,
    provider: string | undefined,
  ): Promise<unknown> {
    try {
      return await withDeadline(fn(), this.#timeoutMs, 'Redis')
    } catch (error) {
      throw new DanceError(
        'storage_error',
        error instanceof DeadlineExceeded
          ? `Could not ${what}: Redis did not answer within ${this.#timeoutMs} ms.`
          : `Could not ${what} in Redis.`,
        { cause: error, provider },
      )
    }
  }
}
