/**
 * Secrets never reach a log. Whole flows (OAuth 2 login, API call, refresh, failing token endpoints,
 * tampered callbacks; OAuth 1.0a login and API call; an OpenID Connect login) run with debug logging
 * on, through the logger option and through `OAUTH_DANCE_DEBUG=1`, with every console method and
 * stdout/stderr captured. Then no code, verifier, access or refresh token, ID token, client secret,
 * OAuth 1 token secret or transaction secret may appear in what was captured, nor in the errors the
 * error hook received, printed the way an app's `console.error(error)` would print them.
 */
import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import { makeOAuth1Blueprint } from '../../src/consumer/oauth1-blueprint.js'
import { makeOidcBlueprint } from '../../src/consumer/oidc-blueprint.js'
import type { DanceError } from '../../src/errors.js'
import { formatRecord, type LogRecord } from '../../src/log.js'
import type { FetchLike } from '../../src/protocol/http.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { startExpressApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'
import { startOAuth1Provider } from '../support/oauth1-provider.js'
import { startOidcProvider } from '../support/oidc-provider.js'
import { fullLogin, RIG_SECRET, type Rig, startRig } from './harness.js'

const captured: string[] = []
const secrets = new Set<string>([RIG_SECRET])
const records: LogRecord[] = []
const errors: DanceError[] = []

beforeAll(() => {
  vi.stubEnv('OAUTH_DANCE_DEBUG', '1')
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      captured.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 10 }))).join(' '))
    })
  }
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      captured.push(String(chunk))
      return true
    })
  }
})
afterAll(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})

/** Runs the OAuth 2 flows, good and bad, against one rig. */
async function oauth2Flows(rig: Rig): Promise<void> {
  const browser = new HttpBrowser()
  // Login, then an API call whose token expires within the refresh margin: the call refreshes first.
  expect((await fullLogin(rig, browser, 'alice')).status).toBe(302)
  expect((await browser.fetch(`${rig.app.origin}/me`)).status).toBe(200)
  expect(rig.evil.tokenRequests().some((r) => r.body.includes('grant_type=refresh_token'))).toBe(true)
  // Token endpoint answers that put tokens where a careless error would carry them into a log.
  const leaky = [
    '{"access_token":"at-leak-truncated-1234567890","tok',
    '{"access_token":"at-leak-mac-1234567890","token_type":"mac","refresh_token":"rt-leak-mac-1234567890"}',
    '{"access_token":"at-leak-expiry-1234567890","token_type":"bearer","expires_in":"soon"}',
    '{"access_token":"at-leak-scope-1234567890","token_type":"bearer","scope":["a"]}',
  ]
  for (const body of leaky) {
    for (const match of body.matchAll(/"((?:at|rt)-leak-[\w-]+)"/g)) secrets.add(match[1]!)
    rig.evil.tokenAnswer = { kind: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body }
    expect((await fullLogin(rig, new HttpBrowser())).status).toBe(502)
  }
  // A callback from another issuer: oauth4webapi's error carries the callback parameters (the code).
  rig.evil.tokenAnswer = { kind: 'ok' }
  rig.evil.rewriteCallback = (p) => p.set('iss', 'https://attacker.example')
  expect((await fullLogin(rig, new HttpBrowser())).status).toBe(400)
  rig.evil.rewriteCallback = undefined
  // A token endpoint that times out, and one that rejects the code.
  rig.evil.tokenAnswer = { kind: 'hang' }
  expect((await fullLogin(rig, new HttpBrowser())).status).toBe(504)
  rig.evil.tokenAnswer = {
    kind: 'raw',
    status: 400,
    headers: { 'content-type': 'application/json' },
    body: '{"error":"invalid_grant"}',
  }
  expect((await fullLogin(rig, new HttpBrowser())).status).toBe(401)
  for (const secret of rig.evil.secrets) secrets.add(secret)
  for (const record of rig.logs) records.push(record)
  errors.push(...rig.errors)
}

