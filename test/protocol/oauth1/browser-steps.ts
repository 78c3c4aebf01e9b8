/**
 * Drives the OAuth 1.0a dance with the cookie-keeping HttpBrowser: our login route, the stand-in
 * provider's authorization page (approve or deny), and back to our callback.
 */
import { expect } from 'vitest'
import type { HttpBrowser } from '../../support/http-browser.js'

/** The URL the provider sends the browser back to, after approving or denying at its page. */
export async function authorizeAtProvider(
  browser: HttpBrowser,
  loginUrl: string,
  decision: 'approve' | 'deny' = 'approve',
  user = 'alice',
): Promise<URL> {
  const login = await browser.fetch(loginUrl)
  expect(login.status).toBe(302)
  const authorizeUrl = new URL(login.headers.get('location')!)
  const page = await browser.fetch(authorizeUrl)
  expect(page.status).toBe(200)
  const html = await page.text()
  const token = /name="oauth_token" value="([^"]+)"/.exec(html)?.[1]
  expect(token).toBe(authorizeUrl.searchParams.get('oauth_token'))
  const answer = await browser.fetch(new URL('/oauth/authorize', authorizeUrl), {
    method: 'POST',
    body: new URLSearchParams({ oauth_token: token!, user, decision }),
  })
  expect(answer.status).toBe(303)
  return new URL(answer.headers.get('location')!)
}

/** The whole dance: returns our callback's response (not followed). */
export async function logIn(browser: HttpBrowser, loginUrl: string, user = 'alice'): Promise<Response> {
  return browser.fetch(await authorizeAtProvider(browser, loginUrl, 'approve', user))
}
