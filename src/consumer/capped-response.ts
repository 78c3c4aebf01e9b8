/**
 * An API answer whose body the app reads under a cap: `apiMaxResponseBytes` decoded bytes, counted as
 * they arrive, reading failing with `provider_response_invalid` once they pass it. The body still
 * streams: nothing is read before the app reads.
 *
 * Wrapping the original body in a counting ReadableStream (and a new Response around it) costs more
 * on every call than the rest of what the client adds (bench/NOTES.md, issue 20). So `json()`,
 * `text()`, `arrayBuffer()` and `bytes()` read the original body's reader directly, counting; only
 * `body`, `blob()`, `formData()` and `clone()` get the counting stream, made on first need. Status,
 * headers, `url`, `redirected` and `type` are the original's.
 */
import { joinChunks } from '../body.js'
import { DanceError } from '../errors.js'

/** One decoder for every answer, none made per read: `decode()` without `stream` keeps no state. */
const UTF8 = new TextDecoder()

/** A Response over another whose body reads are capped; see the module comment. */
export class CappedResponse extends Response {
  readonly #source: Response
  readonly #max: number
  readonly #name: string
  /** The Response over the counting stream, once `body` (or a reader built on it) is asked for. */
  #streamed: Response | undefined

  /** `source` has a body and a status in 200–599 (checked by the caller). */
  constructor(source: Response, max: number, name: string) {
    // No headers copied: `headers` answers with the original's.
    super(null, { status: source.status })
    this.#source = source
    this.#max = max
    this.#name = name
  }

  override get headers(): Headers {
    return this.#source.headers
  }
  override get statusText(): string {
    return this.#source.statusText
  }
  override get url(): string {
    return this.#source.url
  }
  override get redirected(): boolean {
    return this.#source.redirected
  }
  override get type(): ResponseType {
    return this.#source.type
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#stream().body
  }

  override get bodyUsed(): boolean {
    return this.#streamed ? this.#streamed.bodyUsed : this.#source.bodyUsed
  }

  override async text(): Promise<string> {
    if (this.#streamed) return this.#streamed.text()
    return UTF8.decode(await this.#read())
  }

  override async json(): Promise<unknown> {
    if (this.#streamed) return this.#streamed.json()
    return JSON.parse(UTF8.decode(await this.#read())) as unknown
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#streamed) return this.#streamed.arrayBuffer()
    return (await this.#read()).buffer
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    if (this.#streamed) return this.#streamed.bytes()
    return this.#read()
  }

  override blob(): Promise<Blob> {
    return this.#stream().blob()
  }

  override formData(): Promise<FormData> {
    return this.#stream().formData()
  }

  override clone(): Response {
    return this.#stream().clone()
  }

  #tooLarge(): DanceError {
    return new DanceError(
      'provider_response_invalid',
      `The ${this.#name} API answer is larger than ${this.#max} bytes.`,
      { provider: this.#name },
    )
  }

  /** The whole body, read once from the original's reader; fails as soon as it passes the cap. */
  async #read(): Promise<Uint8Array<ArrayBuffer>> {
    const source = this.#source
    // As every Response: a body is read once (a locked or read one is a TypeError).
    if (source.bodyUsed) throw new TypeError('Body is unusable: Body has already been read')
    const reader = source.body!.getReader()
    const chunks: Uint8Array[] = []
    let size = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > this.#max) {
        await reader.cancel().catch(() => {})
        throw this.#tooLarge()
      }
      chunks.push(value)
    }
    return joinChunks(chunks, size)
  }

  /**
   * The Response over a pull-based counting stream (the same count and error as {@link #read}), made
   * on first need; every later read goes through it.
   */
  #stream(): Response {
    if (this.#streamed) return this.#streamed
    const source = this.#source
    // After a direct read the original is what a read Response is (a disturbed, locked body; reads
    // reject with a TypeError): it answers from then on.
    if (source.bodyUsed || source.body!.locked) {
      this.#streamed = source
      return source
    }
    const max = this.#max
    let seen = 0
    const reader = source.body!.getReader()
    const tooLarge = () => this.#tooLarge()
    const counted = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read()
        if (done) return controller.close()
        seen += value.byteLength
        if (seen <= max) return controller.enqueue(value)
        await reader.cancel().catch(() => {})
        controller.error(tooLarge())
      },
      cancel: (reason) => reader.cancel(reason),
    })
    this.#streamed = new Response(counted, { status: source.status, headers: source.headers })
    return this.#streamed
  }
}
