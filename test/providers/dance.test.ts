/**
 * Every OAuth 2 preset, and every option that changes where it talks, does the whole dance through a
 * real Express app against the stand-in: login redirect (checked against the provider's documented
 * authorization endpoint and parameters), code exchange (endpoint, client authentication, PKCE,
 * response shape), one API call (URL, token placement, required headers), then refresh and revocation
 * where the provider has them, and the provider's own error shape where it is not standard. Presets
 * whose provider has turned the service off are skipped (`SPECS` leaves them out, `RETIRED_SPECS`
 * keeps them): their factory refuses to start, which retired.test.ts checks.
 */
import type { Request as ExpressRequest, Response as ExpressResponse, NextFunction } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import type { OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { currentScope } from '../../src/context.js'
import { isDanceError } from '../../src/errors.js'
import { isExpiring } from '../../src/token.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'
import { type ProviderSpec, SPECS } from './specs.js'
import { clientIdOf, clientSecretOf, type StandIn, startStandIn } from './stand-in.js'

let app: TestApp
let standIn: StandIn
const blueprints = new Map<string, OAuth2Blueprint>()

beforeAll(async () => {
  standIn = await startStandIn(SPECS)
  app = await startExpressApp((express) => {
    for (const spec of SPECS) {
      blueprints.set(
        spec.name,
        spec.make({
          name: spec.name,
          clientId: clientIdOf(spec),
          clientSecret: clientSecretOf(spec),
          fetch: standIn.fetch,
          secret: 'preset-tests-secret-0123456789abcdef',
        }),
      )
    }
    express.use(dance(...blueprints.values()))
    const route =
      (handler: (bp: OAuth2Blueprint, spec: ProviderSpec, res: ExpressResponse) => Promise<void>) =>
      (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
        const name = String(req.params.name)
        const bp = blueprints.get(name)
        const spec = SPECS.find((s) => s.name === name)
        if (!bp || !spec) return void res.status(404).end()
        handler(bp, spec, res).catch(next)
      }
    express.get(
      '/call/:name',
      route(async (bp, spec, res) => {
        if (!(await bp.client.authorized())) return void res.status(401).send('not authorized')
        const answer = await bp.client.request(spec.api.method, spec.api.path, spec.api.init)
        res
          .status(answer.status)
          .type('json')
          .send(await answer.text())
      }),
    )
    express.get(
      '/token/:name',
      route(async (bp, _spec, res) => {
        const token = await bp.client.token()
        res.json({
          keys: Object.keys(token ?? {}),
          type: token?.token_type,
          expiring: token ? isExpiring(token) : null,
          expiresIn: token?.expires_in ?? null,
        })
      }),
    )
    express.get(
      '/refresh/:name',
      route(async (bp, _spec, res) => {
        const scope = currentScope()!
        const key = await bp.tokenKey(scope)
        const before = await bp.loadToken(scope, key)
        const after = await bp.refresh(scope, key, before!, 'rejected')
        res.json({ changed: after.access_token !== before?.access_token, type: after.token_type })
      }),
    )
    express.get(
      '/revoke/:name',
      route(async (bp, _spec, res) => {
        res.json({ revoked: await bp.protocol.revoke((await bp.client.token())!) })
      }),
    )
    express.use((error: unknown, _req: ExpressRequest, res: ExpressResponse, _next: NextFunction) => {
      res.status(500).send(isDanceError(error) ? `${error.code}: ${error.message}` : String(error))
    })
  })
})

afterAll(async () => {
  await app?.close()
  await standIn?.close()
})

/** Starts a login and follows it to the stand-in; returns the stand-in's redirect back to the app. */
async function authorize(browser: HttpBrowser, spec: ProviderSpec): Promise<{ authUrl: URL; callback: URL }> {
  const login = await browser.fetch(`${app.origin}/login/${spec.name}`)
  expect(login.status, await login.clone().text()).toBe(302)
  const authUrl = new URL(login.headers.get('location')!)
  const atStandIn = await browser.fetch(standIn.route(authUrl))
  expect(atStandIn.status, `${await atStandIn.text()} ${standIn.failures.join('; ')}`).toBe(302)
  return { authUrl, callback: new URL(atStandIn.headers.get('location')!) }
}

async function getJson(
  browser: HttpBrowser,
  path: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await browser.fetch(`${app.origin}${path}`)
  const text = await response.text()
  let body: Record<string, unknown>
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    body = { text }
  }
  return { status: response.status, body }
}

