/**
 * The login hooks against a real OpenID provider over HTTP: beforeLogin may change the request or
 * answer itself; authorized may veto storing or answer itself; error receives typed errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import type { BlueprintHooks, ErrorContext } from '../../src/consumer/hooks.js'
import { makeOAuth2Blueprint, type OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { DanceError } from '../../src/errors.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import type { Token } from '../../src/token.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'
import { cancelAtOidcProvider } from '../support/oidc-abort.js'
import { type OidcProviderHandle, startOidcProvider } from '../support/oidc-provider.js'

const NAMES = ['hooked', 'veto', 'answer', 'wrongsecret'] as const
type Name = (typeof NAMES)[number]

let op: OidcProviderHandle
let app: TestApp
const storages = new Map<Name, MemoryStorage>()
const errors: ErrorContext[] = []
const authorizedTokens: Token[] = []

function blueprint(name: Name, hooks: BlueprintHooks, clientSecret = 'hooks-secret'): OAuth2Blueprint {
  const storage = new MemoryStorage({ singleUser: true })
  storages.set(name, storage)
  return makeOAuth2Blueprint({
    name,
    clientId: 'hooks-app',
    clientSecret,
    scope: ['openid', 'profile'],
    authorizationUrl: `${op.issuer}/auth`,
    tokenUrl: `${op.issuer}/token`,
    baseUrl: op.issuer,
    issuer: op.issuer,
    issuerParameterSupported: true,
    allowInsecureRequests: true,
    secret: 'hooks-test-secret',
    storage,
    hooks: { error: (context) => void errors.push(context), ...hooks },
  })
}

beforeAll(async () => {
  app = await startExpressApp()
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'hooks-app',
        client_secret: 'hooks-secret',
        redirect_uris: NAMES.map((name) => `${app.origin}/login/${name}/authorized`),
        grant_types: ['authorization_code'],
      },
    ],
  })
  app.app.use(
    dance(
      blueprint('hooked', {
        beforeLogin: ({ authorizationUrl, request }) => {
          if (new URL(request.url).searchParams.has('blocked'))
            return new Response('login blocked', { status: 403 })
          authorizationUrl.searchParams.set('ui_locales', 'fr')
          return undefined
        },
        authorized: ({ token }) => void authorizedTokens.push(token),
      }),
      blueprint('veto', { authorized: () => false }),
      blueprint('answer', { authorized: () => new Response('welcome aboard', { status: 201 }) }),
      blueprint(
        'wrongsecret',
        { error: ({ error }) => new Response(`custom error page: ${error.code}`, { status: error.status }) },
        'not-the-secret',
      ),
    ),
  )
})

afterAll(async () => {
  await app?.close()
  await op?.close()
})

const login = (name: Name) =>
  new HttpBrowser().loginWithOidcProvider(`${app.origin}/login/${name}`, 'hana', app.origin)

describe('beforeLogin', () => {
  it('can add a parameter to the authorization request', async () => {
    const response = await new HttpBrowser().fetch(`${app.origin}/login/hooked`)
    expect(response.status).toBe(302)
    expect(new URL(response.headers.get('location')!).searchParams.get('ui_locales')).toBe('fr')
  })

  it('can answer with its own Response, and no login starts', async () => {
    const response = await new HttpBrowser().fetch(`${app.origin}/login/hooked?blocked=1`)
    expect(response.status).toBe(403)
    expect(await response.text()).toBe('login blocked')
    expect(response.headers.getSetCookie()).toEqual([])
  })
})

describe('authorized', () => {
  it('receives the token, which is stored when the hook says nothing', async () => {
    const before = authorizedTokens.length
    const callback = await login('hooked')
    expect(callback.status).toBe(302)
    expect(authorizedTokens.length).toBe(before + 1)
    expect(authorizedTokens.at(-1)?.access_token).toBeTypeOf('string')
    expect(storages.get('hooked')!.size).toBe(1)
  })

  it('vetoes storing by returning false, and the login still completes', async () => {
    const callback = await login('veto')
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe('/')
    expect(storages.get('veto')!.size).toBe(0)
  })

  it('answers with its own Response, the token stored and the transaction cookie cleared', async () => {
    const callback = await login('answer')
    expect(callback.status).toBe(201)
    expect(await callback.text()).toBe('welcome aboard')
    expect(callback.headers.getSetCookie().some((c) => /oauth-dance-tx\.\d=;.*Max-Age=0/i.test(c))).toBe(true)
    expect(callback.headers.get('cache-control')).toBe('no-store')
    expect(storages.get('answer')!.size).toBe(1)
  })
})

describe('error', () => {
  it('gets a typed access_denied when the user cancels at the provider; nothing is stored', async () => {
    errors.length = 0
    const stored = storages.get('hooked')!.size
    const callback = await cancelAtOidcProvider(new HttpBrowser(), `${app.origin}/login/hooked`, app.origin)
    expect(callback.status).toBe(401)
    expect(await callback.text()).toContain('access_denied')
    expect(errors).toHaveLength(1)
    const { error, provider } = errors[0]!
    expect(provider).toBe('hooked')
    expect(error).toBeInstanceOf(DanceError)
    expect(error.code).toBe('access_denied')
    expect(error.providerError).toBe('access_denied')
    expect(storages.get('hooked')!.size).toBe(stored)
  })

  it('gets a typed error when the token endpoint refuses, and may answer the page itself', async () => {
    const callback = await login('wrongsecret')
    expect(callback.status).toBe(401)
    expect(await callback.text()).toBe('custom error page: token_rejected')
    expect(storages.get('wrongsecret')!.size).toBe(0)
  })
})
