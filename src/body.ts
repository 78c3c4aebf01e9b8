/**
 * Reading a body whole with a ceiling: the one reader for posted callbacks (every adapter) and the
 * back channel's answers, so no peer can make us buffer more than we allow.
 */

/** A web stream or a Node stream of bytes. */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>

/**
 * The bytes of `body`, read to its end; throws `tooLarge()` as soon as more than `maxBytes` arrived,
 * and cancels the rest of the stream.
 */
export async function readCapped(
  body: ByteSource | null | undefined,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = []
  let size = 0
  const take = (chunk: Uint8Array): boolean => {
    size += chunk.byteLength
    if (size > maxBytes) return false
    chunks.push(chunk)
    return true
  }
  if (body && 'getReader' in body) {
    const reader = body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (!take(value)) {
        await reader.cancel().catch(() => {})
        throw tooLarge()
      }
    }
  } else if (body) {
    // Leaving the loop early destroys a Node stream.
    for await (const chunk of body) if (!take(chunk)) throw tooLarge()
  }
  return joinChunks(chunks, size)
}

/** `chunks` (`size` bytes in all) as one array: the only chunk itself when it spans its whole buffer. */
export function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const only = chunks.length === 1 ? chunks[0]! : undefined
  if (only && only.byteOffset === 0 && only.byteLength === only.buffer.byteLength) {
    return only as Uint8Array<ArrayBuffer>
  }
  const whole = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    whole.set(chunk, at)
    at += chunk.byteLength
  }
  return whole
}

/**
 * `body` as a web stream that errors with `tooLarge()` once more than `maxBytes` passed through, for a
 * Request whose reader (the callback route) then fails the way every other bad callback fails.
 */
export function cappedStream(
  body: ByteSource,
  maxBytes: number,
  tooLarge: () => Error,
): ReadableStream<Uint8Array> {
  const source = 'getReader' in body ? body : streamOf(body)
  let size = 0
  return source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength
        if (size > maxBytes) controller.error(tooLarge())
        else controller.enqueue(chunk)
      },
    }),
  )
}

/** A web stream over an async iterable (a Node stream); cancelling it ends the iterable. */
function streamOf(iterable: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = iterable[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next()
      if (done) controller.close()
      else controller.enqueue(value)
    },
    async cancel() {
      await iterator.return?.()
    },
  })
}
