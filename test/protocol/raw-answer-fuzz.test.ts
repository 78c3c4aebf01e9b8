/**
 * Property: whatever bytes a provider sends back, the default back channel settles with a standard
 * Response (status 200–599) or rejects with a DanceError, within its timeout; it never throws out of
 * band. The answers are generated as raw TCP bytes: random bytes, and HTTP-shaped answers with any
 * status digits, reason and header bytes, wrong lengths, chunking, content codings and bodies, ended,
 * reset or left hanging.
 */
import { once } from 'node:events'
import { type AddressInfo, createServer, type Socket } from 'node:net'
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DanceError } from '../../src/errors.js'
import { type FetchLike, makeTransport } from '../../src/protocol/http.js'

interface Answer {
  bytes: Uint8Array
  ending: 'end' | 'destroy' | 'reset' | 'hold'
}

const TIMEOUT_MS = 150
const CAP = 4096
let current: Answer = { bytes: new Uint8Array(), ending: 'end' }
const sockets = new Set<Socket>()
const server = createServer((socket) => {
  sockets.add(socket)
  socket.on('close', () => sockets.delete(socket))
  socket.on('error', () => {})
  socket.on('data', (data) => {
    // Answer each request (its head's end) with whatever the current run generated.
    if (!data.includes('\r\n\r\n')) return
    const { bytes, ending } = current
    socket.write(bytes)
    if (ending === 'end') socket.end()
    else if (ending === 'destroy') socket.destroy()
    else if (ending === 'reset') socket.resetAndDestroy()
  })
})
let url = ''
const uncaught: unknown[] = []
const onUncaught = (error: unknown) => uncaught.push(error)

beforeAll(async () => {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`
  process.on('uncaughtException', onUncaught)
})
afterAll(async () => {
  process.off('uncaughtException', onUncaught)
  for (const socket of sockets) socket.destroy()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const bytes = (text: string) => new TextEncoder().encode(text)
const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/)
const anyBytes = (maxLength: number) => fc.uint8Array({ maxLength })
const printable = fc.string({ maxLength: 16 }).map(bytes)
const header = fc.oneof(
  fc.tuple(token.map(bytes), printable),
  fc.tuple(anyBytes(8), anyBytes(12)),
  fc.constantFrom(
    ...[
      ['content-length', '0'],
      ['content-length', '5'],
      ['content-length', '99999999'],
      ['content-length', '-1'],
      ['content-length', '1, 2'],
      ['transfer-encoding', 'chunked'],
      ['content-encoding', 'gzip'],
      ['content-encoding', 'deflate'],
      ['content-encoding', 'br'],
      ['content-encoding', 'gzip, br, deflate, gzip'],
      ['content-type', 'application/json; charset=utf-16'],
      ['connection', 'upgrade'],
      ['upgrade', 'websocket'],
    ].map(([name, value]) => [bytes(name!), bytes(value!)] as const),
  ),
)
const body = fc.oneof(
  anyBytes(300),
  fc.json().map(bytes),
  fc.integer({ min: 0, max: 200_000 }).map((size) => new Uint8Array(gzipSync(Buffer.alloc(size)))),
  fc.integer({ min: 0, max: 200_000 }).map((size) => new Uint8Array(deflateSync(Buffer.alloc(size)))),
  fc.integer({ min: 0, max: 200_000 }).map((size) => new Uint8Array(brotliCompressSync(Buffer.alloc(size)))),
  fc.constant(bytes('5\r\nhello\r\n0\r\n\r\n')),
)
const status = fc.oneof(
  fc.integer({ min: 0, max: 1200 }).map(String),
  fc.constantFrom('000', '099', '101', '199', '200', '204', '304', '600', '999', '1000', '20', '2OO', ''),
)
const httpAnswer = fc
  .record({
    version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2', 'HTTP/1.1 ', 'ICY'),
    status,
    reason: fc.oneof(printable, anyBytes(12)),
    headers: fc.array(header, { maxLength: 6 }),
    eol: fc.constantFrom('\r\n', '\n', '\r'),
    body,
    cut: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ version, status, reason, headers, eol, body, cut }) => {
    const line = (...parts: Uint8Array[]) => Buffer.concat([...parts, bytes(eol)])
    const all = Buffer.concat([
      line(bytes(`${version} ${status} `), reason),
      ...headers.map(([name, value]) => line(name, bytes(': '), value)),
      bytes(eol),
      body,
    ])
    return new Uint8Array(cut === undefined ? all : all.subarray(0, cut % (all.length + 1)))
  })
const answer = fc.record({
  bytes: fc.oneof({ weight: 1, arbitrary: anyBytes(200) }, { weight: 4, arbitrary: httpAnswer }),
  ending: fc.oneof(
    { weight: 6, arbitrary: fc.constant('end' as const) },
    { weight: 1, arbitrary: fc.constantFrom('destroy' as const, 'reset' as const, 'hold' as const) },
  ),
})

const transports = [
  ['the default client (undici)', undefined, 300],
  // The path an injected fetch (or an app's own dispatcher) takes: Node's fetch, then the size cap.
  ['an injected fetch', (input, init) => fetch(input, init), 100],
] as const satisfies ReadonlyArray<readonly [string, FetchLike | undefined, number]>

describe.each(transports)('the back channel through %s, parsing any raw answer', (_name, injected, runs) => {
  it('settles with a Response (200–599) or a DanceError, in time, and never throws out of band', async () => {
    const transport = makeTransport({ timeoutMs: TIMEOUT_MS, maxResponseBytes: CAP, fetch: injected })
    await fc.assert(
      fc.asyncProperty(answer, async (generated) => {
        current = generated
        const started = performance.now()
        let bound: NodeJS.Timeout | undefined
        const outcome = await Promise.race([
          transport(url, { method: 'POST', body: 'grant_type=x' }).then(
            async (response) => ({ response, text: await response.text() }),
            (error: unknown) => ({ error }),
          ),
          new Promise<{ hung: true }>((resolve) => {
            bound = setTimeout(() => resolve({ hung: true }), TIMEOUT_MS + 1000)
          }),
        ]).finally(() => clearTimeout(bound))
        expect(uncaught).toEqual([])
        expect(outcome, 'settled within the timeout').not.toHaveProperty('hung')
        expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 1000)
        if ('hung' in outcome) return
        if ('error' in outcome) {
          expect(outcome.error).toBeInstanceOf(DanceError)
        } else {
          expect(outcome.response.status).toBeGreaterThanOrEqual(200)
          expect(outcome.response.status).toBeLessThanOrEqual(599)
          expect(Buffer.byteLength(outcome.text)).toBeLessThanOrEqual(CAP * 3)
        }
      }),
      { numRuns: runs },
    )
  })
})
