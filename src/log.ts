/**
 * A tiny debug logger that cannot leak secrets: a log record has a fixed set of fields, none of which
 * can hold a code, verifier, token, secret or ID token. URLs are cut to origin and path (codes and
 * tokens travel in queries), callback parameters are logged by name only, errors by stable code only.
 *
 * Enabled by the `logger` blueprint option, or by `OAUTH_DANCE_DEBUG=1` (then lines go to
 * `console.debug`).
 *
 * @see [RFC 6749 - The OAuth 2.0 Authorization Framework](https://www.rfc-editor.org/rfc/rfc6749.html#section-10.3)
 */
import { envOf } from './env.js'
import type { DanceErrorCode } from './errors.js'

/** The steps of a login, a refresh and an API call that are logged. */
export type LogEvent =
  | 'login.start'
  | 'login.redirect'
  | 'callback.received'
  | 'callback.transaction'
  | 'callback.token'
  | 'callback.stored'
  | 'callback.failed'
  | 'session.regenerated'
  | 'http.request'
  | 'http.response'
  | 'http.failed'
  | 'refresh.start'
  | 'refresh.done'
  | 'refresh.failed'
  | 'api.request'
  | 'api.response'

/** What a log record may carry. Nothing here can hold a secret, by type and by construction. */
export interface LogRecord {
  readonly event: LogEvent
  /** The blueprint name. */
  readonly provider: string
  /** Origin and path of a URL; the query and fragment are never kept. */
  readonly url?: string
  readonly method?: string
  readonly status?: number
  /** Milliseconds the step took. */
  readonly ms?: number
  /** Names (never values) of the parameters a callback carried. */
  readonly params?: readonly string[]
  /** The stable error code of a failure. */
  readonly error?: DanceErrorCode
}

/** Fields a caller passes; `url` may be a full URL, it is cut before it reaches a sink. */
export type LogFields = Omit<LogRecord, 'event' | 'provider' | 'url' | 'params'> & {
  readonly url?: string | URL
  readonly params?: Iterable<string>
}

/** Where log records go: `true` for `console.debug`, or a function of your own. */
export type LoggerOption = boolean | ((record: LogRecord) => void)

/** Logs one step of the dance for one provider; a no-op unless logging is enabled. */
export type Log = (event: LogEvent, fields?: LogFields) => void

/**
 * A {@link Log} that also says whether it would write anything now, so hot paths (every API call)
 * can skip building the fields object when logging is off.
 */
export type SwitchableLog = Log & {
  /** True when a record logged now would reach a sink (reads `OAUTH_DANCE_DEBUG` when no option). */
  readonly enabled: () => boolean
  /**
   * The log for the rest of one request, its sink chosen now: a route logs several steps, and
   * asking the environment once per request rather than once per step saves a `process.env` read
   * (a call into C++) per step. A no-op when nothing would be written now.
   */
  readonly forRequest: () => Log
}

const PARAM_NAME = /^[A-Za-z0-9_.-]{1,40}$/
const METHOD = /^[A-Z]{1,10}$/
const NO_FIELDS: LogFields = Object.freeze({})
const silent: Log = () => {}
const off: SwitchableLog = Object.assign(silent, { enabled: () => false, forRequest: () => silent })

/**
 * Creates the logger of one blueprint. Without an explicit option the environment decides, per call
 * (per request through `forRequest`), so `OAUTH_DANCE_DEBUG=1` works without touching the code. When
 * logging is off no record is built.
 */
export function createLog(provider: string, option: LoggerOption | undefined): SwitchableLog {
  if (option === false) return off
  type Sink = true | ((record: LogRecord) => void)
  const sinkNow = (): Sink | undefined =>
    option === undefined ? (envOf().OAUTH_DANCE_DEBUG === '1' ? true : undefined) : option
  const write = (sink: Sink, event: LogEvent, fields: LogFields) => {
    const record = toRecord(event, provider, fields)
    if (sink === true) console.debug(formatRecord(record))
    else sink(record)
  }
  const log: Log = (event, fields = NO_FIELDS) => {
    const sink = sinkNow()
    if (sink !== undefined) write(sink, event, fields)
  }
  const forRequest = (): Log => {
    const sink = sinkNow()
    return sink === undefined ? silent : (event, fields = NO_FIELDS) => write(sink, event, fields)
  }
  return Object.assign(log, { enabled: () => sinkNow() !== undefined, forRequest })
}

/** One line of text for a record: `[oauth-dance] github callback.failed status=400 error=state_mismatch`. */
export function formatRecord(record: LogRecord): string {
  const parts = [`[oauth-dance] ${record.provider} ${record.event}`]
  for (const key of ['method', 'url', 'status', 'ms', 'params', 'error'] as const) {
    const value = record[key]
    if (value === undefined) continue
    parts.push(`${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
  }
  return parts.join(' ')
}

/** Copies only the known, safe fields; anything else a caller smuggles in is dropped. */
function toRecord(event: LogEvent, provider: string, fields: LogFields): LogRecord {
  const url = fields.url === undefined ? undefined : originAndPath(fields.url)
  const params =
    fields.params === undefined
      ? undefined
      : [...new Set(fields.params)].map((name) => (PARAM_NAME.test(name) ? name : '?')).slice(0, 20)
  return {
    event,
    provider,
    ...(url !== undefined && { url }),
    ...(fields.method !== undefined && { method: METHOD.test(fields.method) ? fields.method : '?' }),
    ...(typeof fields.status === 'number' && { status: fields.status }),
    ...(typeof fields.ms === 'number' && { ms: Math.round(fields.ms) }),
    ...(params !== undefined && { params }),
    ...(fields.error !== undefined && { error: fields.error }),
  }
}

function originAndPath(input: string | URL): string {
  try {
    const url = new URL(input)
    // Userinfo could hold credentials; origin never includes it.
    return `${url.origin}${url.pathname}`
  } catch {
    return '?'
  }
}