describe('secrets in logs', () => {
  it('OAuth 2 with the logger option: records hold no secret and cover every step', async () => {
    const rig = await startRig({ evil: { expiresIn: 0 } })
    try {
      await oauth2Flows(rig)
      const events = new Set(rig.logs.map((r) => r.event))
      for (const event of [
        'login.redirect',
        'callback.received',
        'callback.transaction',
        'callback.token',
        'callback.stored',
        'callback.failed',
        'http.request',
        'http.response',
        'http.failed',
        'refresh.start',
        'refresh.done',
        'api.request',
        'api.response',
      ] as const) {
        expect(events, event).toContain(event)
      }
      for (const record of rig.logs) captured.push(JSON.stringify(record), formatRecord(record))
    } finally {
      await rig.close()
    }
  })

  it('OAuth 2 with OAUTH_DANCE_DEBUG=1: lines go to console.debug', async () => {
    const rig = await startRig({ evil: { expiresIn: 0 }, blueprint: { logger: undefined } })
    try {
      const before = captured.length
      await oauth2Flows(rig)
      expect(
        captured.slice(before).filter((line) => line.startsWith('[oauth-dance] evil ')).length,
      ).toBeGreaterThan(20)
    } finally {
      await rig.close()
    }
  })

  it('OAuth 1.0a login and API call', async () => {
    const provider = await startOAuth1Provider({
      consumers: [{ key: 'log-key', secret: 'log-consumer-secret-123' }],
    })
    secrets.add('log-consumer-secret-123')
    // Read every credential the provider hands out, so the test knows what must not be logged.
    const recording: FetchLike = async (input, init) => {
      const response = await fetch(input, init)
      const text = await response.clone().text()
      for (const [name, value] of new URLSearchParams(text)) {
        if (name === 'oauth_token' || name === 'oauth_token_secret') secrets.add(value)
      }
      return response
    }
    const storage = new MemoryStorage({ singleUser: true })
    const blueprint = makeOAuth1Blueprint({
      name: 'legacy',
      consumerKey: 'log-key',
      consumerSecret: 'log-consumer-secret-123',
      requestTokenUrl: provider.requestTokenUrl,
      authorizationUrl: provider.authorizationUrl,
      accessTokenUrl: provider.accessTokenUrl,
      baseUrl: provider.apiBaseUrl,
      allowInsecureRequests: true,
      secret: RIG_SECRET,
      storage,
      fetch: recording,
      hooks: { error: ({ error }) => void errors.push(error) },
      env: {},
    })
    const app = await startExpressApp((express) => {
      express.use(dance(blueprint))
      express.get('/me', async (_req, res) => void res.json(await (await blueprint.client.get('me')).json()))
    })
    try {
      const browser = new HttpBrowser()
      const login = await browser.fetch(`${app.origin}/login/legacy`)
      const authorize = new URL(login.headers.get('location')!)
      const token = authorize.searchParams.get('oauth_token')!
      const approved = await browser.fetch(new URL('/oauth/authorize', authorize), {
        method: 'POST',
        body: new URLSearchParams({ oauth_token: token, user: 'alice', decision: 'approve' }),
      })
      const callback = new URL(approved.headers.get('location')!)
      secrets.add(callback.searchParams.get('oauth_verifier')!)
      expect((await browser.fetch(callback)).status).toBe(302)
      expect(await (await browser.fetch(`${app.origin}/me`)).json()).toMatchObject({ screen_name: 'alice' })
      const stored = [...secrets].filter((s) => s.length >= 16)
      expect(stored.length).toBeGreaterThanOrEqual(4)
      // A replayed callback fails; its error is logged too.
      expect((await browser.fetch(callback)).status).toBe(400)
      expect(captured.some((line) => line.startsWith('[oauth-dance] legacy '))).toBe(true)
    } finally {
      await app.close()
      await provider.close()
    }
  })

  it('OpenID Connect login against oidc-provider: the ID token and tokens are never logged', async () => {
    const app = await startExpressApp()
    const op = await startOidcProvider({
      clients: [
        {
          client_id: 'rp',
          client_secret: 'rp-secret-for-logging-test',
          redirect_uris: [`${app.origin}/login/oidc/authorized`],
          grant_types: ['authorization_code', 'refresh_token'],
        },
      ],
    })
    secrets.add('rp-secret-for-logging-test')
    const storage = new MemoryStorage({ singleUser: true })
    const blueprint = makeOidcBlueprint({
      name: 'oidc',
      issuer: op.issuer,
      clientId: 'rp',
      clientSecret: 'rp-secret-for-logging-test',
      scope: ['openid', 'profile', 'offline_access'],
      allowInsecureRequests: true,
      secret: RIG_SECRET,
      storage,
      hooks: { error: ({ error }) => void errors.push(error) },
    })
    app.app.use(dance(blueprint))
    try {
      const browser = new HttpBrowser()
      const callback = await browser.loginWithOidcProvider(`${app.origin}/login/oidc`, 'alice', app.origin)
      expect(callback.status).toBe(302)
      const token = storage.get({ provider: 'oidc' })!
      for (const value of [token.access_token, token.refresh_token, token.id_token]) {
        if (typeof value === 'string') secrets.add(value)
      }
      expect(typeof token.id_token).toBe('string')
      expect(captured.some((line) => line.startsWith('[oauth-dance] oidc callback.stored'))).toBe(true)
    } finally {
      await app.close()
      await op.close()
    }
  })

  it('nothing captured, logged or carried by an error contains a secret', () => {
    const texts = [
      ...captured,
      ...records.map((r) => JSON.stringify(r)),
      ...errors.map((e) => inspect(e, { depth: 20, showHidden: true })),
      ...errors.map((e) => `${e.message} ${e.stack ?? ''}`),
    ]
    expect(errors.length).toBeGreaterThan(10)
    const meaningful = [...secrets].filter((s) => s.length >= 8)
    expect(meaningful.length).toBeGreaterThan(20)
    const leaks = meaningful.flatMap((secret) =>
      texts.filter((t) => t.includes(secret)).map((t) => `${secret.slice(0, 6)}… in ${t.slice(0, 160)}`),
    )
    expect(leaks).toEqual([])
  })
})
