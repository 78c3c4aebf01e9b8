/**
 * What the Node back channel (node-transport.ts) and Node API calls (node-api-send.ts) share: the
 * keep-alive agents, whether the app installed its own global dispatcher, decoding content codings under
 * a cap, and the mapping of undici's errors.
 */
import { type Duplex, Transform } from 'node:stream'
import {
  brotliDecompressSync,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createInflateRaw,
  gunzipSync,
  inflateRawSync,
  inflateSync,
} from 'node:zlib'
import { Agent, errors } from 'undici'
import { DanceError, type FixedText } from '../errors.js'
import type { BackChannelTls } from './tls.js'

// Idle sockets close after 4 s, before most servers' own keep-alive timeouts, so a request is rarely
// written to a socket the server is closing. One request per socket at a time (no pipelining): a
// provider that answers one request badly cannot corrupt another's answer.
const agent = new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 60_000, pipelining: 1 })
// One agent per blueprint TLS setting (the option object), so a private CA never reaches other hosts.
const tlsAgents = new WeakMap<BackChannelTls, Agent>()

/** The agent for a TLS setting: the shared one without, one of its own with. */
export function agentFor(tls: BackChannelTls | undefined): Agent {
  if (!tls) return agent
  let own = tlsAgents.get(tls)
  if (!own) {
    own = new Agent({
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 60_000,
      pipelining: 1,
      connect: {
        ...(tls.ca !== undefined && { ca: typeof tls.ca === 'string' ? tls.ca : [...tls.ca] }),
        ...(tls.cert !== undefined && { cert: tls.cert }),
        ...(tls.key !== undefined && { key: tls.key }),
      },
    })
    tlsAgents.set(tls, own)
  }
  return own
}

const DISPATCHER = Symbol.for('undici.globalDispatcher.1')
/** Where undici 8 (Node 26's fetch) keeps the global dispatcher; `.1` then holds a compatibility wrapper. */
const DISPATCHER_V2 = Symbol.for('undici.globalDispatcher.2')
const customised = new WeakMap<object, boolean>()
// A body is decoded through at most this many content codings; more is not a real provider.
const MAX_CODINGS = 3

/** What Node 26 (undici 8) keeps at the older key: a wrapper around its own dispatcher, for older undici. */
const WRAPPER = 'Dispatcher1Wrapper'
/** Wrappers seen around a default dispatcher (see {@link fetchIsCustomised}). */
const defaultWrappers = new WeakSet<object>()

function nameOf(value: unknown): string | undefined {
  return (value as { constructor?: { name?: string } } | undefined)?.constructor?.name
}

/**
 * True when the app installed its own global dispatcher for `fetch` (undici's `setGlobalDispatcher`:
 * a proxy agent, a custom connector or CA; or Node 24's own under `NODE_USE_ENV_PROXY`). Then `fetch`
 * is the app's chosen network path, so we use it. The defaults (Node's own, or the one importing
 * undici installs) are plain `Agent`s whose options are all unset.
 *
 * Node 26 keeps a wrapper of its dispatcher at the older key, which is what the app's undici 7
 * `getGlobalDispatcher()` returns; an app that puts it back (`setGlobalDispatcher(before)`, as a test
 * does after swapping in a proxy) then has that wrapper at both keys, and the dispatcher inside it is
 * private. A wrapper seen around a default dispatcher is remembered as default; one never seen so is
 * judged custom, so an app's proxy is never bypassed on a guess.
 */
export function fetchIsCustomised(): boolean {
  const globals = globalThis as Record<symbol, unknown>
  let dispatcher = globals[DISPATCHER]
  if (nameOf(dispatcher) === WRAPPER) {
    const wrapped = globals[DISPATCHER_V2]
    if (nameOf(wrapped) === WRAPPER) return !defaultWrappers.has(wrapped as object)
    if (!isCustom(wrapped)) defaultWrappers.add(dispatcher as object)
    dispatcher = wrapped
  }
  return isCustom(dispatcher)
}

/** True unless `dispatcher` is a plain `Agent` with no option set (or there is none at all). */
function isCustom(dispatcher: unknown): boolean {
  if (typeof dispatcher !== 'object' || dispatcher === null) return false
  let known = customised.get(dispatcher)
  if (known === undefined) {
    const symbol = Object.getOwnPropertySymbols(dispatcher).find((s) => s.description === 'options')
    const options = symbol ? (dispatcher as Record<symbol, unknown>)[symbol] : undefined
    known =
      nameOf(dispatcher) !== 'Agent' ||
      (typeof options === 'object' &&
        options !== null &&
        Object.entries(options).some(
          ([name, value]) => value !== undefined && !(name === 'maxOrigins' && value === Infinity),
        ))
    customised.set(dispatcher, known)
  }
  return known
}

/** Statuses whose answers have no body. */
export const NULL_BODY: ReadonlySet<number> = new Set([204, 205, 304])

/**
 * undici's header record of an answer as standard `Headers` (each repeated value appended); a name or
 * value `Headers` refuses is `provider_response_invalid`.
 */
