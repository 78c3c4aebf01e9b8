/**
 * A real login on Bun and on Deno: the Hono and Express apps of this folder, started under each
 * runtime and importing the BUILT package by name (its package.json exports), log in against
 * oidc-provider and the OAuth 1.0a stand-in (both on Node, in this process), then call both APIs
 * through the request-scoped clients, the OpenID one refreshing a short-lived token first, with the
 * tokens in SQLite (the runtime's own driver) and in Redis. The runtimes come as devDependencies;
 * under CI=true a missing one fails instead of skipping.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { createClient } from '@keyv/redis'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../support/free-port.js'
import { HttpBrowser } from '../../support/http-browser.js'
import { type OAuth1ProviderHandle, startOAuth1Provider } from '../../support/oauth1-provider.js'
import { type OidcProviderHandle, startOidcProvider } from '../../support/oidc-provider.js'
import { SERVICES, serviceAvailable } from '../../support/services.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const here = fileURLToPath(new URL('./', import.meta.url))
const RUNTIMES = ['bun', 'deno'] as const
const FRAMEWORKS = ['hono', 'express'] as const
const STORAGES = ['sql', 'redis'] as const
type Runtime = (typeof RUNTIMES)[number]
// Access tokens live 2 s, so they are refreshed once less than 1 s is left (the refresh margin is at
// most half a token's lifetime): the test waits that long before each API call.
const ACCESS_TOKEN_TTL = 2
const UNTIL_REFRESH_DUE_MS = 1_200
const COMPRESSED = new Set(['/token', '/me'])
const CONSUMER = { key: 'runtime-e2e', secret: 'runtime-e2e-consumer-secret' }

function binary(runtime: Runtime): string | undefined {
  const path = join(root, 'node_modules', '.bin', runtime)
  if (existsSync(path)) return path
  if (process.env.CI === 'true')
    throw new Error(`${runtime} is required under CI=true: run npm ci (it is a devDependency).`)
  console.warn(`[tests] ${runtime} is not installed: skipping its end-to-end login.`)
  return undefined
}

/** The command line that runs `app` under `runtime`. */
function command(runtime: Runtime, app: string): string[] {
  if (runtime === 'bun') return ['--tsconfig-override', join(here, 'tsconfig.bun.json'), app]
  // --sloppy-imports: the apps import each other as `./x.js`, as tsc wants; the files are `.ts`.
  return ['run', '--allow-all', '--sloppy-imports', app]
}

function newest(dir: string): number {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

/** Builds dist/ unless it is newer than every source file: the apps must run what src/ says. */
function ensureBuilt(): void {
  const built = join(root, 'dist', 'index.js')
  if (existsSync(built) && statSync(built).mtimeMs >= newest(join(root, 'src'))) return
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  )
}

interface RunningApp {
  origin: string
  output: () => string
  stop(): Promise<void>
}

