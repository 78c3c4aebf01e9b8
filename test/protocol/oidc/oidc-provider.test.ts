/**
 * The OpenID Connect blueprint against a certified OpenID Provider (oidc-provider) over HTTP: the code
 * flow with client_secret_basic and UserInfo (both carrying the provider's `quirks.headers`), discovery, signing keys rotated between two logins and
 * just before the ID token is signed, and RP-initiated logout.
 */
import { exportJWK, generateKeyPair, type JWK } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../../src/adapters/express.js'
import type { AuthorizedContext } from '../../../src/consumer/hooks.js'
import { makeOidcBlueprint, type OidcBlueprint } from '../../../src/consumer/oidc-blueprint.js'
import { isDanceError } from '../../../src/errors.js'
import { startExpressApp, type TestApp } from '../../support/express-app.js'
import { HttpBrowser } from '../../support/http-browser.js'
import { type OidcProviderHandle, startOidcProvider } from '../../support/oidc-provider.js'

let app: TestApp
let op: OidcProviderHandle
let port: number
let blueprint: OidcBlueprint
let lastLogin: AuthorizedContext | undefined
let rotateBeforeNextTokenRequest: JWK | undefined
const fetched: string[] = []
/** The provider header (quirks.headers) on each back-channel request, by method and path. */
const providerHeader = new Map<string, string | null>()

async function signingKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  return { ...(await exportJWK(privateKey)), kid: crypto.randomUUID(), use: 'sig', alg: 'RS256' }
}

/** (Re)starts the provider on the same port and issuer with the given signing key. */
async function startProvider(key: JWK): Promise<void> {
  await op?.close()
  op = await startOidcProvider({
    ...(port !== undefined && { port }),
    clients: [
      {
        client_id: 'rp',
        client_secret: 'rp-secret',
        redirect_uris: [`${app.origin}/login/local/authorized`],
        post_logout_redirect_uris: [`${app.origin}/bye`],
        grant_types: ['authorization_code', 'refresh_token'],
      },
    ],
    configuration: { jwks: { keys: [key] } },
  })
  port = Number(new URL(op.issuer).port)
}

beforeAll(async () => {
  app = await startExpressApp()
  await startProvider(await signingKey())
  blueprint = makeOidcBlueprint({
    name: 'local',
    issuer: op.issuer,
    clientId: 'rp',
    clientSecret: 'rp-secret',
    allowInsecureRequests: true,
    quirks: { headers: { 'x-provider-app': 'dance-test' } },
    fetch: async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input)
      fetched.push(`${init?.method ?? 'GET'} ${url.pathname}`)
      providerHeader.set(
        `${init?.method ?? 'GET'} ${url.pathname}`,
        new Headers(init?.headers).get('x-provider-app'),
      )
      if (url.pathname === '/token' && rotateBeforeNextTokenRequest) {
        // The provider rotates its keys after the user consented and before it signs the ID token.
        const key = rotateBeforeNextTokenRequest
        rotateBeforeNextTokenRequest = undefined
        await startProvider(key)
        // Let the pooled keep-alive sockets to the old server notice they were closed.
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      return fetch(input, init)
    },
    hooks: {
      authorized: (context) => {
        lastLogin = context
        return undefined
      },
    },
  })
  app.app.use(dance(blueprint))
  app.app.get('/whoami', async (_req, res) => {
    try {
      const claims = await blueprint.idTokenClaims()
      const info = await blueprint.userinfo()
      res.json({ sub: claims?.sub, name: info.name, viaClient: (await blueprint.client.claims())?.sub })
    } catch (error) {
      if (!isDanceError(error)) throw error
      res.status(error.status).send(error.code)
    }
  })
  app.app.get('/logout', async (_req, res) => {
    res.redirect(await blueprint.logoutUrl({ postLogoutRedirectUrl: '/bye' }))
  })
  app.app.get('/bye', (_req, res) => void res.send('bye'))
})

afterAll(async () => {
  await app?.close()
  await op?.close()
})

async function logIn(browser: HttpBrowser, login: string): Promise<Response> {
  lastLogin = undefined
  return browser.loginWithOidcProvider(`${app.origin}/login/local`, login, app.origin)
}

