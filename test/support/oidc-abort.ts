/**
 * Drives oidc-provider's development pages to the point where the user clicks "[ Cancel ]", which
 * aborts the interaction (`/interaction/:uid/abort`) so the provider answers the app with
 * `error=access_denied` (RFC 6749 §4.1.2.1).
 */
import type { HttpBrowser } from './http-browser.js'

/** From an app's login URL, cancels at the provider and returns the app's answer to the callback. */
export async function cancelAtOidcProvider(
  browser: HttpBrowser,
  start: string,
  appOrigin: string,
): Promise<Response> {
  let url = new URL(start)
  let response = await browser.fetch(url)
  for (let step = 0; step < 10 && response.status >= 300 && response.status < 400; step++) {
    url = new URL(response.headers.get('location')!, url)
    await response.body?.cancel()
    response = await browser.fetch(url)
  }
  const html = await response.text()
  const abort = /href="([^"]*\/abort)"/.exec(html)?.[1]
  if (!abort) throw new Error(`No cancel link on ${url.pathname}`)
  url = new URL(abort, url)
  response = await browser.fetch(url)
  for (let step = 0; step < 10 && response.status >= 300 && response.status < 400; step++) {
    const next = new URL(response.headers.get('location')!, url)
    await response.body?.cancel()
    if (next.origin === appOrigin) return browser.fetch(next)
    url = next
    response = await browser.fetch(url)
  }
  throw new Error(
    `The provider did not send the browser back to the app (${response.status} at ${url.pathname})`,
  )
}