async function startApp(
  runtime: Runtime,
  bin: string,
  app: string,
  env: Record<string, string>,
): Promise<RunningApp> {
  const child: ChildProcess = spawn(bin, command(runtime, join(here, app)), {
    cwd: root,
    env: { ...process.env, ...env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  const deadline = Date.now() + 30_000
  while (!/listening on http:/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`${runtime} ${app} did not start:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { origin: `http://127.0.0.1:${env.PORT}`, output: () => output, stop }
}

/** Approves the OAuth 1.0a login at the stand-in as `user` and returns the app's callback answer. */
async function loginWithOAuth1(browser: HttpBrowser, origin: string, user: string): Promise<Response> {
  const start = await browser.fetch(`${origin}/login/local-oauth1`)
  expect(start.status).toBe(302)
  const authorize = new URL(start.headers.get('location')!)
  const page = await browser.fetch(authorize)
  expect(page.status).toBe(200)
  await page.body?.cancel()
  const token = authorize.searchParams.get('oauth_token')!
  const approved = await browser.fetch(new URL('/oauth/authorize', authorize), {
    method: 'POST',
    body: new URLSearchParams({ oauth_token: token, user, decision: 'approve' }),
  })
  expect(approved.status).toBe(303)
  const callback = new URL(approved.headers.get('location')!)
  expect(callback.origin).toBe(origin)
  return browser.fetch(callback)
}

/** The token column of every row in the SQLite file. */
function sqlTokens(file: string): string[] {
  const db = new Database(file, { readonly: true })
  try {
    return db
      .prepare('select token from oauth_tokens')
      .all()
      .map((row) => String((row as { token: unknown }).token))
  } finally {
    db.close()
  }
}

/** Every value stored in the Keyv namespace on Redis. */
async function redisTokens(namespace: string): Promise<string[]> {
  const redis = createClient({ url: SERVICES.redis.url })
  await redis.connect()
  try {
    const keys = await redis.keys(`${namespace}:*`)
    const values = await Promise.all(keys.map((key) => redis.get(key)))
    return values.map((value) => {
      const entry = JSON.parse(String(value)) as { value?: unknown }
      return String(entry.value ?? value)
    })
  } finally {
    await redis.close()
  }
}

const available = Object.fromEntries(RUNTIMES.map((runtime) => [runtime, binary(runtime)])) as Record<
  Runtime,
  string | undefined
>
const redis = await serviceAvailable('redis')
const cases = RUNTIMES.flatMap((runtime) =>
  FRAMEWORKS.flatMap((framework) => STORAGES.map((storage) => ({ runtime, framework, storage }))),
)

describe.skipIf(RUNTIMES.every((runtime) => !available[runtime]))('a real login on Bun and Deno', () => {
  let op: OidcProviderHandle
  let oauth1: OAuth1ProviderHandle
  const ports = new Map<string, number>()
  const dataDir = mkdtempSync(join(tmpdir(), 'oauth-dance-runtimes-'))
  let refreshes = 0
  let gzipped = 0

  beforeAll(async () => {
    ensureBuilt()
    for (const c of cases) ports.set(`${c.runtime}-${c.framework}-${c.storage}`, await freePort())
    op = await startOidcProvider({
      accessTokenTtl: ACCESS_TOKEN_TTL,
      clients: [
        {
          client_id: 'app',
          client_secret: 'app-secret',
          grant_types: ['authorization_code', 'refresh_token'],
          redirect_uris: [...ports.values()].map((port) => `http://127.0.0.1:${port}/login/local/authorized`),
        },
      ],
    })
    // Like most real providers, its token endpoint and API compress what they answer when asked to.
    op.provider.use(async (ctx, next) => {
      await next()
      if (!COMPRESSED.has(ctx.path) || !/\bgzip\b/.test(ctx.get('accept-encoding')) || ctx.body == null)
        return
      const type = ctx.type || 'application/json'
      const raw =
        typeof ctx.body === 'string' || Buffer.isBuffer(ctx.body) ? ctx.body : JSON.stringify(ctx.body)
      ctx.body = gzipSync(raw)
      ctx.type = type
      ctx.set('content-encoding', 'gzip')
      gzipped++
    })
    // Koa composes its middleware when the request listener is made: make it again with ours in.
    op.server.removeAllListeners('request')
    op.server.on('request', op.provider.callback())
    op.provider.on('grant.success', (ctx) => {
      if (ctx.oidc.params?.grant_type === 'refresh_token') refreshes++
    })
    oauth1 = await startOAuth1Provider({ consumers: [CONSUMER] })
  })

  afterAll(async () => {
    await op?.close()
    await oauth1?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  for (const { runtime, framework, storage } of cases) {
    const skip = !available[runtime] || (storage === 'redis' && !redis)
    it.skipIf(skip)(`${runtime}: ${framework} app, tokens in ${storage}`, { timeout: 90_000 }, async () => {
      const started = performance.now()
      const gzippedBefore = gzipped
      const port = ports.get(`${runtime}-${framework}-${storage}`)!
      const env = {
        PORT: String(port),
        OAUTH_DANCE_PUBLIC_URL: `http://127.0.0.1:${port}`,
        ISSUER: op.issuer,
        OAUTH1_ORIGIN: oauth1.origin,
        OAUTH1_KEY: CONSUMER.key,
        OAUTH1_SECRET: CONSUMER.secret,
        STORAGE: storage,
        SQLITE_FILE: join(dataDir, `${runtime}-${framework}.db`),
        REDIS_URL: SERVICES.redis.url,
        REDIS_NAMESPACE: `oauth-dance-runtimes-${randomBytes(6).toString('hex')}`,
        DANCE_SECRET: randomBytes(32).toString('base64url'),
        OAUTH_DANCE_TOKEN_KEYS: `e2e:${randomBytes(32).toString('base64')}`,
      }
      const app = await startApp(runtime, available[runtime]!, `${framework}-app.ts`, env)
      try {
        const booted = performance.now()
        expect(app.output()).toContain(`(${runtime})`)
        const user = `${runtime}-${framework}-${storage}`.replace(/-/g, '_')
        const browser = new HttpBrowser()
        const signin = await browser.fetch(`${app.origin}/signin?uid=${user}`)
        expect(signin.status).toBe(200)

        const oidcCallback = await browser.loginWithOidcProvider(
          `${app.origin}/login/local`,
          user,
          app.origin,
        )
        expect(oidcCallback.status, `${await oidcCallback.clone().text()}\n${app.output()}`).toBe(302)
        expect(new URL(oidcCallback.headers.get('location')!, app.origin).pathname).toBe('/')
        const oauth1Callback = await loginWithOAuth1(browser, app.origin, user)
        expect(oauth1Callback.status, `${await oauth1Callback.clone().text()}\n${app.output()}`).toBe(302)

        // Two calls: the second refresh spends the refresh token the first one stored (the provider
        // rotates them and refuses a spent one), so the storage really kept the refreshed token.
        for (let call = 1; call <= 2; call++) {
          await new Promise((resolve) => setTimeout(resolve, UNTIL_REFRESH_DUE_MS))
          const before = refreshes
          const api = await browser.fetch(`${app.origin}/api`)
          const body = (await api.json()) as Record<string, unknown>
          expect(api.status, `${JSON.stringify(body)}\n${app.output()}`).toBe(200)
          expect(body.runtime).toBe(runtime)
          expect(body.oidc).toEqual({ status: 200, body: expect.objectContaining({ sub: user }) })
          expect(body.oauth1).toEqual({ status: 200, body: expect.objectContaining({ screen_name: user }) })
          expect(refreshes - before).toBe(1)
        }
        // The runtime's fetch asks for compressed answers, so the app decoded some (the check is that
        // it still got the right answers above).
        expect(gzipped).toBeGreaterThan(gzippedBefore)
        console.log(
          `[runtimes] ${runtime} ${framework} ${storage}: started in ${Math.round(booted - started)} ms, ` +
            `two logins and two refreshing API calls in ${Math.round(performance.now() - booted)} ms`,
        )
      } finally {
        await app.stop()
      }
      // Both tokens were stored, sealed by the library under that runtime.
      const stored = storage === 'sql' ? sqlTokens(env.SQLITE_FILE) : await redisTokens(env.REDIS_NAMESPACE)
      expect(stored).toHaveLength(2)
      for (const value of stored) expect(value).toMatch(/^enc:v1:/)
    })
  }
})
