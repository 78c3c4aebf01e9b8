/**
 * A standard Response over the body stream of an undici `request` answer: what API calls on Node
 * resolve with (node-api-send.ts). It resolves as soon as the status and headers are in; the body is
 * read when the app reads it. `json()`, `text()`, `arrayBuffer()` and `bytes()` take the bytes straight
 * from undici's stream and decode the content codings in one step; only `body`, `blob()`,
 * `formData()` and `clone()` build a WHATWG stream, made on first need, decoding as the bytes flow.
 *
 * Either way the app reads at most `max` decoded bytes: past that, reading fails with
 * `provider_response_invalid`, and a compression bomb stops at the cap. A body the app never reads is
 * let go when the Response is collected, as `fetch` does, so an unread large answer cannot pin a
 * connection forever.
 */
import { type Duplex, pipeline, Readable, Transform } from 'node:stream'
import type { Dispatcher } from 'undici'
import { DanceError } from '../errors.js'
import { codingsOf, decodeAll, decodingStream, headersOf, mapUndici, NULL_BODY } from './node-undici.js'

/** One decoder for every body, none made per read: `decode()` without `stream` keeps no state. */
const UTF8 = new TextDecoder()

/**
 * What the registry holds for a Response whose body is not read yet. The stream sits in a box emptied
 * on the first read: V8's young-generation collector keeps whatever a registration holds, unregistered
 * or not, until a full collection, so holding the stream itself kept every API call's stream, undici
 * request and handler alive past the young generation (about 5 KB per call; bench/NOTES.md item 15).
 */
interface UnreadBody {
  stream: Readable | undefined
}

/** Destroys an unread body once its Response is garbage: the box must not reference the Response. */
const unread = new FinalizationRegistry<UnreadBody>((box) => {
  const stream = box.stream
  if (stream && !stream.readableEnded) stream.destroy()
})

/** The request an answer is for: its URL (the Response's `url`) and method (HEAD has no body). */
interface Asked {
  readonly url: URL
  readonly method: string
}

/** How the body is read: the cap, the blueprint named on errors, and the call's signal. */
export interface ReadRules {
  /** The most decoded bytes the app can read. */
  readonly max: number
  /** The blueprint named on every error. */
  readonly provider: string
  /** The signal the request went out with: once it aborts, a read fails with its reason, as in `fetch`. */
  readonly signal: AbortSignal
}

/** A Response over an undici body stream; see the module comment. */
export class NodeStreamResponse extends Response {
  /** Null for a null body (HEAD, 204, 205, 304). */
  readonly #stream: Readable | null
  readonly #url: string
  readonly #codings: readonly string[]
  readonly #rules: ReadRules
  #used = false
  /** The registry's box, while the body is unread. */
  #unread: UnreadBody | undefined
  /** The plain Response over the WHATWG stream, once one is asked for; every later read goes through it. */
  #plain: Response | undefined

  /**
   * The answer as a Response. Throws `provider_response_invalid` for a status no Response can carry
   * (LinkedIn's 999, 600 and above) or a malformed header, the body then let go.
   */
  static from(answer: Dispatcher.ResponseData, asked: Asked, rules: ReadRules): NodeStreamResponse {
    const { statusCode, body } = answer
    const { provider } = rules
    // Destroying the stream early emits an abort error; it is ours, and must not go uncaught.
    body.on('error', () => {})
    try {
      if (!(statusCode >= 200 && statusCode <= 599)) {
        throw new DanceError(
          'provider_response_invalid',
          `The ${provider} API answered with the status ${statusCode}.`,
          { provider },
        )
      }
      const headers = headersOf(answer.headers, provider)
      const empty = asked.method === 'HEAD' || NULL_BODY.has(statusCode)
      if (empty) body.resume()
      const codings = empty ? [] : codingsOf(headers.get('content-encoding'), provider)
      return new NodeStreamResponse(empty ? null : body, statusCode, headers, asked.url.href, codings, rules)
    } catch (error) {
      body.destroy()
      throw error
    }
  }

  private constructor(
    stream: Readable | null,
    status: number,
    headers: Headers,
    url: string,
    codings: readonly string[],
    rules: ReadRules,
  ) {
    super(null, { status, headers })
    this.#stream = stream
    this.#url = url
    this.#codings = codings
    this.#rules = rules
    if (stream) {
      this.#unread = { stream }
      unread.register(this, this.#unread, this.#unread)
    }
  }

  /** The body is being read: nothing left for the registry to destroy, or to hold. */
  #release(): void {
    const box = this.#unread
    if (!box) return
    this.#unread = undefined
    box.stream = undefined
    unread.unregister(box)
  }

