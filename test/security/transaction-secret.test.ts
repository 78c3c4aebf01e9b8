/**
 * Issue 13 finding 5: defence in depth on the login transaction. The transaction secret has a minimum
 * strength (refused under NODE_ENV=production, warned about elsewhere) and can be rotated without
 * breaking logins in flight; the stored return-to is checked again at the callback.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { makeOAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import {
  MIN_SECRET_BYTES,
  secretWeakness,
  transactionSecrets,
} from '../../src/consumer/transaction/secret.js'
import { TransactionStore } from '../../src/consumer/transaction/transaction.js'
import { deriveKey, open, seal } from '../../src/crypto/aead.js'
import { isDanceError } from '../../src/errors.js'
import { type HostileApp, startHostileApp } from '../e2e/hostile-browser/apps.js'
import { type EvilProvider, startEvilProvider } from '../support/evil-provider.js'
import { HttpBrowser } from '../support/http-browser.js'

const SECRET_A = randomBytes(32).toString('base64url')
const SECRET_B = randomBytes(32).toString('hex')

function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  return undefined
}

describe('transaction secret strength', () => {
  const weak = [
    'short',
    'x'.repeat(64),
    'abababababababababababababababababab',
    'abcdefghijklmnopqrstuvwxyz0123456789',
    '01234567890123456789012345678901234',
    'my-super-secret-key-for-production-app',
    'changeme-changeme-changeme-changeme!',
    'Password1Password1Password1Password1',
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab',
  ]

  it('names the rule a weak secret breaks, never the secret', () => {
    for (const secret of weak) {
      const reason = secretWeakness(secret)
      expect(reason, secret).toBeTypeOf('string')
      expect(reason).not.toContain(secret)
    }
  })

  it('accepts what generators produce (32 random bytes as base64url or hex, 16 as hex)', () => {
    // 3 × 2,000 CSPRNG draws; a simulation of 3 × 300,000 refused none (see transaction-secret.ts).
    for (let i = 0; i < 2000; i++) {
      expect(secretWeakness(randomBytes(32).toString('base64url'))).toBeUndefined()
      expect(secretWeakness(randomBytes(32).toString('hex'))).toBeUndefined()
      expect(secretWeakness(randomBytes(16).toString('hex'))).toBeUndefined()
    }
  })

  it('under NODE_ENV=production a weak secret stops the blueprint from being built (config_invalid)', () => {
    vi.stubEnv('NODE_ENV', 'production')
    const options = {
      name: 'strength',
      clientId: 'id',
      clientSecret: 'client-secret',
      authorizationUrl: 'https://provider.example/authorize',
      tokenUrl: 'https://provider.example/token',
      // Pinned, so the only thing production can refuse here is the secret.
      publicUrl: 'https://app.example',
    }
    for (const secret of weak) {
      const error = thrown(() => makeOAuth2Blueprint({ ...options, secret }))
      expect(isDanceError(error, 'config_invalid'), secret).toBe(true)
      expect(String((error as Error).message)).not.toContain(secret)
    }
    // From the environment too, and a weak previous secret is as bad as a weak current one.
    vi.stubEnv('OAUTH_DANCE_SECRET', 'too-short')
    expect(
      isDanceError(
        thrown(() => makeOAuth2Blueprint(options)),
        'config_invalid',
      ),
    ).toBe(true)
    vi.stubEnv('OAUTH_DANCE_SECRET', SECRET_A)
    vi.stubEnv('OAUTH_DANCE_PREVIOUS_SECRETS', `${SECRET_B},changeme`)
    expect(
      isDanceError(
        thrown(() => makeOAuth2Blueprint(options)),
        'config_invalid',
      ),
    ).toBe(true)
    vi.stubEnv('OAUTH_DANCE_PREVIOUS_SECRETS', SECRET_B)
    expect(makeOAuth2Blueprint(options).name).toBe('strength')
    expect(makeOAuth2Blueprint({ ...options, secret: [SECRET_B, SECRET_A] }).name).toBe('strength')
  })

  it('a weak secret is refused when NODE_ENV says production in another casing or with spaces', () => {
    for (const value of ['Production', ' production\n', 'PRODUCTION']) {
      vi.stubEnv('NODE_ENV', value)
      const error = thrown(() =>
        makeOAuth2Blueprint({
          name: 'strength',
          clientId: 'id',
          clientSecret: 'client-secret',
          authorizationUrl: 'https://provider.example/authorize',
          tokenUrl: 'https://provider.example/token',
          publicUrl: 'https://app.example',
          secret: 'changeme',
        }),
      )
      expect(isDanceError(error, 'config_invalid'), value).toBe(true)
    }
  })

  it('elsewhere a weak secret is warned about (once), not refused', () => {
    vi.stubEnv('NODE_ENV', 'development')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(transactionSecrets('short-dev-secret', {})).toEqual(['short-dev-secret'])
    expect(transactionSecrets('another-short-one', {})).toEqual(['another-short-one'])
    const warnings = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('weak'))
    expect(warnings.length).toBeLessThanOrEqual(1)
    expect(warnings.join('')).not.toContain('short-dev-secret')
    expect(MIN_SECRET_BYTES).toBe(32)
  })

  it('reads the rotation list from the environment, current first; previous without current is refused', () => {
    expect(
      transactionSecrets(undefined, {
        OAUTH_DANCE_SECRET: SECRET_B,
        OAUTH_DANCE_PREVIOUS_SECRETS: ` ${SECRET_A} ,`,
      }),
    ).toEqual([SECRET_B, SECRET_A])
    expect(
      isDanceError(
        thrown(() => transactionSecrets(undefined, { OAUTH_DANCE_PREVIOUS_SECRETS: SECRET_A })),
        'config_invalid',
      ),
    ).toBe(true)
  })

  afterEach(() => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })
})

describe('transaction secret rotation and the return-to at the callback', () => {
  let evil: EvilProvider
  const apps: HostileApp[] = []

  beforeAll(async () => {
    evil = await startEvilProvider()
  })
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()))
    await evil?.close()
  })

  const start = async (secret: string | string[]) => {
    const app = await startHostileApp('express', evil, { secret })
    apps.push(app)
    return app
  }

  /** Moves a browser's cookies for `from` to `to`: the same browser, after the app restarted elsewhere. */
  const carry = (browser: HttpBrowser, from: HostileApp, to: HostileApp) => {
    const jar = browser.cookies.get(new URL(from.origin).host)
    browser.cookies.set(new URL(to.origin).host, new Map(jar))
  }

  it('a login started under secret A finishes after a restart with [B, A]; new logins seal with B', async () => {
    const before = await start(SECRET_A)
    const browser = new HttpBrowser()
    const login = await browser.fetch(`${before.origin}/login/evil?next=/after-rotation`)
    const callback = await evil.authorize(login.headers.get('location')!)
    await before.close()

    const after = await start([SECRET_B, SECRET_A])
    carry(browser, before, after)
    const done = await browser.fetch(`${after.origin}${callback.pathname}${callback.search}`)
    expect(after.errors.map((e) => e.code)).toEqual([])
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/after-rotation')
    expect((await browser.fetch(`${after.origin}/me`)).status).toBe(200)

    // A login started now is sealed with B: an instance that only knows A cannot open it, B alone can.
    const fresh = new HttpBrowser()
    const second = await fresh.fetch(`${after.origin}/login/evil`)
    const secondCallback = await evil.authorize(second.headers.get('location')!)
    const onlyA = await start(SECRET_A)
    carry(fresh, after, onlyA)
    const refused = await fresh.fetch(`${onlyA.origin}${secondCallback.pathname}${secondCallback.search}`)
    expect(refused.status).toBe(400)
    expect(onlyA.errors.map((e) => e.code)).toEqual(['transaction_invalid'])
  })

  it('once A is dropped from the list, a cookie sealed with A is refused', async () => {
    const before = await start(SECRET_A)
    const browser = new HttpBrowser()
    const login = await browser.fetch(`${before.origin}/login/evil`)
    const callback = await evil.authorize(login.headers.get('location')!)
    const onlyB = await start(SECRET_B)
    carry(browser, before, onlyB)
    const refused = await browser.fetch(`${onlyB.origin}${callback.pathname}${callback.search}`)
    expect(refused.status).toBe(400)
    expect(onlyB.errors.map((e) => e.code)).toEqual(['transaction_invalid'])
  })

  it('a cookie carrying an off-site return-to (older version, leaked old secret) redirects home, not off-site', async () => {
    const app = await start(SECRET_A)
    const key = deriveKey(SECRET_A, 'transaction-cookie')
    for (const returnTo of [
      'https://evil.example/phish',
      '//evil.example',
      '/\\evil.example',
      '/%2F%2Fevil.example',
    ]) {
      const browser = new HttpBrowser()
      const login = await browser.fetch(`${app.origin}/login/evil`)
      const callback = await evil.authorize(login.headers.get('location')!)
      const state = callback.searchParams.get('state')!
      // Open the genuine transaction and seal it again with a hostile return-to, as a cookie written
      // by an older version (or under a leaked previous secret) could hold it.
      const jar = browser.cookies.get(new URL(app.origin).host)!
      const [name, value] = [...jar].find(([n]) => n.includes('oauth-dance-tx.'))!
      const [issued, tag, sealed] = value.split('.') as [string, string, string]
      const aad = Buffer.from(`${name}\u0000evil\u0000${state}\u0000${issued}`)
      const transaction = JSON.parse(open(key, Buffer.from(sealed, 'base64url'), aad)!.toString('utf8'))
      transaction.returnTo = returnTo
      const forged = seal(key, Buffer.from(JSON.stringify(transaction)), aad).toString('base64url')
      jar.set(name, `${issued}.${tag}.${forged}`)
      const done = await browser.fetch(callback)
      expect(done.status, returnTo).toBe(302)
      expect(done.headers.get('location'), returnTo).toBe('/')
    }
    expect(app.errors).toEqual([])
  })
})

