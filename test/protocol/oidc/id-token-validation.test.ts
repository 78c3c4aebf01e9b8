/**
 * ID token, callback and UserInfo checks against our own test provider (test/support/jose-op.ts), which
 * can sign whatever a certification test needs. Every rejection must answer a clear status with a
 * stable code, store nothing, and call nothing at the provider after the failed step.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { dance } from '../../../src/adapters/express.js'
import { makeOidcBlueprint, type OidcBlueprint } from '../../../src/consumer/oidc-blueprint.js'
import { type DanceError, isDanceError } from '../../../src/errors.js'
import { MemoryStorage } from '../../../src/storage/memory.js'
import { startExpressApp, type TestApp } from '../../support/express-app.js'
import { HttpBrowser } from '../../support/http-browser.js'
import {
  type JoseOp,
  type JoseOpBehaviour,
  makeKey,
  startJoseOp,
  type TestKey,
} from '../../support/jose-op.js'

const CLIENT = { clientId: 'rp', clientSecret: 'rp-secret' }
let op: JoseOp
let app: TestApp
let blueprint: OidcBlueprint
let storage: MemoryStorage
let key: TestKey
let lastError: DanceError | undefined
/** Keys made once (RSA key generation is slow): other algorithms, no kid, never published. */
const spare = {} as { ps256: TestKey; es256: TestKey; withoutKid: TestKey; unpublished: TestKey[] }

beforeAll(async () => {
  app = await startExpressApp()
  op = await startJoseOp(CLIENT)
  key = op.behaviour.jwks[0]!
  Object.assign(spare, {
    ps256: await makeKey('PS256'),
    es256: await makeKey('ES256'),
    withoutKid: await makeKey('RS256', undefined),
    unpublished: [await makeKey('RS256'), await makeKey('RS256')],
  })
  blueprint = makeOidcBlueprint({
    name: 'jose',
    issuer: op.issuer,
    ...CLIENT,
    allowInsecureRequests: true,
    jwksRefetchCooldown: 0,
    hooks: {
      error: ({ error }) => {
        lastError = error
      },
    },
  })
  app.app.use(dance(blueprint))
  app.app.get('/me', async (_req, res) => {
    try {
      res.json(await blueprint.userinfo())
    } catch (error) {
      if (!isDanceError(error)) throw error
      res.status(error.status).send(error.code)
    }
  })
})

afterAll(async () => {
  await app?.close()
  await op?.close()
})

beforeEach(() => {
  op.reset([key])
  storage = new MemoryStorage({ singleUser: true })
  blueprint.storage = storage
  lastError = undefined
})

/** Runs one login through the provider (which authorizes at once) and returns the callback's answer. */
async function login(browser = new HttpBrowser()): Promise<Response> {
  const start = await browser.fetch(`${app.origin}/login/jose`)
  expect(start.status).toBe(302)
  const authorize = await browser.fetch(start.headers.get('location')!)
  expect(authorize.status).toBe(302)
  return browser.fetch(authorize.headers.get('location')!)
}

const now = () => Math.floor(Date.now() / 1000)
type Setup = (b: JoseOpBehaviour) => void | Promise<void>
const without =
  (claim: string): Setup =>
  (b) => {
    b.claims = ({ claims }) => {
      const { [claim]: _dropped, ...rest } = claims
      return rest
    }
  }
const set =
  <K extends keyof JoseOpBehaviour>(field: K, value: JoseOpBehaviour[K]): Setup =>
  (b) => {
    b[field] = value
  }
const withClaims =
  (extra: Record<string, unknown>): Setup =>
  (b) => {
    b.claims = ({ claims }) => ({ ...claims, ...extra })
  }

