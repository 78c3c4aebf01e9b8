/**
 * Recorded API calls: a `fetch` for a blueprint's `fetch` option that records every back-channel call
 * (token endpoint, refresh, revocation, API calls) to a file with its secrets scrubbed, or answers
 * them from that file (read and written by recording-store.ts).
 * Guide: docs/testing.md, "Recorded API calls".
 */
import { DanceError } from '../errors.js'
import type { FetchLike } from '../protocol/http.js'
import { refuseInProduction } from './production-guard.js'
import {
  bodyBytes,
  DEFAULT_REQUEST_HEADERS,
  DROPPED_RESPONSE_HEADERS,
  type LiveRequest,
  matchKey,
  RECORDING_VERSION,
  type RecordedCall,
  type RecordedRequest,
  type RecordingFile,
  responseHeaders,
  scrubRequest,
  scrubResponse,
} from './recorded-call.js'
import { readRecording, writeRecording } from './recording-store.js'
import { Scrubber, type ScrubRules } from './scrub.js'

/** `record`: call the provider and write the file; `replay`: answer from the file, offline. */
export type RecordingMode = 'record' | 'replay'

/** Options of {@link apiRecording}. */
export interface ApiRecordingOptions {
  /** The recording's path (`test/recordings/github.json`); its folder is created on save. */
  file: string
  /** Record (calls reach the provider) or replay (nothing leaves the process). */
  mode: RecordingMode
  /** Where recorded calls really go (default: the global `fetch`). Unused in replay. */
  fetch?: FetchLike
  /** Names, patterns and values to scrub besides the built-in rule. */
  scrub?: ScrubRules
  /** More request headers to keep in the file (`accept`, `authorization`, `content-type`, `dpop` are). */
  requestHeaders?: readonly string[]
  /** More response headers to leave out (a request id that changes every run, say). */
  dropResponseHeaders?: readonly string[]
  /** Replay: let `save()` pass although some recorded calls were never made (default false). */
  allowUnused?: boolean
}

/** A recording in progress (record) or being played back (replay). */
export interface ApiRecording {
  readonly mode: RecordingMode
  /** Give this to a blueprint's `fetch` option (one recording may serve several blueprints). */
  readonly fetch: FetchLike
  /** The calls so far (record), or the file's calls once the first one was asked for (replay). */
  readonly calls: readonly RecordedCall[]
  /**
   * Record: writes the file. Replay: throws `recorded_call_missing` when a call had no recorded
   * answer (even if the app caught that error), else `recorded_call_unused` when recorded calls were
   * never made (unless `allowUnused`), so a test that changed its calls notices.
   */
  save(): Promise<void>
}

/**
 * Records a blueprint's back-channel calls to `file`, scrubbed, or replays them from it.
 *
 * A replayed call is the recorded call with the same method, URL and body after scrubbing (headers
 * are kept for reading, not matched); identical calls are answered in recorded order. A call the
 * recording does not hold throws `recorded_call_missing`. A mode other than `record` or `replay`, and
 * in replay a file that is missing or not a version 1 recording, throw `config_invalid`; so does
 * `NODE_ENV` saying production, as for the rest of the testing kit.
 *
 * @example
 * ```ts
 * const tape = apiRecording({ file: 'test/recordings/github.json', mode: process.env.RECORD ? 'record' : 'replay' })
 * const blueprint = makeGithubBlueprint({ fetch: tape.fetch })
 * // ... the test ...
 * await tape.save()
 * ```
 */
export function apiRecording(options: ApiRecordingOptions): ApiRecording {
  // Replayed, a recording answers every login with the recorded user's token and identity; recording,
  // it writes real users' calls to a file.
  refuseInProduction('apiRecording answers logins from a file or writes API calls to one')
  if (options.mode !== 'record' && options.mode !== 'replay') {
    throw new DanceError('config_invalid', "apiRecording's mode is 'record' or 'replay'.")
  }
  const scrubber = new Scrubber(options.scrub)
  const keep = new Set([...DEFAULT_REQUEST_HEADERS, ...(options.requestHeaders ?? [])].map(lower))
  const drop = new Set([...DROPPED_RESPONSE_HEADERS, ...(options.dropResponseHeaders ?? [])].map(lower))
  // Each part is scrubbed twice: the first pass learns every secret of the part, the second replaces
  // them all, so a secret named late in a body is scrubbed where it appeared earlier too.
  const scrubbedRequest = (live: LiveRequest): RecordedRequest => {
    scrubRequest(scrubber, live, keep)
    return scrubRequest(scrubber, live, keep)
  }
  return options.mode === 'record'
    ? recorder(options, scrubber, scrubbedRequest, drop)
    : player(options, scrubber, scrubbedRequest)
}

interface Slot {
  request: RecordedRequest
  response?: RecordedCall['response']
}

