/**
 * A standard Response over a body that is already in memory: what the back channel
 * (`node-transport.ts`) answers with. A Response built from bytes sets up a byte ReadableStream
 * at construction, and reading it back (`json()`, `text()`) pulls the bytes through that stream again;
 * on Node 20 that is most of the CPU a code exchange or API call spends in the Response (about 15 µs
 * of 17 in a loop, bench/NOTES.md). This one keeps the bytes and reads them directly, and makes the
 * stream only when someone asks for `body` (or `blob()`, `formData()`, `clone()` after that), from
 * then on answering through a plain Response over the same bytes.
 *
 * It is a Response (`instanceof Response`, the same status, headers, `ok`), and a body can be read
 * once, as with any Response: a second read rejects with a TypeError.
 */

/** One decoder for every body, none made per read: `decode()` without `stream` keeps no state. */
const UTF8 = new TextDecoder()

/** A Response over bytes held in memory; see the module comment. */
export class BufferedResponse extends Response {
  #bytes: Uint8Array | null
  #used = false
  /** The plain Response over the same bytes, once the stream (or anything built on it) is asked for. */
  #plain: Response | undefined

  /** `bytes` null for a null-body status (204, 205, 304). */
  constructor(bytes: Uint8Array | null, init: { status: number; statusText?: string; headers: Headers }) {
    super(null, init)
    this.#bytes = bytes
  }

  /** The decoded body's length in bytes without reading it (0 for a null body). */
  get byteLength(): number {
    return this.#bytes?.byteLength ?? 0
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#bytes === null) return null
    return this.#stream().body
  }

  override get bodyUsed(): boolean {
    return this.#plain ? this.#plain.bodyUsed : this.#used
  }

  override text(): Promise<string> {
    if (this.#plain) return this.#plain.text()
    try {
      return Promise.resolve(UTF8.decode(this.#take()))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  override json(): Promise<unknown> {
    if (this.#plain) return this.#plain.json()
    return this.text().then((text) => JSON.parse(text) as unknown)
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#plain) return this.#plain.arrayBuffer()
    try {
      const bytes = this.#take()
      // A copy: the bytes may be a view into a larger (pooled) buffer, which must not leak out.
      return Promise.resolve(bytes.slice().buffer)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    if (this.#plain) return this.#plain.bytes()
    try {
      return Promise.resolve(this.#take().slice() as Uint8Array<ArrayBuffer>)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  override blob(): Promise<Blob> {
    return this.#stream().blob()
  }

  override formData(): Promise<FormData> {
    return this.#stream().formData()
  }

  override clone(): Response {
    if (this.#plain) return this.#plain.clone()
    if (this.#used) throw new TypeError('Response.clone: Body has already been consumed.')
    return new BufferedResponse(this.#bytes, {
      status: this.status,
      statusText: this.statusText,
      headers: new Headers(this.headers),
    })
  }

  /** The bytes, once: a body can be read one time. */
  #take(): Uint8Array {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read')
    this.#used = true
    return this.#bytes ?? new Uint8Array(0)
  }

  /**
   * The plain Response every further read goes through, made on first need. After a direct read its
   * stream is an empty, cancelled one: disturbed, as a read Response's body is.
   */
  #stream(): Response {
    if (!this.#plain) {
      const bytes = this.#used ? new Uint8Array(0) : this.#bytes
      this.#plain = new Response(bytes as Uint8Array<ArrayBuffer> | null, {
        status: this.status,
        statusText: this.statusText,
        headers: this.headers,
      })
      if (this.#used) void this.#plain.body?.cancel()
    }
    return this.#plain
  }
}