export function headersOf(
  raw: Record<string, string | string[] | undefined>,
  provider: string | undefined,
): Headers {
  const headers = new Headers()
  try {
    for (const name in raw) {
      const value = raw[name]
      if (typeof value === 'string') headers.append(name, value)
      else if (value !== undefined) for (const one of value) headers.append(name, one)
    }
  } catch (error) {
    throw invalid("The provider's response has a malformed header.", provider, error)
  }
  return headers
}

// `provider` in the helpers below is the blueprint the request is for, named on the error.

export function invalid<T extends string>(
  message: FixedText<T>,
  provider: string | undefined,
  cause?: unknown,
): DanceError {
  return new DanceError('provider_response_invalid', message, { cause, provider })
}

export function tooLarge(maxBytes: number, provider: string | undefined): DanceError {
  return new DanceError(
    'provider_response_invalid',
    `The provider's response is larger than ${maxBytes} bytes.`,
    { provider },
  )
}

/**
 * The content codings of an answer that `fetch` would undo (gzip, deflate, br), in the order to undo
 * them; empty when there is nothing to undo or a coding is unknown (the body then passes as it came,
 * as in `fetch`). More than {@link MAX_CODINGS} is not a real server.
 * @see [RFC 9110 - HTTP Semantics](https://www.rfc-editor.org/rfc/rfc9110.html#section-8.4.1)
 */
export function codingsOf(encoding: string | null | undefined, provider: string | undefined): string[] {
  if (!encoding) return []
  const codings = encoding
    .toLowerCase()
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding !== '' && coding !== 'identity')
  if (codings.length > MAX_CODINGS)
    throw invalid("The provider's response has too many content codings.", provider)
  if (!codings.every((coding) => /^(x-)?gzip$|^deflate$|^br$/.test(coding))) return []
  return codings.reverse()
}

/**
 * Undoes the content codings `fetch` would undo (see {@link codingsOf}), each step capped at `maxBytes`
 * decoded bytes, so a compression bomb stops at the cap.
 */
export function decode(
  body: Buffer,
  encoding: string | null,
  maxBytes: number,
  provider: string | undefined,
): Buffer {
  if (!encoding || body.length === 0) return body
  return decodeAll(body, codingsOf(encoding, provider), maxBytes, provider)
}

/** `body` with `codings` (from {@link codingsOf}) undone, each step capped at `maxBytes`. */
export function decodeAll(
  body: Buffer,
  codings: readonly string[],
  maxBytes: number,
  provider: string | undefined,
): Buffer {
  if (codings.length === 0 || body.length === 0) return body
  const options = { maxOutputLength: maxBytes }
  let bytes = body
  try {
    for (const coding of codings) {
      if (coding === 'br') bytes = brotliDecompressSync(bytes, options)
      else if (coding === 'deflate') bytes = inflateDeflate(bytes, options)
      else bytes = gunzipSync(bytes, options)
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxBytes, provider)
    throw invalid("The provider's response body could not be decoded.", provider, error)
  }
  return bytes
}

/**
 * A stream that undoes one coding (from {@link codingsOf}) as the bytes arrive, for a body read as a
 * stream. `deflate` looks at the first bytes to tell zlib-wrapped from raw, as {@link decodeAll} does.
 */
export function decodingStream(coding: string): Duplex {
  if (coding === 'br') return createBrotliDecompress()
  if (coding !== 'deflate') return createGunzip()
  let inner: Duplex | undefined
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!inner) {
        const zlibWrapped =
          chunk.length >= 2 && (chunk[0]! & 0x0f) === 8 && ((chunk[0]! << 8) | chunk[1]!) % 31 === 0
        inner = zlibWrapped ? createInflate() : createInflateRaw()
        inner.on('data', (bytes: Buffer) => this.push(bytes))
        inner.on('error', (error) => this.destroy(error))
      }
      inner.write(chunk, () => done())
    },
    flush(done) {
      if (!inner) return done()
      inner.once('end', () => done())
      inner.end()
    },
  })
}

/** `deflate` is meant to be zlib-wrapped, but some servers send it raw; `fetch` accepts both. */
function inflateDeflate(bytes: Buffer, options: { maxOutputLength: number }): Buffer {
  // A zlib stream starts with a CMF byte whose low nibble is 8 (deflate) and a check over two bytes.
  const zlibWrapped =
    bytes.length >= 2 && (bytes[0]! & 0x0f) === 8 && ((bytes[0]! << 8) | bytes[1]!) % 31 === 0
  return zlibWrapped ? inflateSync(bytes, options) : inflateRawSync(bytes, options)
}

/**
 * Maps undici's errors: a malformed answer is `provider_response_invalid`, undici's own timeouts keep a
 * `TimeoutError` name for {@link transportError}; the rest (resets, refused connections) stay as they
 * are and become `provider_unavailable`.
 */
export function mapUndici(error: unknown, provider: string | undefined): unknown {
  if (error instanceof DanceError) return error
  if (
    error instanceof errors.HTTPParserError ||
    error instanceof errors.ResponseContentLengthMismatchError ||
    error instanceof errors.HeadersOverflowError ||
    // A 101 to a request that asked for no upgrade; undici has no own class for it.
    (error instanceof errors.SocketError && error.message === 'bad upgrade')
  )
    return invalid("The provider's response is not valid HTTP.", provider, error)
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError
  )
    return new DOMException('No answer in time.', 'TimeoutError')
  return error
}