  override get url(): string {
    return this.#url
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#stream === null) return null
    return this.#web().body
  }

  override get bodyUsed(): boolean {
    return this.#plain ? this.#plain.bodyUsed : this.#used
  }

  override async text(): Promise<string> {
    if (this.#plain) return this.#plain.text()
    return UTF8.decode(await this.#read())
  }

  override async json(): Promise<unknown> {
    if (this.#plain) return this.#plain.json()
    return JSON.parse(UTF8.decode(await this.#read())) as unknown
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#plain) return this.#plain.arrayBuffer()
    return (await this.#read()).buffer
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    if (this.#plain) return this.#plain.bytes()
    return this.#read()
  }

  override blob(): Promise<Blob> {
    return this.#web().blob()
  }

  override formData(): Promise<FormData> {
    return this.#web().formData()
  }

  override clone(): Response {
    if (this.#used && !this.#plain) throw new TypeError('Response.clone: Body has already been consumed.')
    return this.#web().clone()
  }

  #tooLarge(): DanceError {
    const { provider, max } = this.#rules
    return new DanceError(
      'provider_response_invalid',
      `The ${provider} API answer is larger than ${max} bytes.`,
      { provider },
    )
  }

  /** The whole decoded body, read once; fails as soon as the bytes received pass the cap. */
  async #read(): Promise<Uint8Array<ArrayBuffer>> {
    // As every Response: a body is read once (a second read is a TypeError).
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read')
    this.#used = true
    const stream = this.#stream
    if (stream === null) return new Uint8Array(0)
    this.#release()
    const { max, provider } = this.#rules
    const chunks: Buffer[] = []
    let size = 0
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        size += chunk.length
        if (size > max) {
          stream.destroy()
          throw this.#tooLarge()
        }
        chunks.push(chunk)
      }
    } catch (error) {
      throw readFailure(error, this.#rules)
    }
    const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)
    return plain(this.#codings.length === 0 ? raw : decodeAll(raw, this.#codings, max, provider))
  }

  /**
   * The plain Response over a WHATWG stream of the decoded, counted body, made on first need. After a
   * direct read its stream is an empty, cancelled one: disturbed, as a read Response's body is.
   */
  #web(): Response {
    if (this.#plain) return this.#plain
    const init = { status: this.status, headers: this.headers }
    const stream = this.#stream
    if (stream === null || this.#used) {
      this.#plain = new Response(stream === null ? null : new Uint8Array(0), init)
      if (this.#used) void this.#plain.body?.cancel()
      return this.#plain
    }
    this.#release()
    const rules = this.#rules
    const max = rules.max
    let seen = 0
    const tooLarge = () => this.#tooLarge()
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        seen += chunk.length
        done(seen > max ? tooLarge() : null, seen > max ? undefined : chunk)
      },
    })
    const stages: Duplex[] = this.#codings.map(decodingStream)
    // pipeline destroys every stage when one fails; the counter carries the error to the reader.
    pipeline([stream, ...stages, counter], (error) => {
      if (error && !counter.destroyed) counter.destroy(readFailure(error, rules) as Error)
    })
    this.#plain = new Response(Readable.toWeb(counter) as ReadableStream<Uint8Array<ArrayBuffer>>, init)
    return this.#plain
  }
}

/**
 * `bytes` as a plain Uint8Array of its own, as `Response.bytes()` gives: a Buffer's view of a larger
 * (pooled) buffer is copied, so no other bytes leak out through `.buffer`.
 */
function plain(bytes: Buffer): Uint8Array<ArrayBuffer> {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
    return new Uint8Array(bytes.buffer as ArrayBuffer, 0, bytes.byteLength)
  }
  return new Uint8Array(bytes)
}

/**
 * What reading the body fails with: the app's abort as it came (its business, as with `fetch`), our
 * own errors (the cap, a body that cannot be decoded) as they are, a broken connection or malformed
 * HTTP as a DanceError, so the app branches on a code.
 */
function readFailure(error: unknown, { provider, signal }: ReadRules): unknown {
  if (signal.aborted) return signal.reason
  const mapped = mapUndici(error, provider)
  if (mapped instanceof DanceError) return mapped
  return new DanceError('provider_unavailable', `The ${provider} API answer broke off while it was read.`, {
    provider,
    cause: error,
  })
}