function recorder(
  options: ApiRecordingOptions,
  scrubber: Scrubber,
  scrubbedRequest: (live: LiveRequest) => RecordedRequest,
  drop: ReadonlySet<string>,
): ApiRecording {
  const inner: FetchLike = options.fetch ?? ((input, init) => fetch(input, init))
  // Calls are filed in the order they started, so concurrent calls keep a stable order.
  const slots: Slot[] = []
  const done = (): RecordedCall[] =>
    slots.flatMap((slot) => (slot.response ? [{ request: slot.request, response: slot.response }] : []))
  return {
    mode: 'record',
    get calls() {
      return done()
    },
    fetch: async (input, init) => {
      const { live, forward } = await readRequest(input, init)
      const slot: Slot = { request: scrubbedRequest(live) }
      slots.push(slot)
      try {
        const response = await inner(forward.input, forward.init)
        // A status no Response can be built with goes to the caller as it came, unrecorded.
        if (response.status < 200 || response.status > 599) {
          slots.splice(slots.indexOf(slot), 1)
          return response
        }
        const body = new Uint8Array(await response.arrayBuffer())
        const received = { status: response.status, headers: response.headers, body }
        scrubResponse(scrubber, received, drop)
        slot.response = scrubResponse(scrubber, received, drop)
        const answer = new Response(hasNullBody(response.status) ? null : body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        })
        return withUrl(answer, live.url)
      } catch (error) {
        slots.splice(slots.indexOf(slot), 1)
        throw error
      }
    },
    save: async () => {
      const file: RecordingFile = { version: RECORDING_VERSION, calls: done() }
      await writeRecording(options.file, sweep(scrubber, `${JSON.stringify(file, null, 2)}\n`))
    },
  }
}

function player(
  options: ApiRecordingOptions,
  scrubber: Scrubber,
  scrubbedRequest: (live: LiveRequest) => RecordedRequest,
): ApiRecording {
  let loaded: Promise<RecordingFile> | undefined
  let calls: RecordedCall[] = []
  // Kept for save(): an app may catch the error (a login's error page), the test must still fail.
  const misses: DanceError[] = []
  const queues = new Map<string, RecordedCall[]>()
  const load = () => {
    loaded ??= readRecording(options.file).then((file) => {
      calls = file.calls
      for (const call of file.calls) {
        const key = matchKey(call.request)
        queues.set(key, [...(queues.get(key) ?? []), call])
      }
      return file
    })
    return loaded
  }
  return {
    mode: 'replay',
    get calls() {
      return calls
    },
    fetch: async (input, init) => {
      await load()
      const { live } = await readRequest(input, init)
      const request = scrubbedRequest(live)
      const call = queues.get(matchKey(request))?.shift()
      if (!call) {
        const error = missing(request, calls, options.file)
        misses.push(error)
        throw error
      }
      // The answer's placeholders count as minted, as they were when the call was recorded.
      scrubber.observe(JSON.stringify(call.response))
      const { status } = call.response
      const answer = new Response(hasNullBody(status) ? null : (bodyBytes(call.response) ?? null), {
        status,
        headers: responseHeaders(call.response),
      })
      return withUrl(answer, live.url)
    },
    save: async () => {
      await load()
      if (misses[0]) {
        throw new DanceError(
          'recorded_call_missing',
          `${misses.length} call(s) had no recorded answer; the first: ${misses[0].message}`,
        )
      }
      const unused = [...queues.values()].flat()
      if (unused.length === 0 || options.allowUnused) return
      const list = unused
        .slice(0, 5)
        .map((call) => `${call.request.method} ${call.request.url}`)
        .join(', ')
      throw new DanceError(
        'recorded_call_unused',
        `${unused.length} recorded call(s) of ${options.file} were never made: ${list}${unused.length > 5 ? ', ...' : ''}. Record again, or pass allowUnused.`,
      )
    },
  }
}

function missing(request: RecordedRequest, calls: readonly RecordedCall[], file: string): DanceError {
  const sameUrl = calls.filter(
    (call) => call.request.method === request.method && call.request.url === request.url,
  ).length
  const hint =
    sameUrl === 0
      ? 'It holds no call to this method and URL.'
      : `It holds ${sameUrl} call(s) to this method and URL: their bodies differ, or all were answered already.`
  return new DanceError(
    'recorded_call_missing',
    `No recorded call in ${file} answers ${request.method} ${request.url} (scrubbed). ${hint} Record again to add it.`,
  )
}

/** The request as the recorder reads it, and what to hand the real fetch (a stream body read once). */
async function readRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
): Promise<{ live: LiveRequest; forward: { input: string | URL | Request; init: RequestInit | undefined } }> {
  let forwardInit = init
  if (init?.body instanceof ReadableStream) {
    forwardInit = { ...init, body: new Uint8Array(await new Response(init.body).arrayBuffer()) }
  }
  const request = new Request(input instanceof Request ? input.clone() : input, forwardInit)
  const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined
  return {
    live: { method: request.method, url: request.url, headers: request.headers, body },
    forward: { input, init: forwardInit },
  }
}

/**
 * The file's text with every secret the recording learned replaced once more: a secret first met
 * without a name and named only later is scrubbed in the earlier calls too.
 */
function sweep(scrubber: Scrubber, text: string): string {
  const swept = scrubber.text(text)
  const leaks = scrubber.leaks(swept)
  try {
    JSON.parse(swept)
  } catch (error) {
    throw new DanceError('internal_error', 'Scrubbing the recording broke its JSON.', { cause: error })
  }
  if (leaks.length > 0) {
    throw new DanceError(
      'internal_error',
      `The recording still holds ${leaks.length} secret(s); not written.`,
    )
  }
  return swept
}

/** `response` with the URL it answers, as a fetched Response has (a constructed one has none). */
function withUrl(response: Response, url: string): Response {
  Object.defineProperty(response, 'url', { value: url })
  return response
}

function hasNullBody(status: number): boolean {
  return status === 204 || status === 205 || status === 304
}

function lower(name: string): string {
  return name.toLowerCase()
}
