/**
 * Issue 2's basic bad input, through a real Express app and a real OpenID provider: a callback with no
 * state, a wrong state, a replayed callback, the provider's `error=access_denied`, and a token endpoint
 * answering 400, 500 or HTML. Each gets a clear 4xx/5xx page, reaches the error hook, stores nothing.
 * (The thorough security suite is test/security/.)
 */
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import type { ErrorContext } from '../../src/consumer/hooks.js'
import { makeOAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { DanceError } from '../../src/errors.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'
import { cancelAtOidcProvider } from '../support/oidc-abort.js'
import { callbackUrlFromOidcProvider } from '../support/oidc-login.js'
import { type OidcProviderHandle, startOidcProvider } from '../support/oidc-provider.js'

let op: OidcProviderHandle
let app: TestApp
let brokenTokenEndpoint: Server
let brokenAnswer: { status: number; type: string; body: string }
const storage = {
  local: new MemoryStorage({ singleUser: true }),
  broken: new MemoryStorage({ singleUser: true }),
}
const errors: ErrorContext[] = []

beforeAll(async () => {
  app = await startExpressApp()
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'bad-input-app',
        client_secret: 'bad-input-secret',
        redirect_uris: [`${app.origin}/login/local/authorized`, `${app.origin}/login/broken/authorized`],
        grant_types: ['authorization_code'],
      },
    ],
  })
  brokenTokenEndpoint = createServer((req, res) => {
    req.resume()
    res.writeHead(brokenAnswer.status, { 'content-type': brokenAnswer.type }).end(brokenAnswer.body)
  })
  brokenTokenEndpoint.listen(0, '127.0.0.1')
  await once(brokenTokenEndpoint, 'listening')
  const brokenUrl = `http://127.0.0.1:${(brokenTokenEndpoint.address() as AddressInfo).port}/token`

  const make = (name: 'local' | 'broken', tokenUrl: string) =>
    makeOAuth2Blueprint({
      name,
      clientId: 'bad-input-app',
      clientSecret: 'bad-input-secret',
      scope: ['openid'],
      authorizationUrl: `${op.issuer}/auth`,
      tokenUrl,
      issuer: op.issuer,
      issuerParameterSupported: true,
      allowInsecureRequests: true,
      secret: 'bad-input-test-secret',
      storage: storage[name],
      hooks: { error: (context) => void errors.push(context) },
    })
  app.app.use(dance(make('local', `${op.issuer}/token`), make('broken', brokenUrl)))
})

afterAll(async () => {
  await app?.close()
  await op?.close()
  if (brokenTokenEndpoint) {
    brokenTokenEndpoint.closeAllConnections()
    await new Promise<void>((resolve) => brokenTokenEndpoint.close(() => resolve()))
  }
})

beforeEach(() => {
  errors.length = 0
})

/** The answer is a clear error page with the code, the error hook saw that code, nothing was stored. */
async function expectRefused(response: Response, status: number, code: string | readonly string[]) {
  const codes = typeof code === 'string' ? [code] : code
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toMatch(/^text\/html/)
  expect(response.headers.get('cache-control')).toBe('no-store')
  const page = await response.text()
  expect(page).not.toMatch(/at .*\.ts:\d+/) // no stack trace
  expect(errors).toHaveLength(1)
  expect(codes).toContain(errors[0]!.error.code)
  expect(page).toContain(errors[0]!.error.code)
  expect(errors[0]!.error).toBeInstanceOf(DanceError)
  expect(storage.local.size + storage.broken.size).toBe(0)
}

describe('forged, wrong or replayed callbacks', () => {
  it('refuses a callback without state', async () => {
    const browser = new HttpBrowser()
    await browser.fetch(`${app.origin}/login/local`)
    await expectRefused(
      await browser.fetch(`${app.origin}/login/local/authorized?code=abc`),
      400,
      'state_missing',
    )
  })

  it('refuses a callback whose state matches no login of this browser', async () => {
    const browser = new HttpBrowser()
    await browser.fetch(`${app.origin}/login/local`)
    const response = await browser.fetch(`${app.origin}/login/local/authorized?code=abc&state=forged-state`)
    await expectRefused(response, 400, 'transaction_missing')
  })

  it('refuses the genuine callback arriving in another browser (login CSRF)', async () => {
    const callback = await callbackUrlFromOidcProvider(
      new HttpBrowser(),
      `${app.origin}/login/local`,
      'eve',
      app.origin,
    )
    await expectRefused(await new HttpBrowser().fetch(callback), 400, 'transaction_missing')
  })

  it('accepts a callback once and refuses its replay, even with the old cookie', async () => {
    const browser = new HttpBrowser()
    const callback = await callbackUrlFromOidcProvider(
      browser,
      `${app.origin}/login/local`,
      'ryo',
      app.origin,
    )
    const cookie = [...(browser.cookies.get(new URL(app.origin).host) ?? [])]
      .map(([k, v]) => `${k}=${v}`)
      .join('; ')
    const first = await browser.fetch(callback)
    expect(first.status).toBe(302)
    expect(storage.local.size).toBe(1)
    storage.local.delete({ provider: 'local' })
    errors.length = 0
    await expectRefused(await browser.fetch(callback), 400, 'transaction_missing')
    errors.length = 0
    const stolen = await fetch(callback, { headers: { cookie }, redirect: 'manual' })
    await expectRefused(stolen, 400, 'transaction_missing')
  })
})

describe('provider errors', () => {
  it('turns error=access_denied into a 401 page', async () => {
    const response = await cancelAtOidcProvider(new HttpBrowser(), `${app.origin}/login/local`, app.origin)
    await expectRefused(response, 401, 'access_denied')
  })

  const cases = [
    {
      label: '400 invalid_grant',
      status: 400,
      type: 'application/json',
      body: '{"error":"invalid_grant"}',
      expected: [401, 'token_rejected'],
    },
    // oauth4webapi reports a 5xx as an unexpected status, not as the body's error: either code is a 502.
    {
      label: '500',
      status: 500,
      type: 'application/json',
      body: '{"error":"server_error"}',
      expected: [502, ['provider_unavailable', 'provider_response_invalid']],
    },
    {
      label: 'an HTML page with 200',
      status: 200,
      type: 'text/html',
      body: '<html>Welcome to the proxy</html>',
      expected: [502, 'provider_response_invalid'],
    },
    {
      label: 'an HTML 502 from a proxy',
      status: 502,
      type: 'text/html',
      body: '<html>Bad gateway</html>',
      expected: [502, 'provider_response_invalid'],
    },
  ] as const
  for (const { label, expected, ...answer } of cases) {
    it(`answers a clear ${expected[0]} when the token endpoint returns ${label}`, async () => {
      brokenAnswer = answer
      const browser = new HttpBrowser()
      const callback = await callbackUrlFromOidcProvider(
        browser,
        `${app.origin}/login/broken`,
        'kim',
        app.origin,
      )
      await expectRefused(await browser.fetch(callback), expected[0], expected[1])
    })
  }
})
