/**
 * Issue 12 finding 2: login links cannot lock a browser out of the app. A cross-site page that sends
 * the victim's browser through many `GET /login/<p>?next=…` links (in sequence or all at once, with
 * `next` values that grow ~9× when normalised) leaves at most MAX_PENDING_LOGINS transaction cookies
 * (in all: several providers are covered by multi-provider.test.ts), each at most MAX_TRANSACTION_COOKIE_BYTES, so the Cookie header stays far below the
 * 8 KiB / 16 KiB limits of proxies and Node, and the app keeps answering that browser with 200.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_RETURN_TO_LENGTH } from '../../../src/consumer/transaction/return-to.js'
import {
  MAX_PENDING_LOGINS,
  MAX_TRANSACTION_COOKIE_BYTES,
} from '../../../src/consumer/transaction/transaction.js'
import { type Rig, startRig } from '../../security/harness.js'
import { chromiumAvailable, type LaunchedChromium, launchChromium } from '../../support/chromium.js'
import { type EvilProvider, startEvilProvider } from '../../support/evil-provider.js'
import { HttpBrowser } from '../../support/http-browser.js'
import { FRAMEWORKS, type HostileApp, startHostileApp } from './apps.js'

/** What one browser may send the app in transaction cookies: every slot full, `; ` between them. */
const COOKIE_BUDGET = MAX_PENDING_LOGINS * (MAX_TRANSACTION_COOKIE_BYTES + 2)
/** The bound the test holds the whole Cookie header to (transaction cookies plus a session cookie). */
const HEADER_BOUND = 7 * 1024

/**
 * `next` values an attacker would pick: each '€' is one character in the query but nine once
 * percent-encoded (`%E2%82%AC`), so a short `next` becomes a long stored return-to; sized so that
 * before the fix each cookie stayed just under the 4 KiB a browser keeps.
 */
const hostileNext = (i: number) => `/${'€'.repeat(300)}?i=${i}`
const hostileLink = (origin: string, i: number) =>
  `${origin}/login/evil?next=${encodeURIComponent(hostileNext(i))}`

/** Browsers drop a cookie whose name and value pass 4096 bytes (RFC 6265 §6.1); so does this jar. */
function dropOversized(browser: HttpBrowser, origin: string): void {
  const jar = browser.cookies.get(new URL(origin).host)
  for (const [name, value] of jar ?? []) if (name.length + value.length > 4096) jar!.delete(name)
}

function cookieHeader(browser: HttpBrowser, origin: string): string {
  return [...(browser.cookies.get(new URL(origin).host) ?? [])].map(([k, v]) => `${k}=${v}`).join('; ')
}

function transactionCookies(browser: HttpBrowser, origin: string): [string, string][] {
  return [...(browser.cookies.get(new URL(origin).host) ?? [])].filter(([n]) => n.includes('oauth-dance-tx.'))
}

