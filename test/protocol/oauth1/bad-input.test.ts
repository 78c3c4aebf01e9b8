import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { dance } from '../../../src/adapters/express.js'
import { makeOAuth1Blueprint, type OAuth1Blueprint } from '../../../src/consumer/oauth1-blueprint.js'
import { type DanceError, isDanceError } from '../../../src/errors.js'
import { MemoryStorage } from '../../../src/storage/memory.js'
import { startExpressApp, type TestApp } from '../../support/express-app.js'
import { HttpBrowser } from '../../support/http-browser.js'
import { type OAuth1ProviderHandle, startOAuth1Provider } from '../../support/oauth1-provider.js'
import { authorizeAtProvider, logIn } from './browser-steps.js'

let provider: OAuth1ProviderHandle
let app: TestApp
let blueprint: OAuth1Blueprint
let storage: MemoryStorage
const errors: DanceError[] = []

beforeAll(async () => {
  provider = await startOAuth1Provider({ consumers: [{ key: 'ck', secret: 'cs' }] })
  blueprint = makeOAuth1Blueprint({
    name: 'local',
    consumerKey: 'ck',
    consumerSecret: 'cs',
    requestTokenUrl: provider.requestTokenUrl,
    authorizationUrl: provider.authorizationUrl,
    accessTokenUrl: provider.accessTokenUrl,
    baseUrl: provider.apiBaseUrl,
    allowInsecureRequests: true,
    timeoutMs: 3000,
    hooks: { error: ({ error }) => void errors.push(error) },
  })
  app = await startExpressApp((express) => void express.use(dance(blueprint)))
})

afterAll(async () => {
  await app?.close()
  await provider?.close()
})

beforeEach(() => {
  storage = new MemoryStorage({ singleUser: true })
  blueprint.storage = storage
  errors.length = 0
})

afterEach(() => {
  for (const key of Object.keys(provider.misbehave))
    delete provider.misbehave[key as keyof typeof provider.misbehave]
})

const loginUrl = () => `${app.origin}/login/local`

/** Checks the answer's status and code, that the error hook saw exactly that code, and that nothing was stored. */
async function expectFailure(response: Response, status: number, code: string): Promise<string> {
  const body = await response.text()
  expect(response.status).toBe(status)
  expect(body).toContain(code)
  expect(errors.map((e) => e.code)).toEqual([code])
  expect(storage.size).toBe(0)
  return body
}

describe('a misbehaving provider at login', () => {
  it('refuses temporary credentials without oauth_callback_confirmed=true', async () => {
    provider.misbehave.callbackNotConfirmed = true
    await expectFailure(await new HttpBrowser().fetch(loginUrl()), 502, 'oauth1_callback_not_confirmed')
  })

  it('reports a failing request-token endpoint', async () => {
    provider.misbehave.requestTokenStatus = 500
    await expectFailure(await new HttpBrowser().fetch(loginUrl()), 502, 'provider_unavailable')
  })

  it('gives up on a request-token endpoint that does not answer in time', async () => {
    provider.misbehave.requestTokenDelayMs = 3600
    await expectFailure(await new HttpBrowser().fetch(loginUrl()), 504, 'provider_timeout')
  })

  it('reports a request-token endpoint that answers HTML', async () => {
    provider.misbehave.requestTokenHtml = true
    const body = await expectFailure(
      await new HttpBrowser().fetch(loginUrl()),
      502,
      'provider_response_invalid',
    )
    expect(body).toContain('HTML')
  })

  it('names both clocks when the provider refuses our timestamp', async () => {
    provider.misbehave.clockOffsetSeconds = 3600
    await expectFailure(await new HttpBrowser().fetch(loginUrl()), 502, 'oauth1_signature_rejected')
    expect(errors[0]!.message).toMatch(/provider's Date is .*local time is .*\((-3599|-3600|-3601) s apart\)/)
    expect(errors[0]!.providerError).toBe('timestamp_refused')
  })
})

describe('a bad callback', () => {
  it('rejects a callback naming another temporary token', async () => {
    const browser = new HttpBrowser()
    await authorizeAtProvider(browser, loginUrl())
    const forged = await browser.fetch(
      `${app.origin}/login/local/authorized?oauth_token=forged&oauth_verifier=x`,
    )
    await expectFailure(forged, 400, 'transaction_missing')
    expect(provider.issued()).toBe(0)
  })

  it('rejects a callback without oauth_verifier', async () => {
    const browser = new HttpBrowser()
    const callback = await authorizeAtProvider(browser, loginUrl())
    callback.searchParams.delete('oauth_verifier')
    await expectFailure(await browser.fetch(callback), 400, 'oauth1_verifier_missing')
    expect(provider.issued()).toBe(0)
  })

  it('rejects a replayed callback, even with the transaction cookie kept', async () => {
    const browser = new HttpBrowser()
    const callbackUrl = await authorizeAtProvider(browser, loginUrl())
    const cookies = new Map(browser.cookies.get(new URL(app.origin).host))
    const first = await browser.fetch(callbackUrl)
    expect(first.status).toBe(302)
    expect(storage.size).toBe(1)
    storage = new MemoryStorage({ singleUser: true })
    blueprint.storage = storage
    const header = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const replay = await fetch(callbackUrl, { headers: { cookie: header }, redirect: 'manual' })
    await expectFailure(replay, 400, 'transaction_missing')
    expect(provider.issued()).toBe(1)
  })

  it('turns a denied authorization into access_denied for the error hook', async () => {
    const browser = new HttpBrowser()
    const callback = await authorizeAtProvider(browser, loginUrl(), 'deny')
    expect(callback.searchParams.has('denied')).toBe(true)
    await expectFailure(await browser.fetch(callback), 401, 'access_denied')
  })

  it('refuses token credentials without a secret', async () => {
    provider.misbehave.accessTokenWithoutSecret = true
    const browser = new HttpBrowser()
    const body = await expectFailure(await logIn(browser, loginUrl()), 502, 'provider_response_invalid')
    expect(body).toContain('oauth_token_secret')
  })

  it('checks the returned token against the transaction even when the lookup matched', async () => {
    const probe = makeOAuth1Blueprint({
      name: 'probe',
      consumerKey: 'ck',
      consumerSecret: 'cs',
      requestTokenUrl: provider.requestTokenUrl,
      authorizationUrl: provider.authorizationUrl,
      accessTokenUrl: provider.accessTokenUrl,
      allowInsecureRequests: true,
    })
    const transaction = {
      key: 'kept',
      redirectUri: 'http://127.0.0.1/cb',
      tokenSecret: 's',
    }
    const outcome = await probe.protocol
      .finishLogin(new URLSearchParams({ oauth_token: 'other', oauth_verifier: 'v' }), transaction)
      .catch((e: unknown) => e)
    expect(isDanceError(outcome, 'oauth1_token_mismatch')).toBe(true)
    const twice = await probe.protocol
      .finishLogin(
        new URLSearchParams([
          ['oauth_token', 'kept'],
          ['oauth_token', 'kept'],
          ['oauth_verifier', 'v'],
        ]),
        transaction,
      )
      .catch((e: unknown) => e)
    expect(isDanceError(twice, 'oauth1_token_mismatch')).toBe(true)
  })
})
