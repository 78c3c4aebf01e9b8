/**
 * The hostile-provider matrix: a real app (Express, Fastify or Hono) in its own process, a raw-TCP
 * provider, and for every back-channel call kind × every {@link Fault}: arm the fault, make the app
 * call that endpoint through a real route, then check that the process is alive, that it still
 * answers, that the route answered a clear 4xx/5xx in bounded time and that nothing was stored.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpBrowser } from '../../support/http-browser.js'
import { APP_TIMEOUT_MS } from './limits.js'
import { FAULTS, type Fault, type RawProvider, startRawProvider } from './raw-provider.js'

/** A running app process. */
export interface AppProcess {
  origin: string
  child: ChildProcess
  /** The tail of its stderr, for failure messages. */
  stderr(): string
  alive(): boolean
  close(): Promise<void>
}

/** Starts `app.ts` for `adapter` as a child process against `provider`. */
export async function startAppProcess(adapter: string, provider: string): Promise<AppProcess> {
  const app = fileURLToPath(new URL('./app.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', app, adapter, provider], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test' },
  })
  let errors = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4000)
  })
  const lines = createInterface({ input: child.stdout! })
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => line as string),
    once(child, 'exit').then(() => {
      throw new Error(`the ${adapter} app exited at start: ${errors}`)
    }),
  ])
  const { origin } = JSON.parse(first) as { origin: string }
  const alive = () => child.exitCode === null && child.signalCode === null
  return {
    origin,
    child,
    stderr: () => errors,
    alive,
    async close() {
      if (!alive()) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}

/** What one case needs: the app, the provider, a fresh browser that names its app user. */
interface CaseContext {
  app: AppProcess
  provider: RawProvider
  browser: HttpBrowser
  user: string
  get(path: string): Promise<Response>
}

/** One back-channel call kind: where its fault is armed, and how to make the app call it. */
interface Target {
  /** Path prefix on the provider the fault is armed for. */
  path: string
  /** Blueprint whose stored token the case may drop (revocation deletes locally by design). */
  drops?: string
  /** Brings the app to the call (with the provider behaving), arms, and makes the call. */
  run(context: CaseContext, arm: () => Promise<void>): Promise<Response>
}

/** Starts a login and returns the provider URL the login route redirected to. */
async function startLogin(context: CaseContext, blueprint: string): Promise<URL> {
  const login = await context.get(`/login/${blueprint}`)
  expect(login.status, `GET /login/${blueprint}`).toBe(302)
  return new URL(login.headers.get('location')!)
}

/** Plays the provider's redirect back: the callback with a made-up code, the login's state and nonce. */
function callback(context: CaseContext, authorization: URL): Promise<Response> {
  const target = new URL(authorization.searchParams.get('redirect_uri')!)
  const nonce = authorization.searchParams.get('nonce')
  target.searchParams.set('code', `code.${nonce ?? ''}`)
  target.searchParams.set('state', authorization.searchParams.get('state')!)
  return context.get(target.pathname + target.search)
}

/** A login that completes, so a token is stored. */
async function loggedIn(context: CaseContext, blueprint: string): Promise<void> {
  const done = await callback(context, await startLogin(context, blueprint))
  expect(done.status, `the ${blueprint} login with a behaving provider`).toBe(302)
}

/** Every outbound call the library makes, each reached through a real route of its own blueprint. */
export const TARGETS: Record<string, Target> = {
  'oauth2 token (code exchange)': {
    path: '/o2token/token',
    async run(context, arm) {
      const authorization = await startLogin(context, 'o2token')
      await arm()
      return callback(context, authorization)
    },
  },
  'oauth2 refresh': {
    path: '/o2refresh/token',
    async run(context, arm) {
      await loggedIn(context, 'o2refresh')
      await arm()
      return context.get('/t/api/o2refresh')
    },
  },
  'oauth2 revocation': {
    path: '/o2revoke/revoke',
    drops: 'o2revoke',
    async run(context, arm) {
      await loggedIn(context, 'o2revoke')
      await arm()
      return context.get('/t/revoke/o2revoke')
    },
  },
  'api call': {
    path: '/o2api/api/',
    async run(context, arm) {
      await loggedIn(context, 'o2api')
      await arm()
      return context.get('/t/api/o2api')
    },
  },
  'oidc discovery': {
    path: '/oidcdiscovery/.well-known/',
    async run(context, arm) {
      await arm()
      return context.get('/login/oidcdiscovery')
    },
  },
  'oidc jwks': {
    path: '/oidcjwks/jwks',
    async run(context, arm) {
      // A new key id makes the app fetch the JWKS at this very callback.
      context.provider.rotateKid()
      const authorization = await startLogin(context, 'oidcjwks')
      await arm()
      return callback(context, authorization)
    },
  },
  'oidc userinfo': {
    path: '/oidcuserinfo/userinfo',
    async run(context, arm) {
      const authorization = await startLogin(context, 'oidcuserinfo')
      await arm()
      return callback(context, authorization)
    },
  },
  'oauth1 request token': {
    path: '/o1request/request_token',
    async run(context, arm) {
      await arm()
      return context.get('/login/o1request')
    },
  },
  'oauth1 access token': {
    path: '/o1access/access_token',
    async run(context, arm) {
      const authorization = await startLogin(context, 'o1access')
      await arm()
      const token = authorization.searchParams.get('oauth_token')!
      return context.get(
        `/login/o1access/authorized?oauth_token=${encodeURIComponent(token)}&oauth_verifier=v`,
      )
    },
  },
}

// No case may take much longer than the app's back-channel timeout (the API call's own is twice it).
const CASE_BOUND_MS = 4 * APP_TIMEOUT_MS

/** Runs one target against one fault; returns what went wrong, or nothing. */
async function runCase(
  app: AppProcess,
  provider: RawProvider,
  target: Target,
  fault: Fault,
  user: string,
): Promise<void> {
  const browser = new HttpBrowser()
  const context: CaseContext = {
    app,
    provider,
    browser,
    user,
    get: (path) => browser.fetch(`${app.origin}${path}`, { headers: { 'x-user': user } }),
  }
  const storedForUser = async () => {
    const stored = (await (await context.get('/t/stored/-')).json()) as Record<string, string>
    return Object.fromEntries(Object.entries(stored).filter(([key]) => key.split(':')[1] === user))
  }
  const faultedBefore = provider.faulted.filter((path) => path.startsWith(target.path)).length
  let before: Record<string, string> = {}
  let started = 0
  const response = await target
    .run(context, async () => {
      before = await storedForUser()
      started = performance.now()
      provider.arm(target.path, fault)
    })
    .finally(() => provider.disarm(target.path))
  const elapsed = performance.now() - started
  const body = await response.text()
  // The fault was met, the app lives and answers, the route said no in bounded time.
  const faulted = provider.faulted.filter((path) => path.startsWith(target.path)).length
  expect(faulted, 'the armed endpoint was called').toBeGreaterThan(faultedBefore)
  expect(app.alive(), 'the app process is alive').toBe(true)
  expect(response.status, `the route's answer: ${body.slice(0, 200)}`).toBeGreaterThanOrEqual(400)
  expect(response.status).toBeLessThan(600)
  // Every failure the library reports is a DanceError (the app's own body reading is apart); only the
  // app's own deadline (its AbortSignal) may reach the app as something else.
  const unexpected = /"code":"unexpected","name":"(\w*)"/.exec(body)
  if (unexpected)
    expect(['TimeoutError', 'AbortError'], `a non-DanceError reached the app: ${body}`).toContain(
      unexpected[1],
    )
  expect(elapsed, 'answered within the bound').toBeLessThan(CASE_BOUND_MS)
  const health = await context.get('/t/health/-')
  expect(health.status, 'the next request is answered').toBe(200)
  // Nothing was stored: the user's tokens are those from before the fault (revocation drops its own).
  const expected = target.drops
    ? Object.fromEntries(Object.entries(before).filter(([key]) => !key.startsWith(`${target.drops}:`)))
    : before
  expect(await storedForUser(), 'nothing stored').toEqual(expected)
}

/**
 * Registers the matrix for one adapter on one app process: the targets run concurrently (each has its
 * own blueprint and endpoints), each through every fault in turn.
 */
export function hostileProviderMatrix(adapter: 'express' | 'fastify' | 'hono'): void {
  describe(`a hostile provider against a ${adapter} app in its own process`, () => {
    let provider: RawProvider
    let app: AppProcess
    let restarting: Promise<void> | undefined
    let counter = 0

    beforeAll(async () => {
      provider = await startRawProvider()
      app = await startAppProcess(adapter, provider.origin)
    })
    afterAll(async () => {
      await app?.close()
      await provider?.close()
    })

    // A crash fails the case that caused it; later cases get a fresh process rather than a cascade.
    const ensureAlive = async () => {
      if (app.alive()) return
      restarting ??= startAppProcess(adapter, provider.origin).then((fresh) => {
        app = fresh
        restarting = undefined
      })
      await restarting
    }

    it.concurrent.each(Object.keys(TARGETS))(
      '%s, answered in every broken way',
      async (name) => {
        const failures: string[] = []
        for (const fault of FAULTS) {
          await ensureAlive()
          const current = app
          try {
            await runCase(current, provider, TARGETS[name]!, fault, `user-${++counter}`)
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error)
            failures.push(
              `${fault}: ${message.split('\n')[0]}${current.alive() ? '' : `\n  the app process died; its stderr ends: ${current.stderr().slice(-1200)}`}`,
            )
          }
        }
        expect(failures, failures.join('\n')).toEqual([])
      },
      120_000,
    )
  })
}