describe.each(FRAMEWORKS)('hostile login links on %s', (framework) => {
  let evil: EvilProvider
  let app: HostileApp

  beforeAll(async () => {
    evil = await startEvilProvider()
    app = await startHostileApp(framework, evil)
  })
  afterAll(async () => {
    await app?.close()
    await evil?.close()
  })

  const visit = async (browser: HttpBrowser, url: string) => {
    const response = await browser.fetch(url)
    await response.body?.cancel()
    dropOversized(browser, app.origin)
    return response
  }

  it('40 links in sequence and 20 at once leave a bounded Cookie header and a usable app', async () => {
    const browser = new HttpBrowser()
    expect((await visit(browser, `${app.origin}/`)).status).toBe(200)
    for (let i = 0; i < 40; i++) expect((await visit(browser, hostileLink(app.origin, i))).status).toBe(302)
    // All at once: each request carries the same cookies, so only fixed cookie names can bound this.
    const parallel = await Promise.all(
      Array.from({ length: 20 }, (_, i) => browser.fetch(hostileLink(app.origin, 100 + i))),
    )
    for (const response of parallel) {
      expect(response.status).toBe(302)
      await response.body?.cancel()
    }
    dropOversized(browser, app.origin)
    const pending = transactionCookies(browser, app.origin)
    expect(pending.length).toBeGreaterThan(0)
    expect(pending.length).toBeLessThanOrEqual(MAX_PENDING_LOGINS)
    for (const [name, value] of pending) {
      expect(name.length + 1 + value.length).toBeLessThanOrEqual(MAX_TRANSACTION_COOKIE_BYTES)
    }
    const sent = cookieHeader(browser, app.origin)
    expect(pending.map(([n, v]) => `${n}=${v}`).join('; ').length).toBeLessThanOrEqual(COOKIE_BUDGET)
    expect(sent.length).toBeLessThan(HEADER_BOUND)
    const home = await browser.fetch(`${app.origin}/`)
    expect(home.status).toBe(200)
    expect(await home.text()).toBe('home')
  })

  it('a new login evicts the oldest pending one; the others still finish', async () => {
    const browser = new HttpBrowser()
    await visit(browser, `${app.origin}/`)
    const callbacks: URL[] = []
    for (let i = 0; i <= MAX_PENDING_LOGINS; i++) {
      const login = await browser.fetch(`${app.origin}/login/evil?next=/tab-${i}`)
      callbacks.push(await evil.authorize(login.headers.get('location')!))
    }
    expect(transactionCookies(browser, app.origin)).toHaveLength(MAX_PENDING_LOGINS)
    // Newest first: every login but the oldest completes, each back to its own page.
    for (let i = MAX_PENDING_LOGINS; i >= 1; i--) {
      const done = await browser.fetch(callbacks[i]!)
      expect(done.status).toBe(302)
      expect(done.headers.get('location')).toBe(`/tab-${i}`)
    }
    app.errors.length = 0
    const evicted = await browser.fetch(callbacks[0]!)
    expect(evicted.status).toBe(400)
    expect(app.errors.map((e) => e.code)).toEqual(['transaction_missing'])
    expect(transactionCookies(browser, app.origin)).toEqual([])
  })

  it('`next` is bounded on what is stored: a value that grows past the limit is dropped, the login works', async () => {
    const browser = new HttpBrowser()
    await visit(browser, `${app.origin}/`)
    // 200 characters as sent, 1,800 once normalised: over MAX_RETURN_TO_LENGTH, so not kept.
    const grows = `/${'€'.repeat(200)}`
    expect(grows.length).toBeLessThan(MAX_RETURN_TO_LENGTH)
    const login = await browser.fetch(`${app.origin}/login/evil?next=${encodeURIComponent(grows)}`)
    const [[name, value]] = transactionCookies(browser, app.origin) as [[string, string]]
    expect(name.length + 1 + value.length).toBeLessThanOrEqual(MAX_TRANSACTION_COOKIE_BYTES)
    const done = await browser.fetch(await evil.authorize(login.headers.get('location')!))
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/')
    // At the limit after normalisation it is kept, and still fits the cookie bound.
    const fits = `/${'€'.repeat(Math.floor((MAX_RETURN_TO_LENGTH - 1) / 9))}`
    const again = await browser.fetch(`${app.origin}/login/evil?next=${encodeURIComponent(fits)}`)
    for (const [n, v] of transactionCookies(browser, app.origin)) {
      expect(n.length + 1 + v.length).toBeLessThanOrEqual(MAX_TRANSACTION_COOKIE_BYTES)
    }
    const back = await browser.fetch(await evil.authorize(again.headers.get('location')!))
    expect(back.headers.get('location')).toBe(new URL(fits, 'http://x').pathname)
  })
})

const available = chromiumAvailable()

describe.skipIf(!available)('hostile login links in Chromium', () => {
  let rig: Rig
  let chromium: LaunchedChromium
  let attacker: Server
  let attackerOrigin: string
  let app: string

  beforeAll(async () => {
    ;[rig, chromium] = await Promise.all([startRig(), launchChromium()])
    // The app as http://localhost:port, the attacker's page on 127.0.0.1: different sites.
    app = rig.app.origin.replace('127.0.0.1', 'localhost')
    attacker = createServer((req, res) => {
      const count = Number(new URL(req.url!, 'http://x').searchParams.get('n') ?? 0)
      const links = Array.from({ length: count }, (_, i) => hostileLink(app, i))
      res.setHeader('content-type', 'text/html')
      res.end(
        `<!doctype html><title>cute cats</title><script>
          for (const link of ${JSON.stringify(links)}) window.open(link, '_blank')
        </script>`,
      )
    })
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
    attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await chromium?.close()
    await rig?.close()
    attacker?.closeAllConnections()
    await new Promise<void>((resolve) => attacker?.close(() => resolve()) ?? resolve())
  })

  it('a cross-site page opening 12 login links leaves the browser able to use the app', async () => {
    rig.reset()
    // The provider stops at its consent page: the victim never finishes these logins.
    rig.evil.consentPage = true
    const page = await chromium.context.newPage()
    const opened: Promise<unknown>[] = []
    chromium.context.on('page', (popup) => {
      // Each popup ends on the provider's consent page, or (before the fix) on a 431 from the app.
      opened.push(popup.waitForLoadState('load', { timeout: 15_000 }))
    })
    await page.goto(`${attackerOrigin}/?n=12`)
    await expect.poll(() => opened.length, { timeout: 10_000 }).toBe(12)
    await Promise.all(opened)
    const pending = (await chromium.context.cookies(app)).filter((c) => c.name.startsWith('oauth-dance-tx.'))
    expect(pending.length).toBeGreaterThan(0)
    expect(pending.length).toBeLessThanOrEqual(MAX_PENDING_LOGINS)
    const total = pending.reduce((sum, c) => sum + c.name.length + 1 + c.value.length + 2, 0)
    expect(total).toBeLessThanOrEqual(COOKIE_BUDGET)
    const home = await page.goto(`${app}/`)
    expect(home?.status()).toBe(200)
    expect(await page.textContent('body')).toContain('home')
  })
})