describe('ID tokens the client must refuse', () => {
  const cases: Array<[string, Setup]> = [
    ['a bad signature', set('badSignature', true)],
    // The test provider advertises "none": the refusal is ours, not oauth4webapi's metadata check.
    ['alg none, though the provider advertises it', set('signWith', 'none')],
    [
      'an algorithm the provider does not advertise',
      async (b) => {
        b.signWith = published(b, spare.ps256)
      },
    ],
    [
      'a key that is not in the JWKS',
      async (b) => {
        b.signWith = spare.unpublished[0]!
      },
    ],
    ['a wrong iss', withClaims({ iss: 'http://127.0.0.1:1/other' })],
    ['a missing iss', without('iss')],
    ['a wrong aud', withClaims({ aud: 'someone-else' })],
    ['a missing aud', without('aud')],
    ['an extra audience without azp', withClaims({ aud: ['rp', 'someone-else'] })],
    ['an azp that is not us', withClaims({ aud: ['rp', 'someone-else'], azp: 'someone-else' })],
    ['an expired token', withClaims({ iat: now() - 900, exp: now() - 600 })],
    ['a missing exp', without('exp')],
    ['a missing iat', without('iat')],
    ['a missing sub', without('sub')],
    ['a wrong nonce', withClaims({ nonce: 'not-the-nonce' })],
    ['a missing nonce', without('nonce')],
  ]
  it.each(cases)('%s: 401 id_token_invalid, nothing stored, no UserInfo call', async (_name, setup) => {
    await setup(op.behaviour)
    const response = await login()
    expect(response.status).toBe(401)
    expect(await response.text()).toContain('id_token_invalid')
    expect(lastError?.code).toBe('id_token_invalid')
    expect(storage.size).toBe(0)
    expect(op.requests).toContain('POST /token')
    expect(op.requests).not.toContain('GET /userinfo')
  })

  it('a UserInfo sub that differs from the ID token: 401 userinfo_invalid, nothing stored', async () => {
    op.behaviour.userinfoSub = 'mallory'
    const response = await login()
    expect(response.status).toBe(401)
    expect(lastError?.code).toBe('userinfo_invalid')
    expect(storage.size).toBe(0)
    expect(op.requests.at(-1)).toBe('GET /userinfo')
  })
})

describe('the RFC 9207 iss response parameter (advertised)', () => {
  it.each([
    ['wrong', 'issuer_mismatch'],
    ['missing', 'issuer_missing'],
  ] as const)('%s: 400 %s before any token request', async (mode, code) => {
    op.behaviour.issParameter = mode
    const response = await login()
    expect(response.status).toBe(400)
    expect(lastError?.code).toBe(code)
    expect(storage.size).toBe(0)
    expect(op.requests).not.toContain('POST /token')
  })
})

describe('ID tokens and token responses the client must accept', () => {
  const cases: Array<[string, Setup]> = [
    ['aud as a one-element array', withClaims({ aud: ['rp'] })],
    ['token_type in another case', set('tokenResponse', (body) => ({ ...body, token_type: 'BEARER' }))],
    ['no expires_in', set('tokenResponse', ({ expires_in: _dropped, ...body }) => body)],
    [
      'a single key without kid',
      async (b) => {
        const bare = spare.withoutKid
        b.jwks = [bare]
        b.signWith = bare
      },
    ],
    [
      'an ES256 signature the provider advertises',
      async (b) => {
        b.signWith = published(b, spare.es256)
      },
    ],
  ]
  it.each(cases)('%s', async (_name, setup) => {
    await setup(op.behaviour)
    const response = await login()
    expect(lastError?.message).toBeUndefined()
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/')
    expect(storage.size).toBe(1)
    expect(op.requests.at(-1)).toBe('GET /userinfo')
  })
})

/** Publishes `extra` next to the default key and returns it. */
function published(b: JoseOpBehaviour, extra: TestKey): TestKey {
  b.jwks = [key, extra]
  return extra
}

