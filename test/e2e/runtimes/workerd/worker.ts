/**
 * A Cloudflare Worker as docs/runtimes-workers.md tells a Hono user to write it: oauth-dance imported
 * by its package name (bundled from the built package with workerd's conditions), tokens in a KV
 * namespace through a three-method storage, the app's own user from a cookie. workerd.test.ts bundles
 * this file and runs it in workerd through Miniflare.
 */
import { type Context, Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { makeOidcBlueprint, scopedClient, type Token, type TokenKey, type TokenStorage } from 'oauth-dance'
import { dance } from 'oauth-dance/hono'

/** The part of a Workers KV namespace this storage uses (`KVNamespace` in @cloudflare/workers-types). */
interface KvNamespace {
  get(key: string, type: 'json'): Promise<unknown>
  put(key: string, value: string): Promise<void>
  delete(key: string): Promise<void>
}

/** The worker's bindings (wrangler.toml `[vars]`, secrets and `[[kv_namespaces]]`). */
interface Bindings {
  TOKENS: KvNamespace
  ISSUER: string
  OAUTH_DANCE_PUBLIC_URL: string
  OAUTH_DANCE_SECRET: string
  LOCAL_OAUTH_CLIENT_ID: string
  LOCAL_OAUTH_CLIENT_SECRET: string
  [name: string]: unknown
}

/** Tokens in Workers KV, one JSON value per user, provider and account. */
class KvTokenStorage implements TokenStorage {
  constructor(private readonly kv: KvNamespace) {}

  async get(key: TokenKey): Promise<Token | undefined> {
    return ((await this.kv.get(nameOf(key), 'json')) as Token | null) ?? undefined
  }

  async set(key: TokenKey, token: Token): Promise<void> {
    await this.kv.put(nameOf(key), JSON.stringify(token))
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
    storage: new KvTokenStorage(env.TOKENS),
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
  app.get('/stored', async (c) => {
    const key = nameOf({ provider: 'local', userId: getCookie(c, 'uid') })
    const token = (await env.TOKENS.get(key, 'json')) as Token | null
    return c.json({ stored: token !== null && typeof token.access_token === 'string' })
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
