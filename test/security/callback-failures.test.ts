/**
 * What every failed callback must look like (issue 8): a clear status, the error hook called with a
 * typed error carrying a stable code, nothing stored, the transaction cookie cleared, and no further
 * call to the provider. The evil provider tampers with its redirect to the app.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DanceErrorCode } from '../../src/errors.js'
import type { CallbackRewrite } from '../support/evil-provider.js'
import { HttpBrowser } from '../support/http-browser.js'
import { expectFailure, fullLogin, type Rig, startRig } from './harness.js'

let rig: Rig

beforeAll(async () => {
  rig = await startRig()
})
afterAll(async () => {
  await rig?.close()
})
beforeEach(() => rig.reset())

const callbackCases: Array<[string, number, DanceErrorCode, CallbackRewrite]> = [
  ['state dropped', 400, 'state_missing', (p) => p.delete('state')],
  ['state empty', 400, 'state_missing', (p) => p.set('state', '')],
  ['state changed', 400, 'transaction_missing', (p) => p.set('state', 'forged-state-value')],
  ['state duplicated', 400, 'state_missing', (p) => p.append('state', 'second')],
  ['state repeated identically', 400, 'state_missing', (p) => p.append('state', p.get('state')!)],
  ['code missing', 400, 'callback_invalid', (p) => p.delete('code')],
  ['code empty', 400, 'callback_invalid', (p) => p.set('code', '')],
  ['code duplicated', 400, 'callback_invalid', (p) => p.append('code', 'another-code')],
  ['iss wrong', 400, 'issuer_mismatch', (p) => p.set('iss', 'https://attacker.example')],
  ['iss with a trailing slash', 400, 'issuer_mismatch', (p) => p.set('iss', `${p.get('iss')}/`)],
  ['iss missing though advertised', 400, 'issuer_missing', (p) => p.delete('iss')],
  ['iss duplicated', 400, 'issuer_mismatch', (p) => p.append('iss', 'https://attacker.example')],
  ['an access token in the callback (implicit)', 400, 'callback_invalid', (p) => p.set('access_token', 'x')],
  ['an id_token in the callback (hybrid)', 400, 'callback_invalid', (p) => p.set('id_token', 'x.y.z')],
  ['an empty error beside a good code', 400, 'callback_invalid', (p) => p.set('error', '')],
  [
    'a forged error with a wrong state',
    400,
    'transaction_missing',
    (p) => {
      p.delete('code')
      p.set('state', 'forged')
      p.set('error', 'access_denied')
    },
  ],
  [
    'a forged error without state',
    400,
    'state_missing',
    (p) => {
      p.delete('code')
      p.delete('state')
      p.set('error', 'access_denied')
    },
  ],
  [
    'an error from another issuer',
    400,
    'issuer_mismatch',
    (p) => {
      p.delete('code')
      p.set('iss', 'https://attacker.example')
      p.set('error', 'access_denied')
    },
  ],
  [
    'the user denied access',
    401,
    'access_denied',
    (p) => {
      p.delete('code')
      p.set('error', 'access_denied')
    },
  ],
  [
    'a provider error',
    401,
    'provider_error',
    (p) => {
      p.delete('code')
      p.set('error', 'temporarily_unavailable')
    },
  ],
]

describe('a tampered callback', () => {
  it.each(callbackCases)('%s → %i %s, no token request', async (_name, status, code, rewrite) => {
    rig.evil.rewriteCallback = rewrite
    const browser = new HttpBrowser()
    const response = await fullLogin(rig, browser)
    await expectFailure(rig, browser, response, status, code)
    expect(rig.evil.tokenRequests()).toHaveLength(0)
  })

  it('shows a forged error as a state failure, not as the provider error', async () => {
    rig.evil.rewriteCallback = (p) => {
      p.delete('code')
      p.set('state', 'forged')
      p.set('error', 'access_denied')
      p.set('error_description', 'Your account is locked, call +1 555 0100')
    }
    const browser = new HttpBrowser()
    const page = await (await fullLogin(rig, browser)).text()
    expect(rig.errors[0]?.providerError).toBeUndefined()
    expect(page).not.toContain('access_denied')
    expect(page).not.toContain('555')
  })

  it('a callback without any login is refused and calls nobody', async () => {
    const browser = new HttpBrowser()
    const response = await browser.fetch(`${rig.app.origin}/login/evil/authorized?code=stolen&state=guessed`)
    await expectFailure(rig, browser, response, 400, 'transaction_missing')
    expect(rig.evil.requests).toHaveLength(0)
  })

  it('a posted callback that is not form-encoded is refused', async () => {
    const browser = new HttpBrowser()
    const response = await browser.fetch(`${rig.app.origin}/login/evil/authorized`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"code":"x","state":"y"}',
    })
    await expectFailure(rig, browser, response, 400, 'callback_invalid')
    expect(rig.evil.requests).toHaveLength(0)
  })
})

describe('a provider that does not advertise the iss parameter (RFC 9207 §2.4)', () => {
  let quiet: Rig
  beforeAll(async () => {
    quiet = await startRig({ evil: { sendIss: false }, blueprint: { issuerParameterSupported: false } })
  })
  afterAll(async () => {
    await quiet?.close()
  })
  beforeEach(() => quiet.reset())

  it('a callback without iss is accepted', async () => {
    expect((await fullLogin(quiet, new HttpBrowser())).status).toBe(302)
  })

  it('a callback with a wrong iss is still refused: the issuer is known, so it is compared', async () => {
    quiet.evil.rewriteCallback = (p) => p.set('iss', 'https://attacker.example')
    const browser = new HttpBrowser()
    await expectFailure(quiet, browser, await fullLogin(quiet, browser), 400, 'issuer_mismatch')
    expect(quiet.evil.tokenRequests()).toHaveLength(0)
  })
})
