/**
 * A token endpoint that fails in every way we could think of: error answers, garbage, huge bodies,
 * redirects, silence and resets. Each ends in a typed error with the right status, nothing stored,
 * the transaction cleared, exactly one token request (codes are single-use, never retried), and no
 * request after it (a redirect is never followed).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DanceErrorCode } from '../../src/errors.js'
import type { TokenAnswer } from '../support/evil-provider.js'
import { HttpBrowser } from '../support/http-browser.js'
import { expectFailure, fullLogin, type Rig, startRig } from './harness.js'

let rig: Rig

beforeAll(async () => {
  // The rig's back-channel timeout is 400 ms.
  rig = await startRig()
})
afterAll(async () => {
  await rig?.close()
})
beforeEach(() => rig.reset())

const json = { 'content-type': 'application/json' }
const MIB = 1024 * 1024

const cases: Array<[string, number, DanceErrorCode, TokenAnswer]> = [
  [
    '400 invalid_grant',
    401,
    'token_rejected',
    { kind: 'raw', status: 400, headers: json, body: '{"error":"invalid_grant"}' },
  ],
  [
    '401 invalid_client with a challenge',
    401,
    'token_rejected',
    {
      kind: 'raw',
      status: 401,
      headers: { ...json, 'www-authenticate': 'Basic realm="token"' },
      body: '{"error":"invalid_client"}',
    },
  ],
  [
    '401 invalid_client without a challenge',
    401,
    'token_rejected',
    { kind: 'raw', status: 401, headers: json, body: '{"error":"invalid_client"}' },
  ],
  [
    '500 with an OAuth error body',
    502,
    'provider_response_invalid',
    { kind: 'raw', status: 500, headers: json, body: '{"error":"server_error"}' },
  ],
  [
    '500 with an HTML page',
    502,
    'provider_response_invalid',
    { kind: 'raw', status: 500, headers: { 'content-type': 'text/html' }, body: '<h1>Oops</h1>' },
  ],
  [
    '503 from a proxy',
    502,
    'provider_response_invalid',
    { kind: 'raw', status: 503, headers: { 'retry-after': '120' }, body: 'Service Unavailable' },
  ],
  [
    '200 with an HTML login page (a WAF)',
    502,
    'provider_response_invalid',
    { kind: 'raw', status: 200, headers: { 'content-type': 'text/html' }, body: '<form>log in</form>' },
  ],
  [
    '200 with truncated JSON',
    502,
    'provider_response_invalid',
    { kind: 'raw', status: 200, headers: json, body: '{"access_token":"at-truncated-secret","tok' },
  ],
  [
    '200 with a form body',
    502,
    'provider_response_invalid',
    {
      kind: 'raw',
      status: 200,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'access_token=at-form-secret&token_type=bearer',
    },
  ],
  [
    '200 with JSON that is not an object',
    502,
    'provider_response_invalid',
    { kind: 'raw', status: 200, headers: json, body: '["at-array-secret"]' },
  ],
  [
    '200 without access_token',
    502,
    'provider_response_invalid',
    { kind: 'raw', status: 200, headers: json, body: '{"token_type":"bearer"}' },
  ],
  [
    '200 with an unknown token type',
    502,
    'provider_response_invalid',
    { kind: 'raw', status: 200, headers: json, body: '{"access_token":"at-mac-secret","token_type":"mac"}' },
  ],
  [
    '200 with an empty body',
    502,
    'provider_response_invalid',
    { kind: 'raw', status: 200, headers: json, body: '' },
  ],
  [
    'a huge body with Content-Length',
    502,
    'provider_response_invalid',
    { kind: 'huge', bytes: 2 * MIB, declareLength: true },
  ],
  [
    'a huge chunked body',
    502,
    'provider_response_invalid',
    { kind: 'huge', bytes: 2 * MIB, declareLength: false },
  ],
  ['a 302 redirect', 502, 'provider_response_invalid', { kind: 'redirect' }],
  ['a 307 redirect', 502, 'provider_response_invalid', { kind: 'redirect', status: 307 }],
  [
    'a 308 redirect to the token endpoint',
    502,
    'provider_response_invalid',
    { kind: 'redirect', status: 308, location: '/token' },
  ],
  ['a reset connection', 502, 'provider_unavailable', { kind: 'reset' }],
  ['an answer slower than the timeout', 504, 'provider_timeout', { kind: 'ok', delayMs: 1200 }],
  ['no answer at all', 504, 'provider_timeout', { kind: 'hang' }],
  ['headers, then a body that never ends', 504, 'provider_timeout', { kind: 'stall-body' }],
]

describe('a failing token endpoint', () => {
  it.each(cases)('%s → %i %s, one token request, nothing after', async (_name, status, code, answer) => {
    rig.evil.tokenAnswer = answer
    const browser = new HttpBrowser()
    const started = performance.now()
    const response = await fullLogin(rig, browser)
    await expectFailure(rig, browser, response, status, code)
    if (code === 'provider_timeout') expect(performance.now() - started).toBeLessThan(1150)
    // Give a stray retry or a followed redirect the time to show up.
    await sleep(50)
    const paths = rig.evil.requests.map((r) => r.path)
    expect(paths).toEqual(['/authorize', '/token'])
  })

  it('a good answer just inside the timeout still logs in', async () => {
    rig.evil.tokenAnswer = { kind: 'ok', delayMs: 150 }
    const browser = new HttpBrowser()
    const response = await fullLogin(rig, browser)
    expect(response.status).toBe(302)
    expect(rig.memory.size).toBe(1)
  })

  it('an http token endpoint is refused unless allowInsecureRequests is set (development only)', async () => {
    const strict = await startRig({ blueprint: { allowInsecureRequests: false } })
    try {
      const browser = new HttpBrowser()
      const response = await fullLogin(strict, browser)
      await expectFailure(strict, browser, response, 500, 'config_invalid')
      expect(strict.evil.tokenRequests()).toHaveLength(0)
    } finally {
      await strict.close()
    }
  })

  it('a provider that is down is a 502 provider_unavailable', async () => {
    const down = await startRig({ blueprint: { tokenUrl: 'http://127.0.0.1:9/token' } })
    try {
      const browser = new HttpBrowser()
      const response = await fullLogin(down, browser)
      await expectFailure(down, browser, response, 502, 'provider_unavailable')
    } finally {
      await down.close()
    }
  })

  it('a replayed callback with a stolen transaction cookie never reaches the token endpoint', async () => {
    const browser = new HttpBrowser()
    const callback = await rig.evil.authorize(
      (await browser.fetch(`${rig.app.origin}/login/evil`)).headers.get('location')!,
    )
    const jar = new Map(browser.cookies.get(new URL(rig.app.origin).host))
    expect((await browser.fetch(callback)).status).toBe(302)
    // An attacker replays the same callback with the same (stolen) transaction cookie.
    const replay = new HttpBrowser()
    replay.cookies.set(new URL(rig.app.origin).host, jar)
    rig.errors.length = 0
    const response = await replay.fetch(callback)
    expect(response.status).toBe(400)
    expect(rig.errors[0]?.code).toBe('transaction_missing')
    expect(rig.evil.tokenRequests()).toHaveLength(1)
  })
})
