/**
 * One recorded back-channel call as a recording file holds it, and how a live request and response
 * become one through a {@link Scrubber}. Pure: no I/O. The format is described in docs/testing.md
 * ("Recorded API calls"); its key order is fixed here, so a recording diffs line by line.
 */
import type { Scrubber } from './scrub.js'

/** The version of the recording format this module writes and reads. */
export const RECORDING_VERSION = 1

/**
 * A body, at most one field: `json` when it is JSON that prints back to the same bytes, `text` for
 * other UTF-8, `base64` for bytes that are not UTF-8 (scrubbed as Latin-1 text, one character per byte, so a
 * token in a body of another charset goes too and the other bytes stay as they were). No field: no body.
 */
export interface RecordedBody {
  json?: unknown
  text?: string
  base64?: string
}

/** The request of a recorded call, scrubbed. */
export interface RecordedRequest extends RecordedBody {
  method: string
  url: string
  /** The kept request headers (lower-case names, sorted), scrubbed. Shown, not matched. */
  headers: Record<string, string>
}

/** The response of a recorded call, scrubbed; replay answers exactly this. */
export interface RecordedResponse extends RecordedBody {
  status: number
  /** Response headers (lower-case, sorted) minus the dropped ones; `set-cookie` is a list. */
  headers: Record<string, string | string[]>
}

/** One back-channel call. */
export interface RecordedCall {
  request: RecordedRequest
  response: RecordedResponse
}

/** A recording file. */
export interface RecordingFile {
  version: typeof RECORDING_VERSION
  calls: RecordedCall[]
}

/** A request as it left the app. */
export interface LiveRequest {
  method: string
  url: string
  headers: Headers
  body: Uint8Array | undefined
}

/** A response as the provider sent it, body read whole. */
export interface LiveResponse {
  status: number
  headers: Headers
  body: Uint8Array
}

/** Request headers kept in a recording unless the app names more. */
export const DEFAULT_REQUEST_HEADERS: readonly string[] = ['accept', 'authorization', 'content-type', 'dpop']

/**
 * Response headers never kept: hop-by-hop, the date, and the framing of a body that is stored decoded.
 */
export const DROPPED_RESPONSE_HEADERS: readonly string[] = [
  'connection',
  'content-encoding',
  'content-length',
  'date',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]

/** The scrubbed form of a request. Run it twice: the first run learns every secret of the call. */
export function scrubRequest(
  scrubber: Scrubber,
  live: LiveRequest,
  keep: ReadonlySet<string>,
): RecordedRequest {
  const headers: Record<string, string> = {}
  for (const name of [...keep].sort()) {
    const value = live.headers.get(name)
    if (value !== null) headers[name] = scrubber.header(name, value, 'request')
  }
  return {
    method: live.method.toUpperCase(),
    url: scrubber.url(live.url),
    headers,
    ...requestBody(scrubber, live.body, live.headers.get('content-type')),
  }
}

/** The scrubbed form of a response. Run it twice: the first run learns every secret of the call. */
export function scrubResponse(
  scrubber: Scrubber,
  live: LiveResponse,
  drop: ReadonlySet<string>,
): RecordedResponse {
  const headers: Record<string, string | string[]> = {}
  const names = [...new Set([...live.headers.keys()])].filter((name) => !drop.has(name)).sort()
  for (const name of names) {
    headers[name] =
      name === 'set-cookie'
        ? live.headers.getSetCookie().map((line) => scrubber.header(name, line, 'response'))
        : scrubber.header(name, live.headers.get(name) ?? '', 'response')
  }
  return {
    status: live.status,
    headers,
    ...responseBody(scrubber, live.body, live.headers.get('content-type')),
  }
}

/** The bytes a recorded body stands for. */
export function bodyBytes(body: RecordedBody): Uint8Array<ArrayBuffer> | undefined {
  if (body.base64 !== undefined) return Uint8Array.from(atob(body.base64), (c) => c.charCodeAt(0))
  const text = bodyText(body)
  return text === undefined ? undefined : new TextEncoder().encode(text)
}

