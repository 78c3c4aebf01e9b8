/**
 * A cookie jar for one test user of one app: it keeps what the app sets and sends it back, the way a
 * browser does for a single site. Attributes that matter across sites (Domain, SameSite, Secure) are
 * ignored on purpose: every request in a test goes to the one app.
 */

/** Cookies by name. */
export class CookieJar {
  readonly #cookies = new Map<string, string>()

  /** Takes in the `Set-Cookie` headers of an answer (expired or emptied cookies are dropped). */
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';')
      const eq = pair.indexOf('=')
      if (eq <= 0) continue
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attributes.some((attribute) => {
        const [key = '', raw = ''] = attribute.split('=').map((s) => s.trim())
        if (/^max-age$/i.test(key)) return Number(raw) <= 0
        if (/^expires$/i.test(key)) return Date.parse(raw) <= Date.now()
        return false
      })
      if (expired) this.#cookies.delete(name)
      else this.#cookies.set(name, value)
    }
  }

  /** The `Cookie` header to send, or undefined when the jar is empty. */
  header(): string | undefined {
    if (this.#cookies.size === 0) return undefined
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  /** One cookie's value. */
  get(name: string): string | undefined {
    return this.#cookies.get(name)
  }
}
