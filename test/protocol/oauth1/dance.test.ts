import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../../src/adapters/express.js'
import type { Blueprint } from '../../../src/consumer/blueprint.js'
import { makeOAuth1Blueprint } from '../../../src/consumer/oauth1-blueprint.js'
import type { FetchLike } from '../../../src/protocol/http.js'
import { makeJiraBlueprint } from '../../../src/providers/jira.js'
import { makeTwitterBlueprint, twitter } from '../../../src/providers/twitter.js'
import type { Token } from '../../../src/token.js'
import { startExpressApp, type TestApp } from '../../support/express-app.js'
import { HttpBrowser } from '../../support/http-browser.js'
import { type OAuth1ProviderHandle, startOAuth1Provider } from '../../support/oauth1-provider.js'
import { logIn } from './browser-steps.js'

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
})

let provider: OAuth1ProviderHandle
let app: TestApp
const blueprints: Blueprint[] = []
/** Every API request a blueprint sent (URL and init), so a test can replay one. */
const sent: Array<{ url: string; init: RequestInit | undefined }> = []

interface Echo {
  user: string
  method: string
  signatureMethod: string
  location: string
  signed: Array<[string, string]>
  json?: unknown
}

beforeAll(async () => {
  provider = await startOAuth1Provider({
    consumers: [
      { key: 'twitter-key', secret: 'twitter-secret' },
      { key: 'generic-key', secret: 'generic-s&cret ☃' },
      { key: 'jira-key', rsaPublicKey: publicKey },
    ],
  })
  const endpoints = {
    requestTokenUrl: provider.requestTokenUrl,
    authorizationUrl: provider.authorizationUrl,
    accessTokenUrl: provider.accessTokenUrl,
    allowInsecureRequests: true,
    env: {},
  }
  const recording: FetchLike = (input, init) => {
    sent.push({ url: String(input), init })
    return fetch(input, init)
  }
  blueprints.push(
    makeTwitterBlueprint({
      ...endpoints,
      consumerKey: 'twitter-key',
      consumerSecret: 'twitter-secret',
      baseUrl: provider.apiBaseUrl,
      revocationUrl: provider.revocationUrl,
      fetch: recording,
    }),
    makeOAuth1Blueprint({
      ...endpoints,
      name: 'sha256-query',
      consumerKey: 'generic-key',
      consumerSecret: 'generic-s&cret ☃',
      signatureMethod: 'HMAC-SHA256',
      signatureLocation: 'query',
      baseUrl: provider.apiBaseUrl,
    }),
    makeOAuth1Blueprint({
      ...endpoints,
      name: 'plaintext-body',
      consumerKey: 'generic-key',
      consumerSecret: 'generic-s&cret ☃',
      signatureMethod: 'PLAINTEXT',
      signatureLocation: 'body',
      baseUrl: provider.apiBaseUrl,
    }),
    makeJiraBlueprint({
      ...endpoints,
      baseUrl: provider.origin,
      // The env is how JIRA users configure it; PEM text here, a file path works the same.
      env: { JIRA_OAUTH_CONSUMER_KEY: 'jira-key', JIRA_OAUTH_RSA_KEY: privateKey },
    }),
  )
  app = await startExpressApp((express) => {
    express.use(dance(...blueprints))
    express.get('/:name/me', async (req, res) => {
      const blueprint = blueprints.find((b) => b.name === req.params.name)!
      if (!(await blueprint.client.authorized())) return void res.status(401).send('anonymous')
      // Jira's API base is /rest/api/2/; the stand-in serves /api/, on the same origin.
      const path = blueprint.name === 'jira' ? `${provider.origin}/api/me` : 'me'
      const me = (await (await blueprint.client.get(path)).json()) as { name: string }
      res.send(`Hello ${me.name}`)
    })
    express.get('/:name/echo/:kind', async (req, res) => {
      const blueprint = blueprints.find((b) => b.name === req.params.name)!
      const path = blueprint.name === 'jira' ? `${provider.origin}/api/echo` : 'echo'
      const client = blueprint.client
      const answer =
        req.params.kind === 'get'
          ? await client.get(path, { query: { q: 'two words', sym: "!*'()", empty: '' } })
          : req.params.kind === 'form'
            ? await client.post(path, { form: { status: 'Hello, world! ☃ 100%', same: 'b' } })
            : await client.post(path, { json: { status: 'not signed' } })
      res
        .status(answer.status)
        .type('json')
        .send(await answer.text())
    })
    express.get('/twitter/via-preset-client', async (_req, res) => {
      res.type('json').send(await (await twitter.get('me')).text())
    })
    express.post('/twitter/logout', async (_req, res) => {
      const token = await twitter.token()
      const result = await twitter.revoke()
      // The revoked token no longer works at the provider, whatever the app does with it.
      const after = token ? await fetchSignedMe(token) : undefined
      res.json({ ...result, after })
    })
    express.get('/twitter/wrong-secret', async (_req, res) => {
      const token = (await twitter.token())!
      await twitter.setToken({ ...token, oauth_token_secret: 'wrong' })
      const answer = await twitter.get('me')
      res.status(answer.status).send(await answer.text())
    })
  })
})

/** Calls the stand-in's `me` with a token directly (outside the client), to see whether it still works. */
async function fetchSignedMe(token: Token): Promise<number> {
  const blueprint = blueprints[0]!
  const request = { method: 'GET', url: blueprint.resolveApiUrl('me'), headers: new Headers(), body: null }
  blueprint.protocol.authorizeRequest(request, token)
  return (await fetch(request.url, { headers: request.headers })).status
}

