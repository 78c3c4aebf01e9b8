/**
 * The demo over plain HTTP (the browser test in test/e2e does the same with Chromium): the local
 * OpenID provider login, and the GitHub login when GitHub credentials are set (against the stand-in
 * for github.com, reached under its real name).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Demo, startDemo } from '../../demo/start.js'
import { GITHUB_HOSTS, type GithubStandin, startGithubStandin } from '../support/github-standin.js'
import { routeHostsTo } from '../support/host-routing.js'
import { HttpBrowser } from '../support/http-browser.js'
import { makeSelfSignedCert } from '../support/tls-cert.js'

describe('the demo with its local OpenID provider', () => {
  let demo: Demo
  beforeAll(async () => {
    demo = await startDemo({ appPort: 0, providerPort: 0, env: {} })
  })
  afterAll(async () => {
    await demo?.close()
  })

  it('offers the login, then greets the user by the name from the provider API', async () => {
    expect(demo.mode).toBe('local')
    const browser = new HttpBrowser()
    const home = await browser.fetch(demo.appUrl)
    expect(await home.text()).toContain('href="/login/local"')
    const origin = new URL(demo.appUrl).origin
    const callback = await browser.loginWithOidcProvider(`${origin}/login/local`, 'alice', origin)
    expect(callback.status).toBe(302)
    const greeted = await browser.fetch(demo.appUrl)
    expect(await greeted.text()).toContain('Hello, Alice!')
  })
})

describe('the demo with GitHub credentials', () => {
  let demo: Demo
  let standin: GithubStandin
  let unroute: () => Promise<void>
  beforeAll(async () => {
    const certificate = makeSelfSignedCert(GITHUB_HOSTS)
    standin = await startGithubStandin({
      certificate,
      clientId: 'demo-gh-id',
      clientSecret: 'demo-gh-secret',
    })
    unroute = routeHostsTo(GITHUB_HOSTS, standin.port, certificate.cert)
    demo = await startDemo({
      appPort: 0,
      providerPort: 0,
      env: { GITHUB_OAUTH_CLIENT_ID: 'demo-gh-id', GITHUB_OAUTH_CLIENT_SECRET: 'demo-gh-secret' },
    })
  })
  afterAll(async () => {
    await demo?.close()
    await unroute?.()
    await standin?.close()
  })

  it('logs in with GitHub instead of the local provider', async () => {
    expect(demo.mode).toBe('github')
    expect(demo.issuer).toBeUndefined()
    const browser = new HttpBrowser()
    const home = await browser.fetch(demo.appUrl)
    const page = await home.text()
    expect(page).toContain('Log in with GitHub')
    expect(page).not.toContain('/login/local')
    const { response } = await browser.follow(`${new URL(demo.appUrl).origin}/login/github`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('Hello, The Octocat (@octocat)!')
  })
})
