/**
 * An abort handle for undici's `request`, where no `AbortSignal` is needed: an EventEmitter with
 * `aborted` and `reason`, which undici documents as an accepted `signal`.
 *
 * Why not an AbortController: on Node 20, creating its signal costs about 2 µs, each listener undici
 * adds to it another 1 to 3 µs, and the back channel makes one per request, so once per login
 * (bench/NOTES.md item 14). The same steps on an EventEmitter cost 0.2 µs.
 * @see [undici - Dispatcher.request options](https://undici.nodejs.org/#/docs/api/Dispatcher?id=parameter-requestoptions)
 */
import { EventEmitter } from 'node:events'

/** Aborts one request once: sets `aborted` and `reason`, then emits `abort`. */
export class LightAbort extends EventEmitter {
  /** True once {@link abort} was called. */
  aborted = false
  /** What {@link abort} was given. */
  reason: unknown = undefined

  /** Aborts, the first time only (later calls keep the first reason). */
  abort(reason: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason
    this.emit('abort')
  }
}