describe.concurrent.each(SPECS.map((spec) => [spec.name, spec] as const))('%s', (_name, spec) => {
  it('logs in at the documented endpoints and calls the API the documented way', async () => {
    const browser = new HttpBrowser()
    const { authUrl, callback } = await authorize(browser, spec)
    expect(`${authUrl.origin}${authUrl.pathname}`).toBe(spec.authorize)
    expect(authUrl.searchParams.get(spec.clientIdParam ?? 'client_id')).toBe(clientIdOf(spec))
    expect(authUrl.searchParams.get('response_type')).toBe('code')
    expect(authUrl.searchParams.get('state')).toMatch(/^[\w-]{20,}$/)
    for (const [param, value] of Object.entries(spec.authorizeParams ?? {})) {
      expect(authUrl.searchParams.get(param), param).toBe(value)
    }
    if (spec.scopes) {
      // The separator is not documented: check the scopes, not how they are joined.
      const sent = authUrl.searchParams.get('scope')?.split(/[ ,]/) ?? []
      expect([...sent].sort(), 'scope').toEqual([...spec.scopes].sort())
    }

    const back = await browser.fetch(callback)
    const failure = back.status === 302 ? '' : `${await back.text()} ${standIn.failures.join('; ')}`
    expect(back.status, failure).toBe(302)
    expect(back.headers.get('location')).toBe('/')

    const token = await getJson(browser, `/token/${spec.name}`)
    expect(token.body.type).toBe('bearer')
    expect(token.body.expiring).toBe(false)
    if (spec.tokenLifetime === 'never') expect(token.body.expiresIn).toBeNull()
    else if (spec.tokenLifetime !== undefined) {
      // expires_in is recomputed from expires_at on every read: a second may have passed since the login.
      expect(token.body.expiresIn).toBeGreaterThanOrEqual(spec.tokenLifetime - 2)
      expect(token.body.expiresIn).toBeLessThanOrEqual(spec.tokenLifetime)
    }
    // An ID token this OAuth 2 blueprint did not validate must never sit where a validated one would.
    expect(token.body.keys).not.toContain('id_token')

    const call = await getJson(browser, `/call/${spec.name}`)
    expect(call, standIn.failures.join('; ')).toEqual({ status: 200, body: { ok: true, name: spec.name } })

    if (spec.refreshes) {
      const refreshed = await getJson(browser, `/refresh/${spec.name}`)
      expect(refreshed, standIn.failures.join('; ')).toEqual({
        status: 200,
        body: { changed: true, type: 'bearer' },
      })
      const again = await getJson(browser, `/call/${spec.name}`)
      expect(again.status, standIn.failures.join('; ')).toBe(200)
    }

    if (spec.revocation) {
      const revoked = await getJson(browser, `/revoke/${spec.name}`)
      expect(revoked, standIn.failures.join('; ')).toEqual({ status: 200, body: { revoked: true } })
      expect(standIn.revoked.has(spec.name)).toBe(true)
    }
  })
})

// Providers whose token errors are not a standard HTTP 400 (HTTP 200 with an error member).
const nonStandardErrors = SPECS.filter((spec) => spec.tokenError !== undefined)

describe.concurrent.each(nonStandardErrors.map((spec) => [spec.name, spec] as const))(
  '%s errors',
  (_name, spec) => {
    it('turns the provider’s error answer into token_rejected', async () => {
      const browser = new HttpBrowser()
      const { callback } = await authorize(browser, spec)
      callback.searchParams.set('code', 'not-a-code')
      const back = await browser.fetch(callback)
      expect(back.status).toBe(401)
      expect(await back.text()).toContain('token_rejected')
    })
  },
)
