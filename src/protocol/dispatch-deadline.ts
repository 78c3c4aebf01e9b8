/**
 * The deadline of one API call through Node's global `fetch`, enforced through the request's
 * dispatcher instead of an `AbortSignal`. Handing `fetch` a signal costs undici's Request constructor
 * more than the rest of what an API call adds to a plain `fetch` (+26–35 µs per call on Node 20, +10
 * on Node 24; bench/NOTES.md, issue 20). A per-call dispatcher that forwards to the global one sees
 * each hop's `abort` (undici's `onConnect`, or `onRequestStart`'s controller) and uses it when the
 * deadline passes; the caller's promise is rejected at that moment too, even while a hop is still
 * connecting (that hop is then aborted as soon as it connects).
 *
 * Node only (`#back-channel` maps here through node-transport.ts): other runtimes' `fetch` takes no
 * dispatcher, so API calls there keep the signal.
 */

/** Where Node's `fetch` (undici 6 and 7) keeps the global dispatcher. */
const DISPATCHER = Symbol.for('undici.globalDispatcher.1')
/** Where undici 8 (Node 26's fetch) keeps it; `.1` then holds a compatibility wrapper. */
const DISPATCHER_V2 = Symbol.for('undici.globalDispatcher.2')

/** The part of an undici dispatcher this uses. */
interface Dispatcher {
  dispatch(options: unknown, handler: Handler): boolean
}
/** The part of an undici dispatch handler this wraps (old style `onConnect`, new style `onRequestStart`). */
interface Handler {
  onConnect?(abort: (reason?: unknown) => void, context?: unknown): unknown
  onRequestStart?(controller: { abort(reason?: unknown): void }, context?: unknown): unknown
}

function globalDispatcher(): Dispatcher {
  const globals = globalThis as Record<symbol, unknown>
  const found = (globals[DISPATCHER_V2] ?? globals[DISPATCHER]) as Dispatcher | undefined
  // Node's fetch installs one before it dispatches anything; a runtime without one cannot get here.
  if (typeof found?.dispatch !== 'function') throw new Error('No global fetch dispatcher.')
  return found
}

/** One API call's deadline: pass {@link dispatcher} to `fetch`, call {@link expire} when time is up. */
export class DispatchDeadline {
  /** What `fetch` is given as its `dispatcher` for every hop of the call. */
  readonly dispatcher: Dispatcher
  #expired = false
  #reason: unknown
  /** The abort of the hop in flight, once it has connected. */
  #abort: ((reason: unknown) => void) | undefined
  #reject: ((reason: unknown) => void) | undefined

  constructor() {
    this.dispatcher = {
      dispatch: (options, handler) => {
        this.#abort = undefined
        return globalDispatcher().dispatch(options, this.#wrap(handler))
      },
    }
  }

  /** True once the deadline has passed. */
  get expired(): boolean {
    return this.#expired
  }

  /** `work`, rejected with the deadline's reason as soon as it passes (whatever `work` is doing). */
  bound<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject
      work.then(resolve, reject)
    })
  }

  /** The deadline has passed: aborts the hop in flight (or the next as it connects) and rejects. */
  expire(reason: unknown): void {
    this.#expired = true
    this.#reason = reason
    this.#abort?.(reason)
    this.#reject?.(reason)
  }

  /**
   * The handler, its connection's abort noted on the way. The handler is fetch's own object for this
   * one request: its connect method is replaced in place (a prototype copy made V8 turn every handler
   * into a prototype, about as costly as the signal this replaces on Node 24).
   */
  #wrap(handler: Handler): Handler {
    const deadline = this
    const start = handler.onRequestStart
    if (typeof start === 'function') {
      handler.onRequestStart = function (controller, context) {
        deadline.#abort = (reason) => controller.abort(reason)
        const result = start.call(this, controller, context)
        if (deadline.#expired) controller.abort(deadline.#reason)
        return result
      }
    }
    const connect = handler.onConnect
    if (typeof connect === 'function') {
      handler.onConnect = function (abort, context) {
        deadline.#abort = abort
        const result = connect.call(this, abort, context)
        if (deadline.#expired) abort(deadline.#reason)
        return result
      }
    }
    return handler
  }
}

/** A deadline for one API call through the global `fetch`. */
export function dispatchDeadline(): DispatchDeadline | undefined {
  return new DispatchDeadline()
}