const count = (request: string) => fetched.filter((entry) => entry === request).length

describe('OpenID Connect against oidc-provider', () => {
  it('logs in with the code flow, client_secret_basic and UserInfo; claims reach the hook and the app', async () => {
    const browser = new HttpBrowser()
    const start = await browser.fetch(`${app.origin}/login/local`)
    const authorization = new URL(start.headers.get('location')!)
    expect(authorization.href.startsWith(`${op.issuer}/auth?`)).toBe(true)
    expect(authorization.searchParams.get('scope')).toBe('openid profile email')
    expect(authorization.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/)
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256')

    const callback = await logIn(browser, 'alice')
    expect(callback.status).toBe(302)
    expect(lastLogin?.claims?.sub).toBe('alice')
    expect(lastLogin?.claims?.iss).toBe(op.issuer)
    expect(lastLogin?.userinfo).toMatchObject({
      sub: 'alice',
      name: 'User alice',
      email: 'alice@example.test',
    })
    expect(typeof lastLogin?.token.id_token).toBe('string')
    expect(count('GET /.well-known/openid-configuration')).toBe(1)
    expect(count('GET /me')).toBe(1)
    // Headers the provider requires on its back channel reach the token endpoint and UserInfo.
    expect(providerHeader.get('POST /token')).toBe('dance-test')
    expect(providerHeader.get('GET /me')).toBe('dance-test')

    const whoami = await browser.fetch(`${app.origin}/whoami`)
    expect(await whoami.json()).toEqual({ sub: 'alice', name: 'User alice', viaClient: 'alice' })
  })

  it('discovers once per blueprint and sends the token request with HTTP Basic client authentication', async () => {
    const seen: string[] = []
    op.provider.on('grant.success', (ctx) => void seen.push(String(ctx.get('authorization')?.slice(0, 6))))
    expect((await logIn(new HttpBrowser(), 'bob')).status).toBe(302)
    expect(seen).toEqual(['Basic '])
    expect(count('GET /.well-known/openid-configuration')).toBe(1)
  })

  it('follows a key rotation between two logins (re-fetches the JWKS for the unknown kid)', async () => {
    const jwksBefore = count('GET /jwks')
    await startProvider(await signingKey())
    const response = await logIn(new HttpBrowser(), 'carol')
    expect(response.status).toBe(302)
    expect(lastLogin?.claims?.sub).toBe('carol')
    expect(count('GET /jwks')).toBe(jwksBefore + 1)
  })

  it('follows a key rotation just before the ID token is signed', async () => {
    rotateBeforeNextTokenRequest = await signingKey()
    const jwksBefore = count('GET /jwks')
    const response = await logIn(new HttpBrowser(), 'dave')
    expect(rotateBeforeNextTokenRequest).toBeUndefined()
    expect(response.status).toBe(302)
    expect(lastLogin?.claims?.sub).toBe('dave')
    expect(count('GET /jwks')).toBe(jwksBefore + 1)
  })

  it('logs out at the provider with id_token_hint and returns to the post-logout URL', async () => {
    const browser = new HttpBrowser()
    expect((await logIn(browser, 'erin')).status).toBe(302)
    const idToken = lastLogin?.token.id_token
    const logout = await browser.fetch(`${app.origin}/logout`)
    const endSession = new URL(logout.headers.get('location')!)
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${op.issuer}/session/end`)
    expect(endSession.searchParams.get('id_token_hint')).toBe(idToken)
    expect(endSession.searchParams.get('client_id')).toBe('rp')
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${app.origin}/bye`)
    // The local token is gone at once.
    expect((await browser.fetch(`${app.origin}/whoami`)).status).toBe(401)

    const confirm = await browser.fetch(endSession)
    const html = await confirm.text()
    const action = /action="([^"]+)"/.exec(html)?.[1]
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1]
    expect(action && xsrf).toBeTruthy()
    const done = await browser.follow(new URL(action!, endSession), {
      method: 'POST',
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }),
    })
    expect(done.url.href).toBe(`${app.origin}/bye`)
    expect(await done.response.text()).toBe('bye')
  })
})
