/**
 * Cloudflare Workers: a Hono app using the built package runs in a real workerd process (Miniflare)
 * and does the whole dance against oidc-provider on Node: login, the provider's login and consent,
 * the callback's code exchange over workerd's `fetch`, the token kept in a KV namespace, and an API
 * call through the request-scoped client with that token. Needs `npm run build` first (the worker is
 * bundled from dist/, as an app bundles the installed package); without dist/ or a workerd binary the
 * test is skipped, and under CI=true it fails instead.
 */
import { execFileSync } from 'node:child_process'
import { createHmac, createPublicKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { jwtVerify } from 'jose'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../support/free-port.js'
import { HttpBrowser } from '../../support/http-browser.js'
import { type OidcProviderHandle, startOidcProvider } from '../../support/oidc-provider.js'
import { type Bundle, bundleWorker, root } from './workerd/bundle.js'

/** The compatibility date the worker declares (wrangler.toml `compatibility_date`). */
const COMPATIBILITY_DATE = '2026-04-01'

/** The first src/ file changed after its dist/ output was built, or undefined when dist/ is current. */
function staleSource(dir = join(root, 'src')): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      const stale = staleSource(path)
      if (stale !== undefined) return stale
    } else if (entry.name.endsWith('.ts')) {
      const built = join(root, 'dist', relative(join(root, 'src'), path)).replace(/\.ts$/, '.js')
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(path).mtimeMs) return relative(root, path)
    }
  }
  return undefined
}

function unavailable(): string | undefined {
  const stale = staleSource()
  if (stale !== undefined) return `dist/ is missing or older than ${stale} (npm run build)`
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'workerd'), ['--version'], { stdio: 'ignore' })
  } catch {
    return 'the workerd binary does not run here'
  }
  return undefined
}

const missing = unavailable()
if (missing !== undefined) {
  if (process.env.CI === 'true') throw new Error(`workerd end-to-end is required under CI=true: ${missing}`)
  console.warn(`Skipping the workerd end-to-end test: ${missing}`)
}

/** The part of Miniflare's KV namespace the test reads. */
interface KvList {
  list(): Promise<{ keys: Array<{ name: string }> }>
  get(key: string): Promise<string | null>
}

describe.skipIf(missing !== undefined)('a Hono app in workerd (Cloudflare Workers)', () => {
  let bundle: Bundle
  let op: OidcProviderHandle
  let mf: Miniflare
  let app: string
  const pem = { type: 'pkcs8', format: 'pem' } as const
  const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export(pem) as string
  const rsaKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export(pem) as string

  beforeAll(async () => {
    bundle = await bundleWorker()
    const port = await freePort()
    app = `http://127.0.0.1:${port}`
    op = await startOidcProvider({
      clients: [
        {
          client_id: 'app',
          client_secret: 'app-secret',
          redirect_uris: [`${app}/login/local/authorized`],
          grant_types: ['authorization_code', 'refresh_token'],
        },
      ],
    })
    mf = new Miniflare({
      modules: true,
      script: bundle.code,
      compatibilityDate: COMPATIBILITY_DATE,
      compatibilityFlags: ['nodejs_compat'],
      kvNamespaces: ['TOKENS'],
      bindings: {
        ISSUER: op.issuer,
        OAUTH_DANCE_PUBLIC_URL: app,
        OAUTH_DANCE_SECRET: randomBytes(32).toString('base64url'),
        OAUTH_DANCE_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64')}`,
        EC_KEY: ecKey,
        RSA_KEY: rsaKey,
        LOCAL_OAUTH_CLIENT_ID: 'app',
        LOCAL_OAUTH_CLIENT_SECRET: 'app-secret',
      },
      host: '127.0.0.1',
      port,
    })
    const url = await mf.ready
    expect(url.origin).toBe(app)
  })

  afterAll(async () => {
    await mf?.dispose()
    await op?.close()
  })

  it('bundles the built package with the global-fetch back channel, not undici', () => {
    expect(bundle.inputs).toContain('dist/protocol/web-transport.js')
    expect(bundle.inputs).toContain('dist/adapters/hono.js')
    expect(bundle.inputs.filter((input) => input.startsWith('src/'))).toEqual([])
    expect(bundle.inputs.filter((input) => /node-transport|node_modules\/undici\//.test(input))).toEqual([])
  })

  it('logs in, stores the token in KV and calls the API with it', async () => {
    const browser = new HttpBrowser()
    expect((await browser.fetch(`${app}/signin?as=alice`)).status).toBe(200)

    const first = await browser.fetch(`${app}/`)
    expect(first.status).toBe(302)
    expect(first.headers.get('location')).toBe('/login/local')
    await first.body?.cancel()

    const login = await browser.fetch(`${app}/login/local`)
    expect(login.status).toBe(302)
    const authorize = new URL(login.headers.get('location')!)
    expect(authorize.origin).toBe(op.issuer)
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${app}/login/local/authorized`)
    await login.body?.cancel()

    // The provider's login and consent pages, then the callback in the worker (code exchange, ID token).
    const callback = await browser.loginWithOidcProvider(`${app}/login/local`, 'alice', app)
    const callbackBody = await callback.text()
    expect(callback.status, callbackBody).toBe(302)

    // What KV holds, read from outside the worker (the type lives in @cloudflare/workers-types).
    const kv = (await mf.getKVNamespace('TOKENS')) as unknown as KvList
    const keys = (await kv.list()).keys.map((key) => key.name)
    expect(keys).toEqual([`token:${JSON.stringify(['local', 'alice', null])}`])
    // Sealed at rest (AES-256-GCM through workerd's node:crypto): no token text in KV.
    const stored = (await kv.get(keys[0]!)) ?? ''
    expect(stored.startsWith('enc:v1:')).toBe(true)
    expect(stored).not.toContain('access_token')

    // The request-scoped client reads the KV token and calls the provider's UserInfo endpoint.
    const home = await browser.fetch(`${app}/`)
    const homeBody = await home.text()
    expect(home.status, homeBody).toBe(200)
    expect(JSON.parse(homeBody)).toEqual({ sub: 'alice', name: 'User alice' })
  })

  it("signs Apple's client secret and OAuth 1.0a requests; an RSA key file is Node's alone", async () => {
    const features = (await (await fetch(`${app}/features`)).json()) as Record<string, string>
    const apple = await jwtVerify(features.appleClientSecret!, createPublicKey(ecKey), {
      algorithms: ['ES256'],
      issuer: 'TEAM',
      audience: 'https://appleid.apple.com',
    })
    expect(apple.payload.sub).toBe('app')
    expect(features.hmacSha1).toBe(createHmac('sha1', 'cs&ts').update('base').digest('base64'))
    expect(
      verify('sha1', Buffer.from('base'), createPublicKey(rsaKey), Buffer.from(features.rsaSha1!, 'base64')),
    ).toBe(true)
    // workerd's node:fs is a virtual file system: a key path names no file there.
    expect(features.rsaKeyFromPath).toBe('DanceError config_invalid')
  })

  it('keeps each app user apart: another user has no token', async () => {
    const browser = new HttpBrowser()
    await browser.fetch(`${app}/signin?as=bob`)
    const home = await browser.fetch(`${app}/`)
    expect(home.status).toBe(302)
    expect(home.headers.get('location')).toBe('/login/local')
  })
})
