/**
 * The transaction cookie in a real browser (Debian's Chromium): the app on http://localhost and the
 * provider on http://127.0.0.1 are different sites, so the way back is a cross-site top-level
 * navigation, which must carry the SameSite=Lax cookie; scripts cannot read the cookie; two tabs log
 * in at once; and the page after the callback gets no Referer.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumAvailable, type LaunchedChromium, launchChromium } from '../support/chromium.js'
import { type Rig, startRig } from './harness.js'

const available = chromiumAvailable()

describe.skipIf(!available)('the login in Chromium', () => {
  let rig: Rig
  let browser: LaunchedChromium
  let app: string
  const referers: Array<string | undefined> = []

  beforeAll(async () => {
    ;[rig, browser] = await Promise.all([startRig(), launchChromium()])
    app = rig.app.origin.replace('127.0.0.1', 'localhost')
    rig.app.app.get('/landing', (req, res) => {
      referers.push(req.headers.referer)
      res.send('<!doctype html><title>landing</title>landed')
    })
  })
  afterAll(async () => {
    await browser?.close()
    await rig?.close()
  })

  const transactionCookies = async () =>
    (await browser.context.cookies(app)).filter((c) => c.name.startsWith('oauth-dance-tx.'))

  /** Clicks the provider's consent link: a cross-site top-level GET back to our callback. */
  const consent = async (page: Page) => {
    await Promise.all([page.waitForURL(`${app}/**`), page.click('#continue')])
  }

  it('completes a cross-site login; the cookie is HttpOnly, Lax, unreadable by scripts, then gone', async () => {
    rig.reset()
    rig.evil.consentPage = true
    const page = await browser.context.newPage()
    await page.goto(`${app}/login/evil?next=/landing`)
    expect(new URL(page.url()).origin).toBe(rig.evil.origin)
    const [cookie] = await transactionCookies()
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false })
    const probe = await browser.context.newPage()
    await probe.goto(`${app}/`)
    expect(await probe.evaluate(() => document.cookie)).not.toContain('oauth-dance-tx')
    await probe.close()
    await consent(page)
    expect(page.url()).toBe(`${app}/landing`)
    expect(await page.textContent('body')).toContain('landed')
    expect(rig.errors).toEqual([])
    expect(rig.memory.size).toBe(1)
    // The provider's page (and the callback URL with the code) are not leaked as Referer.
    expect(referers.at(-1)).toBeUndefined()
    expect(await transactionCookies()).toEqual([])
    await page.close()
  })

  it('two tabs log in at once, finishing in the opposite order', async () => {
    rig.reset()
    rig.evil.consentPage = true
    const pages = await Promise.all([browser.context.newPage(), browser.context.newPage()])
    await pages[0]!.goto(`${app}/login/evil?next=/landing?tab=1`)
    await pages[1]!.goto(`${app}/login/evil?next=/landing?tab=2`)
    expect(await transactionCookies()).toHaveLength(2)
    await consent(pages[1]!)
    await consent(pages[0]!)
    expect(pages.map((p) => p.url())).toEqual([`${app}/landing?tab=1`, `${app}/landing?tab=2`])
    expect(rig.errors).toEqual([])
    expect(rig.evil.tokenRequests()).toHaveLength(2)
    await Promise.all(pages.map((p) => p.close()))
  })
})
