/**
 * With an injected `fetch` (tests, proxies, instrumentation), the back channel's `timeoutMs` must not
 * depend on that fetch honouring `init.signal`: a wrapper that drops the signal and a provider that
 * never answers must still end in `provider_timeout` within the bound.
 */
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isDanceError } from '../../src/errors.js'
import { type FetchLike, makeTransport } from '../../src/protocol/http.js'

const TIMEOUT_MS = 300
let server: Server
let origin: string

beforeAll(async () => {
  // Headers never come: the provider is silent.
  server = createServer(() => {})
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => {
  server.closeAllConnections()
  server.close()
})

describe('an injected fetch that ignores the signal', () => {
  it('still ends in provider_timeout within the bound', async () => {
    const dropsSignal: FetchLike = (input, init) => fetch(input, { ...init, signal: null })
    const transport = makeTransport({ fetch: dropsSignal, timeoutMs: TIMEOUT_MS })
    const started = Date.now()
    const error = await transport(`${origin}/token`, { method: 'POST', body: 'x=1' }).catch((e: unknown) => e)
    expect(isDanceError(error, 'provider_timeout'), String(error)).toBe(true)
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000)
  })
})
