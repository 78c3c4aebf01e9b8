/**
 * OAuth 1.0a paths Flask-Dance's own suite covers: an access-token endpoint that fails, the hooks on an
 * OAuth 1.0a blueprint, a login behind a reverse proxy (Express `trust proxy`, a pinned public URL),
 * and `NullStorage`.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { dance } from '../../../src/adapters/express.js'
import type { AuthorizedContext, BeforeLoginContext } from '../../../src/consumer/hooks.js'
import { makeOAuth1Blueprint, type OAuth1Blueprint } from '../../../src/consumer/oauth1-blueprint.js'
import type { DanceError } from '../../../src/errors.js'
import { MemoryStorage } from '../../../src/storage/memory.js'
import { NullStorage } from '../../../src/storage/null.js'
import { startExpressApp, type TestApp } from '../../support/express-app.js'
import { HttpBrowser } from '../../support/http-browser.js'
import { type OAuth1ProviderHandle, startOAuth1Provider } from '../../support/oauth1-provider.js'
import { logIn } from './browser-steps.js'

const PUBLIC = 'https://public.example'

let provider: OAuth1ProviderHandle
let app: TestApp
let hooked: OAuth1Blueprint
let proxied: OAuth1Blueprint
let storage: MemoryStorage
const errors: DanceError[] = []
const authorized: AuthorizedContext[] = []
const beforeLogin: BeforeLoginContext[] = []

function blueprint(name: string, extra: Partial<Parameters<typeof makeOAuth1Blueprint>[0]> = {}) {
  return makeOAuth1Blueprint({
    name,
    consumerKey: 'ck',
    consumerSecret: 'cs',
    requestTokenUrl: provider.requestTokenUrl,
    authorizationUrl: provider.authorizationUrl,
    accessTokenUrl: provider.accessTokenUrl,
    baseUrl: provider.apiBaseUrl,
    allowInsecureRequests: true,
    env: {},
    ...extra,
  })
}

beforeAll(async () => {
  provider = await startOAuth1Provider({ consumers: [{ key: 'ck', secret: 'cs' }] })
  hooked = blueprint('hooked', {
    hooks: {
      beforeLogin: (context) => {
        beforeLogin.push(context)
        context.authorizationUrl.searchParams.set('force_login', 'true')
      },
      authorized: (context) => {
        authorized.push(context)
        return new Response(`hello ${String(context.token.screen_name)}`, { status: 200 })
      },
      error: ({ error }) => void errors.push(error),
    },
  })
  proxied = blueprint('proxied', { publicUrl: PUBLIC, storage: new MemoryStorage({ singleUser: true }) })
  app = await startExpressApp((express) => {
    express.set('trust proxy', true)
    express.use(dance(hooked, proxied))
  })
})

afterAll(async () => {
  await app?.close()
  await provider?.close()
})

beforeEach(() => {
  storage = new MemoryStorage({ singleUser: true })
  hooked.storage = storage
  errors.length = 0
  authorized.length = 0
  beforeLogin.length = 0
})

afterEach(() => {
  for (const key of Object.keys(provider.misbehave))
    delete provider.misbehave[key as keyof typeof provider.misbehave]
})

describe('an access-token endpoint that fails', () => {
  it.each([
    [500, 502, 'provider_unavailable'],
    [400, 502, 'provider_response_invalid'],
    [401, 502, 'oauth1_signature_rejected'],
  ] as const)('HTTP %i → %i %s, for the error hook, nothing stored', async (answer, status, code) => {
    provider.misbehave.accessTokenStatus = answer
    const response = await logIn(new HttpBrowser(), `${app.origin}/login/hooked`)
    expect(response.status).toBe(status)
    expect(await response.text()).toContain(code)
    expect(errors.map((e) => [e.code, e.providerError])).toEqual([[code, 'permission_unknown']])
    expect(authorized).toEqual([])
    expect(storage.size).toBe(0)
  })
})

describe('hooks on an OAuth 1.0a blueprint', () => {
  it('beforeLogin edits the authorization URL; authorized gets the token credentials and answers', async () => {
    const browser = new HttpBrowser()
    const login = await browser.fetch(`${app.origin}/login/hooked`)
    expect(new URL(login.headers.get('location')!).searchParams.get('force_login')).toBe('true')
    await login.body?.cancel()
    expect(beforeLogin.map((c) => c.provider)).toEqual(['hooked'])
    const callback = await logIn(browser, `${app.origin}/login/hooked`, 'grace')
    expect(callback.status).toBe(200)
    expect(await callback.text()).toBe('hello grace')
    expect(authorized).toHaveLength(1)
    expect(authorized[0]?.provider).toBe('hooked')
    expect(authorized[0]?.token.oauth_token).toBeTypeOf('string')
    expect(authorized[0]?.token.oauth_token_secret).toBeTypeOf('string')
    // A Response from the hook still stores the token.
    expect(storage.size).toBe(1)
  })
})

describe('behind a reverse proxy', () => {
  it('signs the public callback URL from X-Forwarded-Proto/Host with trust proxy and a pinned public URL', async () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'public.example' }
    const response = await fetch(`${app.origin}/login/proxied?next=/home`, {
      headers: forwarded,
      redirect: 'manual',
    })
    expect(response.status).toBe(302)
    expect(provider.callbacks.at(-1)).toBe(`${PUBLIC}/login/proxied/authorized`)
    // The transaction cookie is Secure: the browser is on https, whatever the hop to the app used.
    const cookies = response.headers.getSetCookie()
    expect(cookies.length).toBeGreaterThan(0)
    expect(cookies.every((c) => /;\s*Secure/i.test(c))).toBe(true)
  })

  it('refuses a forwarded host the app does not serve', async () => {
    const before = provider.callbacks.length
    const response = await fetch(`${app.origin}/login/proxied`, {
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'attacker.example' },
      redirect: 'manual',
    })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('origin_not_allowed')
    expect(provider.callbacks.length).toBe(before)
  })
})

describe('NullStorage', () => {
  it('completes the login and keeps nothing, so the next request has no token', async () => {
    const nothing = blueprint('nothing', { storage: new NullStorage() })
    const kept: unknown[] = []
    const local = await startExpressApp((express) => {
      express.use(dance(nothing))
      express.get('/has-token', async (_req, res) => {
        kept.push(await nothing.client.token())
        res.json({ authorized: await nothing.client.authorized() })
      })
    })
    try {
      const browser = new HttpBrowser()
      const callback = await logIn(browser, `${local.origin}/login/nothing`)
      expect(callback.status).toBe(302)
      expect(provider.issued()).toBeGreaterThan(0)
      const after = await browser.fetch(`${local.origin}/has-token`)
      expect(await after.json()).toEqual({ authorized: false })
      expect(kept).toEqual([undefined])
    } finally {
      await local.close()
    }
  })
})
