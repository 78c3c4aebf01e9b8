/**
 * An API answer of unknown length reaches the app as a CappedResponse: it must read like the standard
 * Response over the same chunks (every reader, a second read rejecting, `body` and `bodyUsed`, the
 * original's status line, headers, `url` and `redirected`), and every reader must stop at the cap with
 * `provider_response_invalid`, cancelling the original body.
 */
import { describe, expect, it } from 'vitest'
import { CappedResponse } from '../../src/consumer/capped-response.js'
import { isDanceError } from '../../src/errors.js'

const CHUNKS = ['\uFEFF{"login":"zoë",', '"id":1,', '"bio":"', 'x'.repeat(100), '"}']
const SIZE = new TextEncoder().encode(CHUNKS.join('')).byteLength

/** A body in several chunks, as a chunked answer arrives; `cancelled` says whether it was cancelled. */
function chunked(): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  const queue = CHUNKS.map((c) => new TextEncoder().encode(c))
  let cancelled = false
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = queue.shift()
      if (next) controller.enqueue(next)
      else controller.close()
    },
    cancel() {
      cancelled = true
    },
  })
  return { stream, cancelled: () => cancelled }
}

const init = () => ({
  status: 200,
  statusText: 'Fine',
  headers: new Headers({ 'content-type': 'application/json' }),
})
function capped(max = SIZE): { response: CappedResponse; cancelled: () => boolean } {
  const { stream, cancelled } = chunked()
  const source = new Response(stream, init())
  Object.defineProperties(source, {
    url: { value: 'https://api.example/user' },
    redirected: { value: true },
  })
  return { response: new CappedResponse(source, max, 'example'), cancelled }
}
const standard = () => new Response(chunked().stream, init())

type Reader = (r: Response) => Promise<unknown>
const readers: Array<[string, Reader]> = [
  ['text', (r) => r.text()],
  ['json', (r) => r.json()],
  ['arrayBuffer', async (r) => [...new Uint8Array(await r.arrayBuffer())]],
  ['bytes', async (r) => [...(await r.bytes())]],
  ['blob', async (r) => (await r.blob()).text()],
  ['body', async (r) => new Response(r.body).text()],
  ['clone', async (r) => r.clone().text()],
]

describe('CappedResponse', () => {
  it("is a Response with the original's status line, headers, url and redirected", () => {
    const { response } = capped()
    expect(response).toBeInstanceOf(Response)
    expect([response.status, response.statusText, response.ok]).toEqual([200, 'Fine', true])
    expect(response.headers.get('content-type')).toBe('application/json')
    expect([response.url, response.redirected, response.type]).toEqual([
      'https://api.example/user',
      true,
      'default',
    ])
  })

  for (const [name, read] of readers) {
    it(`reads like a standard Response: ${name}, then a second read`, async () => {
      const { response } = capped()
      const plain = standard()
      expect(response.bodyUsed).toBe(false)
      expect(await read(response)).toEqual(await read(plain))
      if (name === 'clone') return
      expect(response.bodyUsed).toBe(plain.bodyUsed)
      for (const [again, readAgain] of readers.filter(([n]) => n !== 'body')) {
        await expect(readAgain(response), again).rejects.toThrow(TypeError)
      }
      expect(response.body === null).toBe(plain.body === null)
    })

    it(`stops at the cap with provider_response_invalid, the rest cancelled: ${name}`, async () => {
      // One byte short: the last chunk passes the cap.
      const { response } = capped(SIZE - 1)
      const error = await read(response).catch((e: unknown) => e)
      expect(isDanceError(error, 'provider_response_invalid'), String(error)).toBe(true)
      // The second chunk passes the cap: what is left of the original is cancelled, not read.
      const early = capped(30)
      expect(
        isDanceError(await read(early.response).catch((e: unknown) => e), 'provider_response_invalid'),
      ).toBe(true)
      expect(early.cancelled()).toBe(true)
    })
  }
})
