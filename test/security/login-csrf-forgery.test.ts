/**
 * Forged starts of a POST-only login (`loginRequiresPost`), as an attacker's page would post them: a
 * token of the right length in characters but not in bytes must be refused like any wrong token
 * (`csrf_invalid`, 403), not crash the comparison into an app error (500, `internal_error` reaching the
 * error hook as if the app had a bug).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import { makeOAuth2Blueprint, type OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import type { DanceError } from '../../src/errors.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'

let app: TestApp
let blueprint: OAuth2Blueprint
const errors: DanceError[] = []

beforeAll(async () => {
  app = await startExpressApp()
  blueprint = makeOAuth2Blueprint({
    name: 'forged',
    clientId: 'client',
    clientSecret: 'client-secret',
    // Never reached: every start here is refused before anything is sent.
    authorizationUrl: 'https://provider.invalid/authorize',
    tokenUrl: 'https://provider.invalid/token',
    secret: 'Qm4vT8xK2pL9wR7zN3cF6hJ1bY5dG0sA',
    loginRequiresPost: true,
    hooks: {
      error: ({ error }) => {
        errors.push(error)
      },
    },
  })
  app.app.use(dance(blueprint))
  app.app.get('/page', (_req, res) => {
    res.type('html').send(blueprint.loginForm().html)
  })
})

afterAll(async () => {
  await app?.close()
})

describe('a forged POST-only login start', () => {
  it('refuses a token of the right length in characters but not in bytes as csrf_invalid', async () => {
    const browser = new HttpBrowser()
    const html = await (await browser.fetch(`${app.origin}/page`)).text()
    const token = /name="csrf_token" value="([^"]+)"/.exec(html)?.[1] ?? ''
    expect(token.length).toBeGreaterThan(20)
    for (const forged of ['\u00e9'.repeat(token.length), `${token.slice(0, -1)}\u00e9`]) {
      errors.length = 0
      const response = await browser.fetch(`${app.origin}/login/forged`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf_token: forged }),
      })
      expect(response.status).toBe(403)
      expect(response.headers.get('location')).toBeNull()
      expect(errors.map((error) => error.code)).toEqual(['csrf_invalid'])
    }
  })
})
