/**
 * Limits on API calls, against a real server. An API that accepts the connection and never answers
 * must not hold the app's request forever: the client waits `apiTimeoutMs` for the answer's status and
 * headers, then fails with `provider_timeout`; a slow body after a prompt answer is the app's to read.
 * A compressed bomb must not exhaust the app's memory: reading stops at `apiMaxResponseBytes` decoded
 * bytes with `provider_response_invalid`.
 */
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeOAuth2Blueprint, type OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { isDanceError } from '../../src/errors.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { injectToken, withRequestScope } from '../../src/testing/index.js'

const TIMEOUT_MS = 400
const CAP = 1024 * 1024
// 256 MiB of JSON whitespace compress to about 256 KiB: a bomb only once decoded.
const BOMB = gzipSync(
  Buffer.concat([Buffer.from('['), Buffer.alloc(256 * 1024 * 1024, 32), Buffer.from(']')]),
)
const SMALL = gzipSync(Buffer.from(JSON.stringify({ ok: 'gzip' })))
let server: Server
let origin: string

beforeAll(async () => {
  server = createServer((req, res) => {
    // `/silent` never answers; `/slow-body` answers at once and sends its body after three timeouts.
    if (req.url?.startsWith('/api/silent')) return
    // `/hop/<n>`: each hop answers after 0.4 × the timeout with a redirect to the next, up to /hop/0.
    const hop = /^\/api\/hop\/(\d+)/.exec(req.url ?? '')
    if (hop) {
      const n = Number(hop[1])
      setTimeout(() => {
        if (n === 0) res.writeHead(200, { 'content-type': 'application/json' }).end('{"hops":"done"}')
        else res.writeHead(302, { location: `/api/hop/${n - 1}` }).end()
      }, 0.4 * TIMEOUT_MS)
      return
    }
    // `/status/<code>`: a status no standard Response can carry, with a length or chunked.
    const odd = /^\/api\/status\/(\d+)(-chunked)?/.exec(req.url ?? '')
    if (odd) {
      const body = '{"odd":true}'
      res.writeHead(
        Number(odd[1]),
        odd[2] ? { 'transfer-encoding': 'chunked' } : { 'content-length': body.length },
      )
      res.end(body)
      return
    }
    if (req.url?.startsWith('/api/bomb') || req.url?.startsWith('/api/small-gzip')) {
      const body = req.url.startsWith('/api/bomb') ? BOMB : SMALL
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      res.end(body)
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.write('{"ok":')
    setTimeout(() => res.end('true}'), 3 * TIMEOUT_MS)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => {
  server.closeAllConnections()
  server.close()
})

function blueprint(apiTimeoutMs?: number, apiMaxResponseBytes?: number): OAuth2Blueprint {
  return makeOAuth2Blueprint({
    name: 'silent',
    clientId: 'id',
    clientSecret: 'client-secret',
    authorizationUrl: `${origin}/authorize`,
    tokenUrl: `${origin}/token`,
    baseUrl: `${origin}/api/`,
    allowInsecureRequests: true,
    storage: new MemoryStorage({ singleUser: true }),
    ...(apiTimeoutMs !== undefined && { apiTimeoutMs }),
    ...(apiMaxResponseBytes !== undefined && { apiMaxResponseBytes }),
  })
}

async function call(bp: OAuth2Blueprint, path: string): Promise<unknown> {
  return withRequestScope({ blueprints: [bp] }, async () => {
    await injectToken(bp, { access_token: 'at', token_type: 'bearer' })
    const response = await bp.client.get(path)
    return response.json()
  })
}

describe('API calls have a bounded wait for the answer', () => {
  it('a silent API fails with provider_timeout after apiTimeoutMs, not never', async () => {
    const started = Date.now()
    const error = await call(blueprint(TIMEOUT_MS), 'silent').catch((e: unknown) => e)
    const took = Date.now() - started
    expect(isDanceError(error, 'provider_timeout')).toBe(true)
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50)
    expect(took).toBeLessThan(TIMEOUT_MS + 2_000)
  })

  it('a body slower than the timeout, after a prompt answer, is read whole', async () => {
    await expect(call(blueprint(TIMEOUT_MS), 'slow-body')).resolves.toEqual({ ok: true })
  })

  it('a compressed bomb stops at apiMaxResponseBytes, fast, with provider_response_invalid', async () => {
    const started = Date.now()
    const error = await call(blueprint(TIMEOUT_MS, CAP), 'bomb').catch((e: unknown) => e)
    expect(isDanceError(error, 'provider_response_invalid')).toBe(true)
    // Decoding 256 MiB takes seconds; stopping at 1 MiB takes milliseconds.
    expect(Date.now() - started).toBeLessThan(1_500)
  })

  it('a compressed answer within the cap reads as usual', async () => {
    await expect(call(blueprint(TIMEOUT_MS, CAP), 'small-gzip')).resolves.toEqual({ ok: 'gzip' })
  })

  it('one deadline covers every redirect hop: a slow chain fails after about apiTimeoutMs, not hops × it', async () => {
    const started = Date.now()
    const error = await call(blueprint(TIMEOUT_MS), 'hop/6').catch((e: unknown) => e)
    expect(isDanceError(error, 'provider_timeout')).toBe(true)
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000)
    // A short chain within the deadline still arrives.
    await expect(call(blueprint(5 * TIMEOUT_MS), 'hop/2')).resolves.toEqual({ hops: 'done' })
  })

  it.each(['999', '999-chunked', '600', '600-chunked'])(
    'an API status outside 200–599 (%s) is provider_response_invalid, never a RangeError or a 999 Response',
    async (status) => {
      const error = await call(blueprint(TIMEOUT_MS), `status/${status}`).catch((e: unknown) => e)
      expect(isDanceError(error, 'provider_response_invalid'), String(error)).toBe(true)
    },
  )
})
