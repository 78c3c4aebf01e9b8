import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OAUTH1_DEMO_NAME } from '../../demo/oauth1-login.js'
import { type Demo, startDemo } from '../../demo/start.js'
import { chromiumAvailable, type LaunchedChromium, launchChromium } from '../support/chromium.js'

const available = chromiumAvailable()

// Denial and the other failures are covered over HTTP in test/protocol/oauth1/bad-input.test.ts; the browser
// test keeps to the happy path so it stays fast on a shared machine.
describe.skipIf(!available)('the demo’s OAuth 1.0a login in headless Chromium', () => {
  let demo: Demo
  let chromium: LaunchedChromium
  const dataDir = mkdtempSync(join(tmpdir(), 'oauth1-demo-'))

  beforeAll(async () => {
    // An empty env: local mode, whatever credentials this machine has.
    demo = await startDemo({ appPort: 0, providerPort: 0, env: {}, dataDir })
    chromium = await launchChromium()
  })

  afterAll(async () => {
    await chromium?.close()
    await demo?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('logs in by approving at the OAuth 1.0a provider and greets the user through a signed API call', async () => {
    const page = await chromium.context.newPage()
    try {
      page.setDefaultTimeout(15_000)
      await page.goto(demo.appUrl)
      await page.click(`#login-${OAUTH1_DEMO_NAME}`)
      await page.waitForURL(
        (url) => url.pathname === '/oauth/authorize' && url.searchParams.has('oauth_token'),
      )
      await page.fill('#user', 'dave')
      await page.click('#approve')
      await page.waitForURL(demo.appUrl)
      expect(await page.textContent(`#greeting-${OAUTH1_DEMO_NAME}`)).toContain('Hello, Dave!')

      await page.click('text=Log out of the local OAuth 1.0a provider')
      await page.waitForSelector(`#login-${OAUTH1_DEMO_NAME}`)
      expect(await page.locator(`#greeting-${OAUTH1_DEMO_NAME}`).count()).toBe(0)
    } finally {
      await page.close()
    }
  })
})