afterAll(async () => {
  await app?.close()
  await provider?.close()
})

describe('the OAuth 1.0a dance against the stand-in provider', () => {
  it('logs in with the Twitter preset and signs GET, form POST and JSON POST API calls', async () => {
    const browser = new HttpBrowser()
    const loginUrl = `${app.origin}/login/twitter`
    expect((await browser.fetch(`${app.origin}/twitter/me`)).status).toBe(401)
    const callback = await logIn(browser, loginUrl, 'alice')
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe('/')
    expect(await (await browser.fetch(`${app.origin}/twitter/me`)).text()).toBe('Hello Alice')
    expect(await (await browser.fetch(`${app.origin}/twitter/via-preset-client`)).json()).toEqual({
      screen_name: 'alice',
      name: 'Alice',
    })

    const get = (await (await browser.fetch(`${app.origin}/twitter/echo/get`)).json()) as Echo
    expect(get).toMatchObject({
      user: 'alice',
      method: 'GET',
      signatureMethod: 'HMAC-SHA1',
      location: 'header',
    })
    expect(get.signed).toEqual([
      ['q', 'two words'],
      ['sym', "!*'()"],
      ['empty', ''],
    ])
    const form = (await (await browser.fetch(`${app.origin}/twitter/echo/form`)).json()) as Echo
    expect(form).toMatchObject({ method: 'POST', location: 'header' })
    expect(form.signed).toEqual([
      ['status', 'Hello, world! ☃ 100%'],
      ['same', 'b'],
    ])
    const json = (await (await browser.fetch(`${app.origin}/twitter/echo/json`)).json()) as Echo
    expect(json).toMatchObject({ method: 'POST', signed: [], json: { status: 'not signed' } })
    expect(provider.rejections).toEqual([])
  })

  for (const [name, method, location] of [
    ['sha256-query', 'HMAC-SHA256', 'query'],
    ['plaintext-body', 'PLAINTEXT', 'body'],
    ['jira', 'RSA-SHA1', 'header'],
  ] as const) {
    it(`logs in and calls the API with ${method} in the ${location}`, async () => {
      const browser = new HttpBrowser()
      const callback = await logIn(browser, `${app.origin}/login/${name}`, 'bob')
      expect(callback.status).toBe(302)
      expect(await (await browser.fetch(`${app.origin}/${name}/me`)).text()).toBe('Hello Bob')
      const form = (await (await browser.fetch(`${app.origin}/${name}/echo/form`)).json()) as Echo
      // A bodiless GET with body placement carries the parameters in its query instead.
      expect(form).toMatchObject({ user: 'bob', signatureMethod: method, location })
      expect(form.signed).toEqual([
        ['status', 'Hello, world! ☃ 100%'],
        ['same', 'b'],
      ])
      const get = (await (await browser.fetch(`${app.origin}/${name}/echo/get`)).json()) as Echo
      expect(get.signed).toEqual([
        ['q', 'two words'],
        ['sym', "!*'()"],
        ['empty', ''],
      ])
      expect(provider.rejections).toEqual([])
    })
  }

  it('keeps the temporary secret out of every URL and out of the cookie in clear', async () => {
    const browser = new HttpBrowser()
    const login = await browser.fetch(`${app.origin}/login/twitter`)
    const secret = provider.temporarySecrets.at(-1)!
    const location = new URL(login.headers.get('location')!)
    expect([...location.searchParams.keys()]).toEqual(['oauth_token'])
    const cookies = login.headers.getSetCookie()
    expect(cookies).toHaveLength(1)
    expect(cookies[0]).toMatch(/HttpOnly/i)
    for (const text of [
      location.href,
      ...cookies,
      Buffer.from(cookies[0]!.split(/[=;]/)[1]!, 'base64url').toString('latin1'),
    ]) {
      expect(text).not.toContain(secret)
    }
  })

  it('logs out by deleting the token and invalidating it at the provider', async () => {
    const browser = new HttpBrowser()
    await logIn(browser, `${app.origin}/login/twitter`, 'erin')
    expect((await browser.fetch(`${app.origin}/twitter/me`)).status).toBe(200)
    const logout = await browser.fetch(`${app.origin}/twitter/logout`, { method: 'POST' })
    expect(await logout.json()).toEqual({ revoked: true, after: 401 })
    expect((await browser.fetch(`${app.origin}/twitter/me`)).status).toBe(401)
    expect(provider.rejections.map((r) => r.problem)).toEqual(['token_rejected'])
    provider.rejections.length = 0
  })

  it('is refused by the provider for a replayed request and for a wrong token secret', async () => {
    const browser = new HttpBrowser()
    await logIn(browser, `${app.origin}/login/twitter`, 'carol')
    sent.length = 0
    expect((await browser.fetch(`${app.origin}/twitter/me`)).status).toBe(200)
    const original = sent.find((s) => s.url.endsWith('/api/me'))!
    const replay = await fetch(original.url, { method: 'GET', headers: original.init?.headers ?? {} })
    expect(replay.status).toBe(401)
    expect(await replay.text()).toBe('oauth_problem=nonce_used')

    const wrong = await browser.fetch(`${app.origin}/twitter/wrong-secret`)
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).toBe('oauth_problem=signature_invalid')
    expect(provider.rejections.map((r) => r.problem)).toEqual(['nonce_used', 'signature_invalid'])
    provider.rejections.length = 0
  })
})
