/**
 * Provider rules that need real ID tokens, against our test provider (test/support/jose-op.ts): Google's
 * hosted domain, Microsoft Entra ID's multi-tenant issuer, and Apple's form_post callback with its
 * signed client secret.
 */
import { jwtVerify } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import type { Blueprint } from '../../src/consumer/blueprint.js'
import type { AuthorizedContext } from '../../src/consumer/hooks.js'
import { makeOidcBlueprint } from '../../src/consumer/oidc-blueprint.js'
import type { DanceError } from '../../src/errors.js'
import { makeAppleBlueprint } from '../../src/providers/apple.js'
import { makeGoogleBlueprint } from '../../src/providers/google.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'
import { type JoseOp, startJoseOp } from '../support/jose-op.js'
import { appleKeyPair } from './apple-key.js'

const TENANT = '11111111-2222-3333-4444-555555555555'
const apple = appleKeyPair()
let op: JoseOp
let app: TestApp
let lastError: DanceError | undefined
let lastLogin: AuthorizedContext | undefined
const storage = new MemoryStorage({ singleUser: true })
const secretsSeen: string[] = []

beforeAll(async () => {
  op = await startJoseOp({
    clientId: 'rp',
    // Plain secrets for Google and Entra; Apple's client secret must be a JWT signed with its key.
    clientSecret: async (secret) => {
      if (secret === 'rp-secret') return true
      secretsSeen.push(secret)
      try {
        await jwtVerify(secret, apple.publicKey, {
          issuer: 'TEAM123456',
          subject: 'rp',
          audience: 'https://appleid.apple.com',
          algorithms: ['ES256'],
        })
        return true
      } catch {
        return false
      }
    },
  })
  app = await startExpressApp()
  const common = {
    clientId: 'rp',
    allowInsecureRequests: true,
    storage,
    env: {},
    hooks: {
      authorized: (context: AuthorizedContext) => {
        lastLogin = context
        return undefined
      },
      error: ({ error }: { error: DanceError }) => {
        lastError = error
      },
    },
  }
  const blueprints: Blueprint[] = [
    makeGoogleBlueprint({
      ...common,
      clientSecret: 'rp-secret',
      issuer: op.issuer,
      hostedDomain: 'example.com',
    }),
    makeOidcBlueprint({
      ...common,
      name: 'entra',
      clientSecret: 'rp-secret',
      issuer: `${op.issuer}/{tenantid}/v2.0`,
      discoveryUrl: `${op.issuer}/.well-known/openid-configuration`,
      tenantIssuer: {
        placeholder: '{tenantid}',
        claim: 'tid',
        allowedTenants: [TENANT, 'aaaaaaaa-2222-3333-4444-555555555555'],
      },
    }),
    makeAppleBlueprint({
      ...common,
      issuer: op.issuer,
      teamId: 'TEAM123456',
      keyId: 'KEY1234567',
      privateKey: apple.pem,
    }),
  ]
  app.app.use(dance(...blueprints))
})

afterAll(async () => {
  await app?.close()
  await op?.close()
})

beforeEach(() => {
  op.reset()
  lastError = undefined
  lastLogin = undefined
})

