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
  const whole = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    whole.set(chunk, at)
    at += chunk.byteLength
  }
  return whole
}