describe('refreshed ID tokens', () => {
  async function loggedInWithExpiringToken(): Promise<HttpBrowser> {
    const browser = new HttpBrowser()
    expect((await login(browser)).status).toBe(302)
    // Expired in storage: the next use of the token refreshes it.
    const stored = storage.get({ provider: 'jose' })!
    storage.set({ provider: 'jose' }, { ...stored, expires_at: now() - 10 })
    return browser
  }

  it('keeps the login ID token when the refresh response has none', async () => {
    const browser = await loggedInWithExpiringToken()
    const before = storage.get({ provider: 'jose' })
    const me = await browser.fetch(`${app.origin}/me`)
    expect(me.status).toBe(200)
    expect(((await me.json()) as { sub: string }).sub).toBe('alice')
    const after = storage.get({ provider: 'jose' })
    expect(after?.access_token).not.toBe(before?.access_token)
    expect(after?.id_token).toBe(before?.id_token)
  })

  it('accepts a refreshed ID token for the same user', async () => {
    const browser = await loggedInWithExpiringToken()
    op.behaviour.refresh = { idToken: true }
    expect((await browser.fetch(`${app.origin}/me`)).status).toBe(200)
  })

  it.each([
    ['sub', { idToken: true, sub: 'mallory' }],
    ['iss', { idToken: true, iss: 'http://127.0.0.1:1/other' }],
  ] as const)(
    'refuses a refreshed ID token with another %s and keeps the old token',
    async (_claim, refresh) => {
      const browser = await loggedInWithExpiringToken()
      const before = storage.get({ provider: 'jose' })
      op.behaviour.refresh = { ...refresh }
      const me = await browser.fetch(`${app.origin}/me`)
      expect(me.status).toBe(401)
      expect(await me.text()).toBe('id_token_invalid')
      expect(storage.get({ provider: 'jose' })).toEqual(before)
      expect(op.requests.at(-1)).toBe('POST /token')
    },
  )
})

describe('discovery', () => {
  it('refuses a document whose issuer is not the configured one: 502 discovery_failed, no redirect', async () => {
    op.behaviour.documentIssuer = `${op.issuer}/`
    const other = makeOidcBlueprint({
      name: 'jose-mismatch',
      issuer: op.issuer,
      ...CLIENT,
      allowInsecureRequests: true,
    })
    let failure: DanceError | undefined
    other.hooks = {
      error: ({ error }) => {
        failure = error
      },
    }
    const mini = await startExpressApp((express) => void express.use(dance(other)))
    try {
      const response = await new HttpBrowser().fetch(`${mini.origin}/login/jose-mismatch`)
      expect(response.status).toBe(502)
      expect(failure?.code).toBe('discovery_failed')
      expect(failure?.message).toContain('names another issuer')
      // The document's issuer is the provider's text: in providerDetail, not in the message.
      expect(failure?.providerDetail).toBe(`${op.issuer}/`)
      expect(op.requests).toEqual(['GET /.well-known/openid-configuration'])
    } finally {
      await mini.close()
    }
  })
})

/** A second blueprint on its own app (its own discovery and JWKS cache), for option variants. */
async function withBlueprint(
  options: Partial<Parameters<typeof makeOidcBlueprint>[0]> & { name: string },
  run: (login: () => Promise<Response>, codes: string[]) => Promise<void>,
): Promise<void> {
  const variant = makeOidcBlueprint({ issuer: op.issuer, ...CLIENT, allowInsecureRequests: true, ...options })
  variant.storage = new MemoryStorage({ singleUser: true })
  const codes: string[] = []
  variant.hooks = {
    error: ({ error }) => {
      codes.push(error.code)
    },
  }
  const mini = await startExpressApp((express) => void express.use(dance(variant)))
  const variantLogin = async () => {
    const browser = new HttpBrowser()
    const start = await browser.fetch(`${mini.origin}/login/${options.name}`)
    const authorize = await browser.fetch(start.headers.get('location')!)
    return browser.fetch(authorize.headers.get('location')!)
  }
  try {
    await run(variantLogin, codes)
  } finally {
    await mini.close()
  }
}

