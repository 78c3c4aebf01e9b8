/**
 * The refresh locks, for the `refreshLock` option: one refresh per token across every process that
 * shares a storage. `oauth-dance/locks`.
 */
export { InProcessLock, type RefreshLock, type ReleaseLock, type SpentLedger } from './lock.js'
export { type RedisLockClient, RedisRefreshLock, type RedisRefreshLockOptions } from './redis-lock.js'
export { migrateRefreshLockTable, SqlRefreshLock, type SqlRefreshLockOptions } from './sql-lock.js'
