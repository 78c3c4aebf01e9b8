import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../../src/adapters/express.js'
import { makeOAuth2Blueprint, type OAuth2Blueprint } from '../../../src/consumer/oauth2-blueprint.js'
import { MemoryStorage } from '../../../src/storage/memory.js'
import { startExpressApp, type TestApp } from '../../support/express-app.js'
import { HttpBrowser } from '../../support/http-browser.js'
import {
  localBlueprintOptions,
  type OidcProviderHandle,
  startOidcProvider,
} from '../../support/oidc-provider.js'

let op: OidcProviderHandle
let app: TestApp
let blueprint: OAuth2Blueprint

beforeAll(async () => {
  app = await startExpressApp()
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'app',
        client_secret: 'app-secret',
        redirect_uris: [`${app.origin}/login/local/authorized`],
        grant_types: ['authorization_code', 'refresh_token'],
      },
    ],
  })
  blueprint = makeOAuth2Blueprint(
    localBlueprintOptions(op, { scope: ['openid', 'profile', 'offline_access'] }),
  )
  app.app.use(dance(blueprint))
  app.app.get('/', async (_req, res) => {
    if (!(await blueprint.client.authorized())) return res.redirect('/login/local')
    const me = (await (await blueprint.client.get('/me')).json()) as { name: string }
    res.send(`Hello ${me.name}`)
  })
})

afterAll(async () => {
  await app?.close()
  await op?.close()
})

describe('the OAuth 2 dance against oidc-provider', () => {
  it('logs in, stores the token and calls the provider API with it', async () => {
    const browser = new HttpBrowser()
    const first = await browser.fetch(`${app.origin}/`)
    expect(first.status).toBe(302)
    expect(first.headers.get('location')).toBe('/login/local')
    const login = await browser.fetch(`${app.origin}/login/local`)
    expect(login.status).toBe(302)
    const authUrl = new URL(login.headers.get('location')!)
    expect(authUrl.origin).toBe(op.issuer)
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256')
    expect(authUrl.searchParams.get('state')).toMatch(/^[\w-]{20,}$/)
    expect(authUrl.searchParams.get('redirect_uri')).toBe(`${app.origin}/login/local/authorized`)
    const callback = await browser.loginWithOidcProvider(`${app.origin}/login/local`, 'alice', app.origin)
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe('/')
    expect(callback.headers.get('cache-control')).toBe('no-store')
    const home = await browser.follow(`${app.origin}/`)
    expect(home.response.status).toBe(200)
    expect(await home.response.text()).toBe('Hello User alice')
  })

  it('rejects a callback with a wrong state and stores nothing', async () => {
    const storage = new MemoryStorage({ singleUser: true })
    blueprint.storage = storage
    try {
      const browser = new HttpBrowser()
      await browser.fetch(`${app.origin}/login/local`)
      const response = await browser.fetch(`${app.origin}/login/local/authorized?state=forged&code=x`)
      expect(response.status).toBe(400)
      expect(await response.text()).toContain('transaction_missing')
      expect(storage.size).toBe(0)
    } finally {
      blueprint.storage = new (await import('../../../src/storage/session.js')).SessionStorage()
    }
  })
})