/** One login through the test provider; a form_post answer is submitted as a browser would. */
async function login(name: string): Promise<Response> {
  const browser = new HttpBrowser()
  const start = await browser.fetch(`${app.origin}/login/${name}`)
  const authorize = await browser.fetch(start.headers.get('location')!)
  if (authorize.status === 302) return browser.fetch(authorize.headers.get('location')!)
  const html = await authorize.text()
  const action = /action="([^"]+)"/.exec(html)![1]!
  const fields = new URLSearchParams(
    [...html.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map(([, k, v]) => [k!, v!.replace(/&#34;/g, '"')]),
  )
  return browser.fetch(action, { method: 'POST', body: fields })
}

describe('Google hosted domain', () => {
  it.each([
    ['another domain', { hd: 'other.example' }],
    ['no hd claim (a consumer account)', {}],
  ])('refuses %s: 403 account_not_allowed, nothing stored, no UserInfo call', async (_name, extra) => {
    const before = storage.size
    op.behaviour.claims = ({ claims }) => ({ ...claims, ...extra })
    const response = await login('google')
    expect(response.status).toBe(403)
    expect(lastError?.code).toBe('account_not_allowed')
    expect(storage.size).toBe(before)
    expect(op.requests).not.toContain('GET /userinfo')
  })

  it('accepts the hosted domain', async () => {
    op.behaviour.claims = ({ claims }) => ({ ...claims, hd: 'example.com' })
    const response = await login('google')
    expect(lastError?.message).toBeUndefined()
    expect(response.status).toBe(302)
    expect(lastLogin?.claims?.hd).toBe('example.com')
  })
})

describe('Microsoft Entra ID multi-tenant issuer', () => {
  beforeEach(() => {
    op.behaviour.documentIssuer = `${op.issuer}/{tenantid}/v2.0`
    op.behaviour.advertiseIss = false
    op.behaviour.issParameter = 'missing'
  })

  it('accepts an iss naming the tid of the token', async () => {
    op.behaviour.claims = ({ claims }) => ({ ...claims, tid: TENANT, iss: `${op.issuer}/${TENANT}/v2.0` })
    const response = await login('entra')
    expect(lastError?.message).toBeUndefined()
    expect(response.status).toBe(302)
    expect(lastLogin?.claims?.tid).toBe(TENANT)
  })

  it('refuses an iss of another tenant than its tid', async () => {
    const other = 'aaaaaaaa-2222-3333-4444-555555555555'
    op.behaviour.claims = ({ claims }) => ({ ...claims, tid: TENANT, iss: `${op.issuer}/${other}/v2.0` })
    expect((await login('entra')).status).toBe(401)
    expect(lastError?.code).toBe('id_token_invalid')
  })

  it('refuses the template itself as iss', async () => {
    op.behaviour.claims = ({ claims }) => ({ ...claims, tid: TENANT, iss: `${op.issuer}/{tenantid}/v2.0` })
    expect((await login('entra')).status).toBe(401)
  })

  it('refuses a tenant outside allowedTenants: 403 account_not_allowed', async () => {
    const stranger = 'bbbbbbbb-2222-3333-4444-555555555555'
    op.behaviour.claims = ({ claims }) => ({ ...claims, tid: stranger, iss: `${op.issuer}/${stranger}/v2.0` })
    expect((await login('entra')).status).toBe(403)
    expect(lastError?.code).toBe('account_not_allowed')
    expect(op.requests).not.toContain('GET /userinfo')
  })
})

describe('Sign in with Apple', () => {
  it('posts the callback, authenticates with a signed ES256 client secret, and passes the posted name on', async () => {
    op.behaviour.postedUser = JSON.stringify({
      name: { firstName: 'Ada', lastName: 'L' },
      email: 'ada@example.test',
    })
    const response = await login('apple')
    expect(lastError?.message).toBeUndefined()
    expect(response.status).toBe(302)
    expect(secretsSeen).toHaveLength(1)
    const header = JSON.parse(Buffer.from(secretsSeen[0]!.split('.')[0]!, 'base64url').toString())
    expect(header).toEqual({ alg: 'ES256', kid: 'KEY1234567' })
    // The posted user field arrives apart from the verified claims, and never as userinfo.
    expect(lastLogin?.unverifiedUser).toEqual({
      name: { firstName: 'Ada', lastName: 'L' },
      email: 'ada@example.test',
    })
    // (The test provider has a UserInfo endpoint, unlike Apple: userinfo is its answer, nothing posted.)
    expect(lastLogin?.userinfo).toEqual({ sub: 'alice', name: 'User alice', email: 'alice@example.test' })
    expect(lastLogin?.claims?.sub).toBe('alice')
  })

  it('keeps a forged posted user (another, "verified" email) out of the verified claims (issue 12 #8)', async () => {
    // The ID token (signed by the provider) says alice's email is not verified.
    op.behaviour.claims = ({ claims }) => ({ ...claims, email: 'alice@example.test', email_verified: false })
    // What a user can post in the unsigned form field on the way back from Apple.
    op.behaviour.postedUser = JSON.stringify({
      sub: 'victim',
      email: 'victim@bank.example',
      email_verified: true,
      is_private_email: false,
      name: { firstName: 'Vic', lastName: 'Tim' },
    })
    const response = await login('apple')
    expect(lastError?.message).toBeUndefined()
    expect(response.status).toBe(302)
    const seen = lastLogin!
    // What the docs' policy (`claims?.email_verified === true || userinfo?.email_verified === true`) reads
    // is the ID token's only.
    expect(seen.claims).toMatchObject({ sub: 'alice', email: 'alice@example.test', email_verified: false })
    expect(seen.userinfo).toEqual({ sub: 'alice', name: 'User alice', email: 'alice@example.test' })
    expect(seen.claims?.email_verified === true || seen.userinfo?.email_verified === true).toBe(false)
    expect(JSON.stringify({ claims: seen.claims, userinfo: seen.userinfo })).not.toContain('victim')
    // The posted object is handed over by a name that says what it is, without email_verified or sub.
    expect(seen.unverifiedUser).toEqual({
      name: { firstName: 'Vic', lastName: 'Tim' },
      email: 'victim@bank.example',
    })
  })
})
