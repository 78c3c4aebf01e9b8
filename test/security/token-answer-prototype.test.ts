/**
 * A provider that answers the code exchange with an own `__proto__` member (JSON.parse makes one),
 * against the app over HTTP: the token the app's hook receives and the one stored keep the plain
 * prototype, so the provider cannot lend the token members it did not send (a refresh token, a scope).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Token } from '../../src/token.js'
import { HttpBrowser } from '../support/http-browser.js'
import { fullLogin, type Rig, startRig } from './harness.js'

const seen: Token[] = []
let rig: Rig

beforeAll(async () => {
  rig = await startRig({
    blueprint: {
      hooks: {
        authorized: ({ token }) => {
          seen.push(token)
        },
      },
    },
  })
})
afterAll(async () => {
  await rig?.close()
})

describe('a token answer with its own __proto__ member', () => {
  it('stores and hands over a token with the plain prototype and only the members sent', async () => {
    rig.evil.tokenAnswer = {
      kind: 'raw',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"access_token":"at-proto","token_type":"bearer","expires_in":3600,"__proto__":{"refresh_token":"planted","scope":"admin"}}',
    }
    const browser = new HttpBrowser()
    const callback = await fullLogin(rig, browser)
    expect(callback.status).toBe(302)
    expect(seen).toHaveLength(1)
    for (const token of [seen[0]!, rig.memory.get({ provider: 'evil' })!]) {
      expect(token.access_token).toBe('at-proto')
      expect(typeof token.expires_at).toBe('number')
      expect(Object.getPrototypeOf(token)).toBe(Object.prototype)
      expect(token.refresh_token).toBeUndefined()
      expect(token.scope).toBeUndefined()
    }
  })
})
