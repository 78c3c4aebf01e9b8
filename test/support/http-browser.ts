/**
 * A tiny cookie-keeping "browser" over fetch, for integration tests that drive the whole dance over
 * HTTP without Chromium: it follows redirects by hand and fills oidc-provider's dev login and consent.
 */

/** A cookie jar keyed by host:port, ignoring paths (all our cookies use Path=/). */
export class HttpBrowser {
  readonly cookies = new Map<string, Map<string, string>>()
  /** The fetch requests go through (another one trusts a test CA, say); the global one by default. */
  readonly #fetch: typeof fetch

  constructor(fetcher: typeof fetch = fetch) {
    this.#fetch = fetcher
  }

  #jar(url: URL): Map<string, string> {
    let jar = this.cookies.get(url.host)
    if (!jar) {
      jar = new Map()
      this.cookies.set(url.host, jar)
    }
    return jar
  }

  /** One request, no redirects followed; stores Set-Cookie. */
  async fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input)
    const headers = new Headers(init.headers)
    const jar = this.#jar(url)
    if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
    const response = await this.#fetch(url, { ...init, headers, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attrs.some(
        (a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a),
      )
      if (expired || value === '') jar.delete(name)
      else jar.set(name, value)
    }
    return response
  }

  /** Follows redirects (up to 20) and returns the final response and URL. */
  async follow(input: string | URL, init: RequestInit = {}): Promise<{ response: Response; url: URL }> {
    let url = new URL(input)
    let response = await this.fetch(url, init)
    for (let i = 0; i < 20 && response.status >= 300 && response.status < 400; i++) {
      const location = response.headers.get('location')
      if (!location) break
      await response.body?.cancel()
      url = new URL(location, url)
      response = await this.fetch(url)
    }
    return { response, url }
  }

  /**
   * Starts at `start` (an app's login URL), logs in at oidc-provider's dev pages as `login`, consents,
   * and returns the response of the first request back on `appOrigin` (the callback) without following it.
   */
  async loginWithOidcProvider(start: string | URL, login: string, appOrigin: string): Promise<Response> {
    let url = new URL(start)
    let response = await this.fetch(url)
    for (let step = 0; step < 30; step++) {
      if (response.status >= 300 && response.status < 400) {
        const next = new URL(response.headers.get('location')!, url)
        await response.body?.cancel()
        if (next.origin === appOrigin && url.origin !== appOrigin) return this.fetch(next)
        url = next
        response = await this.fetch(url)
        continue
      }
      const html = await response.text()
      const action = /action="([^"]+)"/.exec(html)?.[1]
      const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1]
      if (!action || !prompt)
        throw new Error(`Unexpected page at ${url.pathname}: ${response.status} ${html.slice(0, 200)}`)
      const body =
        prompt === 'login'
          ? new URLSearchParams({ prompt, login, password: 'x' })
          : new URLSearchParams({ prompt })
      url = new URL(action, url)
      response = await this.fetch(url, { method: 'POST', body })
    }
    throw new Error('Too many steps')
  }
}
