/**
 * The README's seed example (examples/github-app.ts, byte for byte the README's code) runs unchanged
 * against github.com and api.github.com: the real host names, served by a local stand-in over https
 * with a certificate made for the test, through an undici dispatcher that only changes where sockets go.
 */
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GITHUB_HOSTS, type GithubStandin, startGithubStandin } from '../support/github-standin.js'
import { routeHostsTo } from '../support/host-routing.js'
import { HttpBrowser } from '../support/http-browser.js'
import { makeSelfSignedCert } from '../support/tls-cert.js'

const root = new URL('../../', import.meta.url)
let standin: GithubStandin
let unroute: () => Promise<void>
let server: Server
let app: string

beforeAll(async () => {
  const certificate = makeSelfSignedCert(GITHUB_HOSTS)
  standin = await startGithubStandin({ certificate, clientId: 'my-key-here', clientSecret: 'my-secret-here' })
  unroute = routeHostsTo(GITHUB_HOSTS, standin.port, certificate.cert)
  process.env.PORT = '0'
  ;({ server } = await import('../../examples/github-app.js'))
  if (!server.listening) await once(server, 'listening')
  app = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  if (server) {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  await unroute?.()
  await standin?.close()
})

/** Goes from the app's login route to GitHub and back to the callback, without following it. */
async function reachCallback(browser: HttpBrowser): Promise<string> {
  const login = await browser.fetch(`${app}/login/github`)
  expect(login.status).toBe(302)
  const authorize = new URL(login.headers.get('location')!)
  expect(authorize.origin).toBe('https://github.com')
  expect(authorize.pathname).toBe('/login/oauth/authorize')
  const approved = await browser.fetch(authorize)
  expect(approved.status).toBe(302)
  return approved.headers.get('location')!
}

describe('the README seed example against a GitHub stand-in', () => {
  it('is the code the README shows', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8')
    const example = readFileSync(new URL('examples/github-app.ts', root), 'utf8')
    expect(readme).toContain('```ts\n' + example + '```')
  })

  it('logs in with GitHub, stores the token and greets the user by login', async () => {
    const browser = new HttpBrowser()
    const first = await browser.fetch(`${app}/`)
    expect(first.status).toBe(302)
    expect(first.headers.get('location')).toBe('/login/github')
    const callback = await browser.fetch(await reachCallback(browser))
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe('/')
    expect(standin.tokens.size).toBe(1)
    // oauth4webapi asks for JSON, so GitHub's JSON answer was used.
    expect(standin.tokenRequests.at(-1)?.accept).toMatch(/application\/json/)

    const home = await browser.fetch(`${app}/`)
    expect(home.status).toBe(200)
    expect(await home.text()).toBe('You are @octocat on GitHub')
    // The token came from the session (stored), not from a new login.
    expect(standin.tokens.size).toBe(1)
    expect(standin.apiRequests.at(-1)).toEqual({
      authorized: true,
      apiVersion: '2022-11-28',
      accept: 'application/vnd.github+json',
    })
  })

  it('parses GitHub’s form-encoded token answer', async () => {
    standin.alwaysFormEncoded = true
    try {
      const browser = new HttpBrowser()
      const callback = await browser.fetch(await reachCallback(browser))
      expect(callback.status).toBe(302)
      const home = await browser.fetch(`${app}/`)
      expect(await home.text()).toBe('You are @octocat on GitHub')
    } finally {
      standin.alwaysFormEncoded = false
    }
  })

  for (const error of ['bad_verification_code', 'incorrect_client_credentials'] as const) {
    it(`answers a clear 401 page for ${error} sent with HTTP 200, and stores nothing`, async () => {
      const browser = new HttpBrowser()
      const target = await reachCallback(browser)
      const issued = standin.tokens.size
      standin.nextTokenError = error
      const callback = await browser.fetch(target)
      expect(callback.status).toBe(401)
      expect(callback.headers.get('content-type')).toMatch(/^text\/html/)
      const page = await callback.text()
      expect(page).toContain('token_rejected')
      // The provider's own error code is provider text: kept in error.providerError, off the page (issue 12 #5).
      expect(page).not.toContain(error)
      expect(standin.tokens.size).toBe(issued)
      const home = await browser.fetch(`${app}/`)
      expect(home.status).toBe(302)
      expect(home.headers.get('location')).toBe('/login/github')
    })
  }
})
