/**
 * A Cloudflare Worker as docs/runtimes-workers.md tells a Hono user to write it: oauth-dance imported
 * by its package name (bundled from the built package with workerd's conditions), tokens in a KV
 * namespace through a three-method storage, the app's own user from a cookie. workerd.test.ts bundles
 * this file and runs it in workerd through Miniflare.
 */

import { type Context, Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import {
  isDanceError,
  makeOidcBlueprint,
  scopedClient,
  type Token,
  type TokenKey,
  type TokenStorage,
} from 'oauth-dance'
import { dance } from 'oauth-dance/hono'
import { computeSignature, loadRsaPrivateKey } from 'oauth-dance/oauth1'
import { appleClientSecret } from 'oauth-dance/providers/apple'
import { decodeToken, encodeToken, TokenEncryption } from 'oauth-dance/storage/encryption'

/** The part of a Workers KV namespace this storage uses (`KVNamespace` in @cloudflare/workers-types). */
interface KvNamespace {
  get(key: string, type: 'text'): Promise<string | null>
  put(key: string, value: string): Promise<void>
  delete(key: string): Promise<void>
}

/** The worker's bindings (wrangler.toml `[vars]`, secrets and `[[kv_namespaces]]`). */
interface Bindings {
  TOKENS: KvNamespace
  ISSUER: string
  OAUTH_DANCE_PUBLIC_URL: string
  OAUTH_DANCE_SECRET: string
  OAUTH_DANCE_TOKEN_KEYS: string
  /** PEM keys for the /features probe: an EC P-256 key (Apple) and an RSA key (OAuth 1.0a RSA-SHA1). */
  EC_KEY: string
  RSA_KEY: string
  LOCAL_OAUTH_CLIENT_ID: string
  LOCAL_OAUTH_CLIENT_SECRET: string
  [name: string]: unknown
}

/** Tokens in Workers KV, one value per user, provider and account, sealed with the app's token keys. */
class KvTokenStorage implements TokenStorage {
  constructor(
    private readonly kv: KvNamespace,
    private readonly encryption: TokenEncryption,
  ) {}

  async get(key: TokenKey): Promise<Token | undefined> {
    const stored = await this.kv.get(nameOf(key), 'text')
    return stored === null ? undefined : decodeToken(key, stored, { encryption: this.encryption })
  }

  async set(key: TokenKey, token: Token): Promise<void> {
    await this.kv.put(nameOf(key), encodeToken(key, token, { encryption: this.encryption }))
  }

  async delete(key: TokenKey): Promise<void> {
    await this.kv.delete(nameOf(key))
  }
}

/** One KV key per token key; JSON keeps ids containing any separator apart. */
function nameOf(key: TokenKey): string {
  return `token:${JSON.stringify([key.provider, key.userId ?? null, key.accountId ?? null])}`
}

const local = scopedClient('local')

/** The app, built on the first request: bindings arrive with the request, not at module load. */
function makeApp(env: Bindings): Hono {
  const blueprint = makeOidcBlueprint({
    name: 'local',
    issuer: env.ISSUER,
    scope: ['openid', 'profile'],
    authorizationParams: { prompt: 'consent' },
    baseUrl: env.ISSUER,
    storage: new KvTokenStorage(
      env.TOKENS,
      TokenEncryption.fromEnv(env as unknown as Record<string, string>),
    ),
    // A real app reads its own signed session cookie here; the test signs in with /signin?as=<id>.
    user: ({ native }) => getCookie(native as Context, 'uid') || undefined,
    userRequired: true,
    // Client id and secret, the transaction secret and the public URL come from the bindings.
    env: env as unknown as Record<string, string | undefined>,
    // The test's provider is http on 127.0.0.1.
    allowInsecureRequests: true,
  })
  const app = new Hono()
  app.use(dance(blueprint))
  app.get('/signin', (c) => {
    setCookie(c, 'uid', c.req.query('as') ?? '', { httpOnly: true, path: '/' })
    return c.text('signed in')
  })
  app.get('/', async (c) => {
    if (!(await local.authorized())) return c.redirect('/login/local')
    const me = (await (await local.get('/me')).json()) as { sub: string; name: string }
    return c.json({ sub: me.sub, name: me.name })
  })
  // The node:crypto and node:fs uses of options other than this app's, run here so workerd's answer
  // is checked (docs/runtimes-workers.md lists them).
  app.get('/features', async (c) => {
    const outcome = (run: () => string): string => {
      try {
        return run()
      } catch (error) {
        return isDanceError(error) ? `DanceError ${error.code}` : `Error ${String(error)}`
      }
    }
    const settled = async (run: () => Promise<string>): Promise<string> => {
      try {
        return await run()
      } catch (error) {
        return isDanceError(error) ? `DanceError ${error.code}` : `Error ${String(error)}`
      }
    }
    const rsa = loadRsaPrivateKey(env.RSA_KEY, 'probe')
    return c.json({
      appleClientSecret: await settled(() =>
        appleClientSecret({
          teamId: 'TEAM',
          keyId: 'KEY',
          clientId: 'app',
          privateKey: env.EC_KEY,
          now: Math.floor(Date.now() / 1000),
          ttl: 600,
        }),
      ),
      hmacSha1: outcome(() =>
        computeSignature('HMAC-SHA1', 'base', { consumerSecret: 'cs', tokenSecret: 'ts' }),
      ),
      rsaSha1: outcome(() => computeSignature('RSA-SHA1', 'base', { privateKey: rsa })),
      rsaKeyFromPath: outcome(() => loadRsaPrivateKey('/keys/consumer.pem', 'probe').type),
    })
  })
  return app
}

let app: Hono | undefined

export default {
  fetch(request: Request, env: Bindings, ctx: unknown): Response | Promise<Response> {
    app ??= makeApp(env)
    return app.fetch(request, env, ctx as never)
  },
}
