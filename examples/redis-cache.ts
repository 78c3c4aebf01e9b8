// redis.ts: one node-redis client for the token cache and the refresh lock.
import KeyvRedis, { createClient } from '@keyv/redis'
import Keyv from 'keyv'

export const redis = createClient({
  url: process.env.REDIS_URL,
  // While Redis is away, fail each command at once (the cache then falls back to SQL, a lock attempt
  // fails) instead of queueing it until Redis returns; node-redis keeps reconnecting meanwhile.
  disableOfflineQueue: true,
  // A command not yet sent after 1 s fails (a saturated link). One already sent waits for its answer:
  // oauth-dance bounds every cache and lock call itself, so a stalled Redis never hangs a request.
  commandOptions: { timeout: 1_000 },
  socket: { connectTimeout: 2_000 },
})
// A lost connection is reported here; an 'error' event without a listener would crash the process.
redis.on('error', (error: Error) => console.error('Redis:', error.message))
await redis.connect()

export const cache = new Keyv({
  // throwOnErrors on the store too: otherwise @keyv/redis swallows a failed write or delete.
  store: new KeyvRedis(redis, { throwOnErrors: true }),
  namespace: 'oauth-tokens',
  throwOnErrors: true,
})
