/**
 * What our routes answer: a redirect to a clean URL, never cached, no Referer leaked; provider error
 * text escaped wherever it is shown; and the session id regenerated at login when asked to.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import { makeOAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { regenerateSession } from '../../src/consumer/session.js'
import { runInScope } from '../../src/context.js'
import { isDanceError } from '../../src/errors.js'
import { HttpBrowser } from '../support/http-browser.js'
import { fullLogin, RIG_SECRET, type Rig, startRig } from './harness.js'

let rig: Rig

beforeAll(async () => {
  rig = await startRig()
})
afterAll(async () => {
  await rig?.close()
})
beforeEach(() => rig.reset())

describe('the answers of our routes', () => {
  it('login: 302 to the provider, not cacheable, no Referer', async () => {
    const response = await new HttpBrowser().fetch(`${rig.app.origin}/login/evil`)
    expect(response.status).toBe(302)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
  })

  it('callback: 302 to a clean URL (no code, no state), not cacheable, no Referer, no body', async () => {
    const browser = new HttpBrowser()
    const response = await fullLogin(rig, browser, 'alice', '?next=/after')
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/after')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    expect(await response.text()).toBe('')
  })

  it('escapes provider error text on the default page and keeps it out of the message', async () => {
    rig.evil.rewriteCallback = (p) => {
      p.delete('code')
      p.set('error', '<script>alert(1)</script>')
      p.set('error_description', '<img src=x onerror=alert(2)> "quoted" & \'single\'')
      p.set('error_uri', 'https://evil.example/phish')
    }
    const browser = new HttpBrowser()
    const response = await fullLogin(rig, browser)
    const page = await response.text()
    expect(response.status).toBe(401)
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'")
    expect(page).not.toMatch(/<script|<img|onerror|evil\.example/i)
    const error = rig.errors[0]!
    expect(error.code).toBe('provider_error')
    // The message is safe to put in HTML as is; the raw provider text is kept apart, marked untrusted.
    expect(error.message).not.toMatch(/[<>"'&]/)
    expect(error.providerError).toBe('<script>alert(1)</script>')
    expect(error.providerErrorDescription).toBe('<img src=x onerror=alert(2)> "quoted" & \'single\'')
    // error_uri is never followed.
    expect(rig.evil.requests.map((r) => r.path)).toEqual(['/authorize'])
  })

  it('an error hook’s own answer still clears the transaction and is not cacheable', async () => {
    const hooked = await startRig({
      blueprint: { hooks: { error: () => new Response('custom', { status: 418 }) } },
    })
    try {
      hooked.evil.rewriteCallback = (p) => p.set('iss', 'https://attacker.example')
      const browser = new HttpBrowser()
      const response = await fullLogin(hooked, browser)
      expect(response.status).toBe(418)
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
      expect(response.headers.getSetCookie().some((c) => /oauth-dance-tx\..*Max-Age=0/.test(c))).toBe(true)
    } finally {
      await hooked.close()
    }
  })
})

describe('session fixation', () => {
  let session: Rig
  let fixed: Rig
  beforeAll(async () => {
    ;[session, fixed] = await Promise.all([
      startRig({
        sessionStorage: true,
        blueprint: { regenerateSession: true, keepSessionKeys: ['visited'] },
      }),
      startRig({ sessionStorage: true, blueprint: { regenerateSession: false } }),
    ])
  })
  afterAll(async () => {
    await Promise.all([session?.close(), fixed?.close()])
  })

  async function sessionOf(rigUnderTest: Rig, browser: HttpBrowser) {
    return (await (await browser.fetch(`${rigUnderTest.app.origin}/session`)).json()) as {
      id: string
      visited: boolean
    }
  }

  it('with regenerateSession, the session id changes at login; the named key and the new token are in the new session', async () => {
    const browser = new HttpBrowser()
    await browser.fetch(`${session.app.origin}/visit`)
    const before = await sessionOf(session, browser)
    const planted = new Map(browser.cookies.get(new URL(session.app.origin).host))
    expect((await fullLogin(session, browser)).status).toBe(302)
    const after = await sessionOf(session, browser)
    expect(after.id).not.toBe(before.id)
    expect(after.visited).toBe(true)
    expect((await browser.fetch(`${session.app.origin}/me`)).status).toBe(200)
    // The attacker who planted the old id holds nothing.
    const attacker = new HttpBrowser()
    attacker.cookies.set(new URL(session.app.origin).host, planted)
    expect((await attacker.fetch(`${session.app.origin}/me`)).status).toBe(401)
    expect(session.logs.some((r) => r.event === 'session.regenerated')).toBe(true)
  })

  it('with regenerateSession: false, the id stays (the control that shows the test above can fail)', async () => {
    const browser = new HttpBrowser()
    await browser.fetch(`${fixed.app.origin}/visit`)
    const before = await sessionOf(fixed, browser)
    expect((await fullLogin(fixed, browser)).status).toBe(302)
    expect((await sessionOf(fixed, browser)).id).toBe(before.id)
  })

  it('regenerateSession() fails loudly where there is no session to regenerate', async () => {
    const outside = await regenerateSession(undefined).catch((error: unknown) => error)
    expect(isDanceError(outside, 'session_unavailable')).toBe(true)
    const scope = { request: () => new Request('http://x/'), session: undefined, native: undefined }
    const inScope = await runInScope({ ...scope, blueprints: new Map(), memo: new Map() }, () =>
      regenerateSession().catch((error: unknown) => error),
    )
    expect(isDanceError(inScope, 'session_unavailable')).toBe(true)
  })

  it('a login with regenerateSession but no session middleware fails with session_unavailable', async () => {
    const blueprint = makeOAuth2Blueprint({
      name: 'nosession',
      clientId: rig.evil.clientId,
      clientSecret: rig.evil.clientSecret,
      authorizationUrl: rig.evil.authorizationUrl,
      tokenUrl: rig.evil.tokenUrl,
      allowInsecureRequests: true,
      secret: RIG_SECRET,
      storage: rig.memory,
      regenerateSession: true,
      hooks: { error: ({ error }) => void rig.errors.push(error) },
    })
    // An app without session middleware on these routes.
    rig.app.app.use((req, _res, next) => {
      if (req.path.startsWith('/login/nosession')) Reflect.deleteProperty(req, 'session')
      next()
    })
    rig.app.app.use(dance(blueprint))
    const browser = new HttpBrowser()
    const start = await browser.fetch(`${rig.app.origin}/login/nosession`)
    const callback = await rig.evil.authorize(start.headers.get('location')!)
    const response = await browser.fetch(callback)
    expect(response.status).toBe(500)
    expect(rig.errors.map((e) => e.code)).toEqual(['session_unavailable'])
    expect(rig.memory.size).toBe(0)
  })
})
