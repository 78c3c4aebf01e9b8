/**
 * A bound on how long oauth-dance waits for infrastructure it does not control (a cache, a lock
 * server): a Redis client that queues commands while the server is away would otherwise hold every
 * request that needs a token for the whole outage.
 *
 * @see [Redis - Production usage (Node.js client)](https://redis.io/docs/latest/develop/clients/nodejs/produsage/)
 */

/**
 * Marks a promise that lost its race against {@link withDeadline}'s timer.
 */
export class DeadlineExceeded extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms.`)
    this.name = 'DeadlineExceeded'
  }
}

/**
 * Settles like `work`, or rejects with {@link DeadlineExceeded} after `ms`. The work itself is not
 * cancelled (a queued command may still run later), so callers must treat a timeout as "unknown".
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(what, ms)), ms)
    timer.unref?.()
  })
  // A late rejection of the losing work must not surface as an unhandled rejection.
  work.catch(() => {})
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}