describe("the transaction secret from the blueprint's env (a Worker's bindings)", () => {
  const cookie = { secure: false, sameSite: 'Lax' } as const
  /** Seals a login with `sealer` and tries to finish it with `opener`: the error code, or 'opened'. */
  const finish = (sealer: TransactionStore, opener: TransactionStore): string => {
    // A fresh state each time: the replay guard remembers every state consumed in this process.
    const key = randomBytes(16).toString('base64url')
    const [setCookie] = sealer.create(
      { key, provider: 'evil', createdAt: Date.now(), redirectUri: 'http://app.test/cb' },
      cookie,
    )
    const request = {
      url: `http://app.test/cb?state=${key}`,
      method: 'GET',
      headers: new Headers({ cookie: setCookie!.split(';')[0]! }),
    }
    try {
      opener.consume(request, 'evil', key, cookie)
      return 'opened'
    } catch (error) {
      return isDanceError(error) ? error.code : String(error)
    }
  }

  it('keys the cookies with the env’s OAUTH_DANCE_SECRET, not the process’s', () => {
    vi.stubEnv('OAUTH_DANCE_SECRET', SECRET_B)
    const fromEnv = new TransactionStore({ env: { OAUTH_DANCE_SECRET: SECRET_A } })
    expect(finish(fromEnv, new TransactionStore({ secret: SECRET_A }))).toBe('opened')
    expect(finish(fromEnv, new TransactionStore({ secret: SECRET_B }))).toBe('transaction_invalid')
    // Rotation through the same env: new logins seal with its current secret, its previous ones open.
    const rotated = new TransactionStore({
      env: { OAUTH_DANCE_SECRET: SECRET_B, OAUTH_DANCE_PREVIOUS_SECRETS: SECRET_A },
    })
    expect(finish(new TransactionStore({ secret: SECRET_A }), rotated)).toBe('opened')
  })

  it('falls back to the process’s secret when the env has none', () => {
    vi.stubEnv('OAUTH_DANCE_SECRET', SECRET_B)
    const fallback = new TransactionStore({ env: { GITHUB_OAUTH_CLIENT_ID: 'id' } })
    expect(finish(fallback, new TransactionStore({ secret: SECRET_B }))).toBe('opened')
  })

  it('a weak secret in the env stops the blueprint when the env says production', () => {
    const build = () =>
      makeOAuth2Blueprint({
        name: 'evil',
        clientId: 'id',
        clientSecret: 'secret',
        authorizationUrl: 'https://provider.test/authorize',
        tokenUrl: 'https://provider.test/token',
        publicUrl: 'https://app.test',
        env: { NODE_ENV: 'production', OAUTH_DANCE_SECRET: 'too-short' },
      })
    expect(isDanceError(thrown(build), 'config_invalid')).toBe(true)
  })

  afterEach(() => {
    vi.unstubAllEnvs()
  })
})
