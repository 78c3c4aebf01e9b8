/**
 * The POST-only login route (`loginRequiresPost`) with its CSRF token, on Express against oidc-provider:
 * the form helper's button logs in; a GET, a post without the token, with a wrong one or with another
 * session's one fails with `csrf_invalid`, sets no transaction cookie and sends nobody to the provider.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import { makeOAuth2Blueprint, type OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { isDanceError } from '../../src/errors.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'
import { callbackUrlFromOidcProvider } from '../support/oidc-login.js'
import {
  localBlueprintOptions,
  type OidcProviderHandle,
  startOidcProvider,
} from '../support/oidc-provider.js'

let app: TestApp
let op: OidcProviderHandle
let blueprint: OAuth2Blueprint
let storage: MemoryStorage
let pushed = 0

beforeAll(async () => {
  app = await startExpressApp()
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'app',
        client_secret: 'app-secret',
        redirect_uris: [`${app.origin}/login/local/authorized`],
        grant_types: ['authorization_code'],
      },
    ],
  })
  storage = new MemoryStorage({ singleUser: true })
  blueprint = makeOAuth2Blueprint(
    localBlueprintOptions(op, {
      loginRequiresPost: true,
      storage,
      fetch: (input, init) => {
        pushed++
        return fetch(input, init)
      },
    }),
  )
  app.app.use(dance(blueprint))
  app.app.get('/page', (req, res) => {
    try {
      const form = blueprint.loginForm({ label: 'Sign <in>', next: String(req.query.next ?? '/done') })
      res.type('html').send(`<!doctype html>${form.html}`)
    } catch (error) {
      if (!isDanceError(error)) throw error
      res.status(error.status).send(error.code)
    }
  })
})

afterAll(async () => {
  await app?.close()
  await op?.close()
})

/** The page's form: its action and hidden fields, read from the HTML like a browser would. */
async function formOn(
  browser: HttpBrowser,
  next = '/done',
): Promise<{ action: string; fields: URLSearchParams }> {
  const page = await browser.fetch(`${app.origin}/page?next=${encodeURIComponent(next)}`)
  const html = await page.text()
  const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!
  const fields = new URLSearchParams()
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields.set(
      name!,
      value!.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))),
    )
  }
  return { action, fields }
}

const post = (browser: HttpBrowser, body: URLSearchParams) =>
  browser.fetch(`${app.origin}/login/local`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  })

/** A refused login start: the code, no transaction cookie, no request to the provider. */
async function expectRefused(response: Response, status: number): Promise<void> {
  expect(response.status).toBe(status)
  expect(await response.text()).toContain('csrf_invalid')
  expect(response.headers.getSetCookie().filter((cookie) => !cookie.startsWith('connect.sid'))).toEqual([])
  expect(response.headers.get('location')).toBeNull()
}

describe('POST-only login with a CSRF token', () => {
  it("logs in through the helper's form, and goes to its `next` afterwards", async () => {
    const browser = new HttpBrowser()
    const { action, fields } = await formOn(browser, '/after?x=1')
    expect(action).toBe('/login/local')
    expect(fields.get('next')).toBe('/after?x=1')
    expect(fields.get('csrf_token')).toMatch(/^[\w-]{40,}$/)
    const start = await post(browser, fields)
    expect(start.status).toBe(302)
    const provider = new URL(start.headers.get('location')!)
    expect(provider.origin).toBe(op.issuer)
    const callback = await callbackUrlFromOidcProvider(browser, provider.href, 'alice', app.origin)
    const done = await browser.fetch(callback)
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/after?x=1')
    expect(storage.get({ provider: 'local' })?.access_token).toBeTypeOf('string')
  })

  it('renders one token per session, and escapes what it is given', async () => {
    const browser = new HttpBrowser()
    const first = await formOn(browser)
    const again = await formOn(browser)
    expect(again.fields.get('csrf_token')).toBe(first.fields.get('csrf_token'))
    const other = await formOn(new HttpBrowser())
    expect(other.fields.get('csrf_token')).not.toBe(first.fields.get('csrf_token'))
    const html = await (
      await browser.fetch(`${app.origin}/page?next=${encodeURIComponent('"><script>')}`)
    ).text()
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<in>')
    expect(html).toContain('Sign &#60;in&#62;')
  })

  it('refuses a GET (405), and a post without, with a wrong or with another session’s token (403)', async () => {
    const before = pushed
    storage.delete({ provider: 'local' })
    const browser = new HttpBrowser()
    const { fields } = await formOn(browser)
    await expectRefused(await browser.fetch(`${app.origin}/login/local`), 405)
    await expectRefused(await post(browser, new URLSearchParams({ next: '/x' })), 403)
    await expectRefused(
      await post(browser, new URLSearchParams({ csrf_token: `${fields.get('csrf_token')}x` })),
      403,
    )
    const stranger = new HttpBrowser()
    await formOn(stranger)
    await expectRefused(await post(stranger, fields), 403)
    // A browser with no session at all (a cross-site post from a fresh visitor).
    await expectRefused(await post(new HttpBrowser(), fields), 403)
    expect(pushed).toBe(before)
    expect(storage.size).toBe(0)
  })
})