describe('JWKS re-fetch policy', () => {
  const jwksFetches = () => op.requests.filter((r) => r === 'GET /jwks').length

  it('re-fetches once for an unknown kid, then not again for that kid during the cooldown', async () => {
    await withBlueprint({ name: 'jose-storm' }, async (stormLogin, codes) => {
      expect((await stormLogin()).status).toBe(302)
      expect(jwksFetches()).toBe(1)
      op.behaviour.signWith = spare.unpublished[0]!
      expect((await stormLogin()).status).toBe(401)
      expect(jwksFetches()).toBe(2)
      expect((await stormLogin()).status).toBe(401)
      expect((await stormLogin()).status).toBe(401)
      expect(jwksFetches()).toBe(2)
      expect(codes).toEqual(['id_token_invalid', 'id_token_invalid', 'id_token_invalid'])
    })
  })

  it('finds a key the provider rotates to right after a token with an unknown kid (issue 12 #6)', async () => {
    await withBlueprint({ name: 'jose-rotate-after-bogus' }, async (rotateLogin, codes) => {
      expect((await rotateLogin()).status).toBe(302)
      // A token naming a key nobody publishes: one fruitless forced re-fetch.
      op.behaviour.signWith = spare.unpublished[0]!
      expect((await rotateLogin()).status).toBe(401)
      expect(jwksFetches()).toBe(2)
      // Seconds later the provider genuinely rotates: the real new key must be found at once.
      const rotated = spare.unpublished[1]!
      op.behaviour.jwks = [rotated]
      op.behaviour.signWith = rotated
      expect((await rotateLogin()).status).toBe(302)
      expect(jwksFetches()).toBe(3)
      expect(codes).toEqual(['id_token_invalid'])
    })
  })

  it('a flood of ever-new made-up kids costs a bounded number of JWKS fetches', async () => {
    await withBlueprint({ name: 'jose-kid-flood' }, async (floodLogin, codes) => {
      expect((await floodLogin()).status).toBe(302)
      const before = jwksFetches()
      const answers: number[] = []
      for (let i = 0; i < 24; i++) {
        // Same (unpublished) key material, a fresh random kid in every token.
        op.behaviour.signWith = { ...spare.es256, kid: `flood-${i}-${Math.random().toString(36).slice(2)}` }
        answers.push((await floodLogin()).status)
      }
      expect(answers.every((status) => status === 401)).toBe(true)
      expect(codes).toHaveLength(24)
      // At most four forced re-fetches per 30 s window, however many kids.
      expect(jwksFetches() - before).toBeLessThanOrEqual(4)
      expect(jwksFetches() - before).toBeGreaterThan(0)
    })
  })
})

describe('JWKS re-fetch under concurrency', () => {
  it('logins that meet a rotated key at once share one JWKS fetch', async () => {
    const jwksFetches = () => op.requests.filter((r) => r === 'GET /jwks').length
    await withBlueprint({ name: 'jose-concurrent' }, async (concurrentLogin, codes) => {
      expect((await concurrentLogin()).status).toBe(302)
      const rotated = spare.unpublished[0]!
      op.behaviour.jwks = [rotated]
      op.behaviour.signWith = rotated
      const answers = await Promise.all(Array.from({ length: 6 }, () => concurrentLogin()))
      expect(answers.map((r) => r.status)).toEqual([302, 302, 302, 302, 302, 302])
      expect(codes).toEqual([])
      expect(jwksFetches()).toBe(2)
    })
  })
})

describe('max_age and auth_time', () => {
  it('sends max_age, then requires a recent auth_time', async () => {
    await withBlueprint({ name: 'jose-max-age', maxAge: 60 }, async (maxAgeLogin, codes) => {
      op.behaviour.claims = ({ claims }) => ({ ...claims, auth_time: now() - 5 })
      expect((await maxAgeLogin()).status).toBe(302)
      op.behaviour.claims = ({ claims }) => ({ ...claims, auth_time: now() - 3600 })
      expect((await maxAgeLogin()).status).toBe(401)
      op.behaviour.claims = ({ claims }) => {
        const { auth_time: _dropped, ...rest } = claims
        return rest
      }
      expect((await maxAgeLogin()).status).toBe(401)
      expect(codes).toEqual(['id_token_invalid', 'id_token_invalid'])
    })
  })
})

describe('signing algorithms by configuration', () => {
  it('accepts alg none only when registered so', async () => {
    op.behaviour.signWith = 'none'
    await withBlueprint(
      { name: 'jose-unsigned', idTokenSignedResponseAlg: 'none' },
      async (unsignedLogin, codes) => {
        expect((await unsignedLogin()).status).toBe(302)
        expect(codes).toEqual([])
      },
    )
  })

  it('verifies HS256 ID tokens with the client secret', async () => {
    op.behaviour.signWith = { hmac: CLIENT.clientSecret }
    expect((await login()).status).toBe(302)
    op.behaviour.signWith = { hmac: 'not-the-client-secret' }
    expect((await login()).status).toBe(401)
    expect(lastError?.code).toBe('id_token_invalid')
  })
})
