/**
 * Logs in at oidc-provider's development pages and stops just before the browser returns to the app,
 * so tests can inspect, tamper with or replay the callback.
 */
import type { HttpBrowser } from './http-browser.js'

/** From an app's login URL, logs in as `login`, consents, and returns the callback URL (not fetched). */
export async function callbackUrlFromOidcProvider(
  browser: HttpBrowser,
  start: string,
  login: string,
  appOrigin: string,
): Promise<URL> {
  let url = new URL(start)
  let response = await browser.fetch(url)
  for (let step = 0; step < 30; step++) {
    if (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get('location')!, url)
      await response.body?.cancel()
      if (next.origin === appOrigin && url.origin !== appOrigin) return next
      url = next
      response = await browser.fetch(url)
      continue
    }
    const html = await response.text()
    const action = /action="([^"]+)"/.exec(html)?.[1]
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1]
    if (!action || !prompt) throw new Error(`Unexpected page at ${url.pathname}: ${response.status}`)
    const body =
      prompt === 'login'
        ? new URLSearchParams({ prompt, login, password: 'x' })
        : new URLSearchParams({ prompt })
    url = new URL(action, url)
    response = await browser.fetch(url, { method: 'POST', body })
  }
  throw new Error('Too many steps at the provider')
}
