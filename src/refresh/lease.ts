/**
 * A held refresh lock, kept alive while its holder works and given back reliably: the lock must outlive
 * the refresh it guards (a token call, JWKS fetches, a storage write retried after a failure), and a
 * release that fails (the lock's database had a blip) must not leave other processes waiting for the
 * whole lifetime of the lock.
 */
import { withDeadline } from '../deadline.js'
import type { ReleaseLock } from './lock.js'

/** First and longest pause between attempts to give a lock back after a failed release. */
const RELEASE_RETRY_MIN_MS = 100
const RELEASE_RETRY_MAX_MS = 2_000
/** How long the holder waits for a release before answering its callers and retrying in the background. */
const RELEASE_WAIT_MS = 1_000

/**
 * A lock this process holds: renewed every third of its lifetime when the lock can be renewed, and
 * released with retries.
 */
export class Lease {
  readonly #release: ReleaseLock
  readonly #ttlMs: number
  #confirmed = Date.now()
  #lost = false
  #ended = false
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(release: ReleaseLock, ttlMs: number) {
    this.#release = release
    this.#ttlMs = ttlMs
    if (release.extend) this.#schedule()
  }

  /**
   * True when the lock may no longer be ours: a renewal found it gone, or it has not been confirmed
   * within its lifetime. A holder must not start presenting a refresh token then.
   */
  get lost(): boolean {
    return this.#lost || Date.now() - this.#confirmed >= this.#ttlMs
  }

  /**
   * Stops renewing and gives the lock back, waiting at most a second (a lock server that stopped
   * answering must not hold the refreshed token from its callers), then retrying in the background
   * until the lock expires anyway.
   */
  async end(): Promise<void> {
    if (this.#ended) return
    this.#ended = true
    if (this.#timer) clearTimeout(this.#timer)
    try {
      await withDeadline(this.#release(), RELEASE_WAIT_MS, 'The lock')
    } catch {
      this.#retryRelease(RELEASE_RETRY_MIN_MS)
    }
  }

  #schedule(): void {
    const extend = this.#release.extend
    if (!extend || this.#ended) return
    this.#timer = setTimeout(
      () => {
        const asked = Date.now()
        extend(this.#ttlMs).then(
          (ours) => {
            if (ours) this.#confirmed = asked
            else this.#lost = true
            if (ours) this.#schedule()
          },
          // A failed renewal may be a blip: keep trying; `lost` turns true once the lifetime has passed.
          () => this.#schedule(),
        )
      },
      Math.max(20, Math.floor(this.#ttlMs / 3)),
    )
    this.#timer.unref?.()
  }

  #retryRelease(delay: number): void {
    // Past the lifetime the lock has expired by itself; nobody waits for it any more.
    if (Date.now() - this.#confirmed >= this.#ttlMs) return
    setTimeout(() => {
      this.#release().catch(() => this.#retryRelease(Math.min(delay * 2, RELEASE_RETRY_MAX_MS)))
    }, delay).unref?.()
  }
}
