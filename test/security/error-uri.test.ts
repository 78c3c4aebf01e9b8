/**
 * The provider's `error_uri` reaches the `error` hook in its own bounded field, `providerErrorUri`,
 * from an error callback and from a token endpoint's error answer; never in `message`, never followed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { PROVIDER_TEXT_LIMIT } from '../../src/errors.js'
import { HttpBrowser } from '../support/http-browser.js'
import { expectFailure, fullLogin, type Rig, startRig } from './harness.js'

const ERROR_URI = 'https://provider.example/docs/errors#invalid_grant'

let rig: Rig

beforeAll(async () => {
  rig = await startRig()
})
afterAll(async () => {
  await rig?.close()
})
beforeEach(() => rig.reset())

describe('error_uri on the error the error hook receives', () => {
  it('comes from a real error callback', async () => {
    rig.evil.rewriteCallback = (p) => {
      p.delete('code')
      p.set('error', 'access_denied')
      p.set('error_uri', ERROR_URI)
    }
    const browser = new HttpBrowser()
    await expectFailure(rig, browser, await fullLogin(rig, browser), 401, 'access_denied')
    const error = rig.errors[0]!
    expect(error.providerErrorUri).toBe(ERROR_URI)
    expect(error.providerDetail).toBeUndefined()
    expect(error.message).not.toContain('provider.example')
    expect(rig.evil.requests.map((r) => r.path)).toEqual(['/authorize'])
  })

  it('comes from the token endpoint’s error answer', async () => {
    rig.evil.tokenAnswer = {
      kind: 'raw',
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: 'invalid_grant', error_description: 'code used', error_uri: ERROR_URI }),
    }
    const browser = new HttpBrowser()
    await expectFailure(rig, browser, await fullLogin(rig, browser), 401, 'token_rejected')
    const error = rig.errors[0]!
    expect(error.providerError).toBe('invalid_grant')
    expect(error.providerErrorUri).toBe(ERROR_URI)
    expect(error.providerDetail).toBeUndefined()
    expect(error.message).not.toContain('provider.example')
  })

  it('is bounded like the other provider fields', async () => {
    const long = `https://provider.example/${'x'.repeat(10_000)}`
    rig.evil.rewriteCallback = (p) => {
      p.delete('code')
      p.set('error', 'server_error')
      p.set('error_uri', long)
    }
    const browser = new HttpBrowser()
    await (await fullLogin(rig, browser)).text()
    expect(rig.errors[0]?.providerErrorUri).toBe(long.slice(0, PROVIDER_TEXT_LIMIT))
  })
})
