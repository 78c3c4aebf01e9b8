import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Demo, startDemo } from '../../demo/start.js'
import { chromiumAvailable, type LaunchedChromium, launchChromium } from '../support/chromium.js'

const available = chromiumAvailable()

describe.skipIf(!available)('the demo in headless Chromium', () => {
  let demo: Demo
  let chromium: LaunchedChromium

  beforeAll(async () => {
    // An empty env: the demo must use its local provider even if the machine has GitHub credentials.
    demo = await startDemo({ appPort: 0, providerPort: 0, env: {} })
    chromium = await launchChromium()
  })

  afterAll(async () => {
    await chromium?.close()
    await demo?.close()
  })

  it('logs in through the provider pages and greets the user by the name its API returned', async () => {
    const page = await chromium.context.newPage()
    try {
      page.setDefaultTimeout(15_000)
      await page.goto(demo.appUrl)
      await page.click('#login-local')
      // oidc-provider's development login page.
      await page.waitForURL((url) => url.origin === demo.issuer && url.pathname.startsWith('/interaction/'))
      await page.fill('input[name="login"]', 'alice')
      await page.fill('input[name="password"]', 'any password')
      await page.click('button[type="submit"]')
      // Its consent page.
      await page.waitForSelector('button[type="submit"]:has-text("Continue")')
      await page.click('button[type="submit"]:has-text("Continue")')
      await page.waitForURL(demo.appUrl)
      expect(await page.textContent('#greeting-local')).toContain('Hello, Alice!')

      // Logging out forgets the token: the login link is back.
      await page.click('text=Log out of')
      await page.waitForSelector('#login-local')
      expect(await page.locator('#greeting-local').count()).toBe(0)
    } finally {
      await page.close()
    }
  })

  it("logs in with the GitHub preset on the testing kit's stand-in, through its approval page", async () => {
    const page = await chromium.context.newPage()
    try {
      page.setDefaultTimeout(15_000)
      await page.goto(demo.appUrl)
      await page.click('#login-github')
      // The stand-in's approval page: whom to log in as, Approve or Deny.
      await page.waitForSelector('button[value="approve"]')
      await page.fill('input[name="stand_in_user"]', 'octo')
      await page.click('button[value="approve"]')
      await page.waitForURL(demo.appUrl)
      expect(await page.textContent('#greeting-github')).toContain('Hello, Octo (@octo)!')

      // Denying comes back to the app's error page, and nobody is logged in.
      await page.click('text=Log out of GitHub')
      await page.waitForSelector('#login-github')
      await page.click('#login-github')
      await page.click('button[value="deny"]')
      await page.waitForLoadState()
      expect(await page.textContent('body')).toContain('access_denied')
    } finally {
      await page.close()
    }
  })
})