/** What a replayed request is matched on: method, URL and body, all scrubbed. */
export function matchKey(request: RecordedRequest): string {
  return `${request.method} ${request.url}\n${bodyText(request) ?? request.base64 ?? ''}`
}

/** Headers of a recorded response, as a `Headers`. */
export function responseHeaders(response: RecordedResponse): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(response.headers)) {
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one)
  }
  return headers
}

function bodyText(body: RecordedBody): string | undefined {
  if (body.text !== undefined) return body.text
  return 'json' in body ? JSON.stringify(body.json) : undefined
}

function requestBody(scrubber: Scrubber, bytes: Uint8Array | undefined, type: string | null): RecordedBody {
  if (!bytes || bytes.length === 0) return {}
  const text = utf8(bytes)
  return text === undefined
    ? asBytes(requestText(scrubber, latin1(bytes), type))
    : requestText(scrubber, text, type)
}

function requestText(scrubber: Scrubber, text: string, type: string | null): RecordedBody {
  // A request is stored to be matched, not sent again: it may be normalized (parameters re-encoded).
  const parsed = isJson(type) ? parseJson(text) : undefined
  if (parsed) return { json: scrubber.json(parsed.value, 'request') }
  if (isForm(type, text)) return { text: scrubber.params(new URLSearchParams(text), 'request').toString() }
  return { text: scrubber.text(text) }
}

function responseBody(scrubber: Scrubber, bytes: Uint8Array, type: string | null): RecordedBody {
  if (bytes.length === 0) return {}
  const text = utf8(bytes)
  // Not UTF-8 is no sign of "no secret": a JSON answer in Latin-1 still reads as JSON to an app's fetch.
  return text === undefined
    ? asBytes(responseText(scrubber, latin1(bytes), type))
    : responseText(scrubber, text, type)
}

function responseText(scrubber: Scrubber, text: string, type: string | null): RecordedBody {
  // A response is answered again: keep its bytes, unless replacing secrets as text missed one that
  // the structural rule (by member or parameter name) finds; then the structure wins.
  const parsed = isJson(type) || /^\s*[[{]/.test(text) ? parseJson(text) : undefined
  if (parsed) {
    // Structure first: a secret is labelled by the member that holds it (`id_token`, not `jwt`).
    const structural = JSON.stringify(scrubber.json(parsed.value, 'response'))
    const candidate = scrubber.text(text)
    const exact = sameJson(candidate, structural) ? candidate : structural
    const value = parseJson(exact)?.value
    return JSON.stringify(value) === exact ? { json: value } : { text: exact }
  }
  if (isForm(type, text)) {
    const structural = scrubber.params(new URLSearchParams(text), 'response').toString()
    const candidate = scrubber.text(text)
    const again = scrubber.params(new URLSearchParams(candidate), 'response').toString()
    return { text: again === structural ? candidate : structural }
  }
  return { text: scrubber.text(text) }
}

function sameJson(text: string, canonical: string): boolean {
  const parsed = parseJson(text)
  return parsed !== undefined && JSON.stringify(parsed.value) === canonical
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    // A leading byte order mark: fetch's `json()` reads past it, so an app takes the body as JSON.
    return { value: JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) }
  } catch {
    return undefined
  }
}

function isJson(type: string | null): boolean {
  return type !== null && /^application\/([\w.+-]+\+)?json\b/i.test(type.trim())
}

/**
 * A form body by its type, or by its look (a token answer sent as `text/plain`), surrounding
 * whitespace aside: a trailing newline does not stop `URLSearchParams` (or the app) reading it.
 */
function isForm(type: string | null, text: string): boolean {
  if (type !== null && /^application\/x-www-form-urlencoded\b/i.test(type.trim())) return true
  return /^[\w.~%+*-]+=[^&\s]*(?:&[\w.~%+*-]+=[^&\s]*)*$/.test(text.trim())
}

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return undefined
  }
}

/** Each byte as the character of the same code: it encodes back to the very same bytes. */
function latin1(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return binary
}

/** A body scrubbed as Latin-1 text, stored as the bytes it stands for (placeholders are ASCII). */
function asBytes(body: RecordedBody): RecordedBody {
  const text = bodyText(body)
  return text === undefined ? {} : { base64: btoa(text) }
}
