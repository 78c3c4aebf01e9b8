/**
 * Two app processes sharing one token storage and one refresh lock (PostgreSQL: SqlStorage +
 * SqlRefreshLock; Redis: CacheStorage + RedisRefreshLock), 20 concurrent requests each with an expired
 * token: exactly one refresh reaches the provider, every request succeeds, both end with the new token.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, rmSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import KeyvRedis from '@keyv/redis'
import { build } from 'esbuild'
import Keyv from 'keyv'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeOAuth2Blueprint, type OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { migrateRefreshLockTable } from '../../src/refresh/sql-lock.js'
import { CacheStorage } from '../../src/storage/cache.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { migrateTokenTable, SqlStorage } from '../../src/storage/sql.js'
import type { TokenKey, TokenStorage } from '../../src/storage/types.js'
import type { Token } from '../../src/token.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'
import {
  localBlueprintOptions,
  type OidcProviderHandle,
  startOidcProvider,
} from '../support/oidc-provider.js'
import { SERVICES, serviceAvailable } from '../support/services.js'
import { uniqueName } from './lock-backends.js'
import { countRefreshGrants, type Listening, mountRefreshRoutes, startResourceServer } from './support.js'

const available = { postgres: await serviceAvailable('postgres'), redis: await serviceAvailable('redis') }
const source = fileURLToPath(new URL('./fixtures/app-process.ts', import.meta.url))
// Bundled once (packages stay external) so each child starts on plain node, not a TypeScript loader:
// on a busy machine that is seconds per process. Under node_modules so bare imports resolve.
const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/oauth-dance-refresh/', import.meta.url))
const fixture = `${cacheDir}app-process-${process.pid}.mjs`
const key: TokenKey = { provider: 'local', userId: 'alice' }

let app: TestApp
let op: OidcProviderHandle
let rs: Listening & { requests(): number }
let blueprint: OAuth2Blueprint
let grants: ReturnType<typeof countRefreshGrants>
const started: { postgres: Promise<AppProcess[]>; redis: Promise<AppProcess[]> } = {
  postgres: Promise.resolve([]),
  redis: Promise.resolve([]),
}

beforeAll(async () => {
  mkdirSync(cacheDir, { recursive: true })
  await build({
    entryPoints: [source],
    outfile: fixture,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
  })
  app = await startExpressApp()
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'app',
        client_secret: 'app-secret',
        redirect_uris: [`${app.origin}/login/local/authorized`],
        grant_types: ['authorization_code', 'refresh_token'],
      },
    ],
    rotateRefreshToken: true,
  })
  rs = await startResourceServer(op)
  grants = countRefreshGrants(op)
  blueprint = makeOAuth2Blueprint(
    localBlueprintOptions(op, {
      scope: ['openid', 'offline_access'],
      issuer: op.issuer,
      baseUrl: rs.origin,
      user: () => 'alice',
      storage: new MemoryStorage({ singleUser: true }),
      allowInsecureRequests: true,
    }),
  )
  mountRefreshRoutes(app.app, blueprint)
  // Start every app process at once: on a busy machine their start-up dominates the file's time.
  const pair = async (env: Record<string, string>) => {
    const results = await Promise.allSettled([startAppProcess(env), startAppProcess(env)])
    const up = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
    const failure = results.find((result) => result.status === 'rejected')
    if (!failure) return up
    await Promise.all(up.map((child) => child.stop()))
    throw failure.reason
  }
  started.postgres = available.postgres ? pair(postgresEnv) : Promise.resolve([])
  started.redis = available.redis ? pair(redisEnv) : Promise.resolve([])
  // Handled where awaited; this only keeps an early failure from being reported as unhandled.
  for (const promise of Object.values(started)) promise.catch(() => {})
})

afterAll(async () => {
  rmSync(fixture, { force: true })
  await app?.close()
  await rs?.close()
  await op?.close()
})

interface AppProcess {
  origin: string
  stop(): Promise<void>
}

async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const child: ChildProcess = spawn(process.execPath, [fixture], {
    env: { ...process.env, ...env, ISSUER: op.issuer, API_BASE: rs.origin },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app process did not start: ${stderr}`)), 30_000)
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('READY ')) {
        clearTimeout(timer)
        resolve(line.slice('READY '.length))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`app process exited (${code}): ${stderr}`))
    })
  })
  return {
    origin,
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      await exited
    },
  }
}

/** Logs alice in through the in-test app, so `storage` holds a real, rotating token. */
async function loginInto(storage: TokenStorage): Promise<Token> {
  blueprint.storage = storage
  const callback = await new HttpBrowser().loginWithOidcProvider(
    `${app.origin}/login/local`,
    'alice',
    app.origin,
  )
  expect(callback.status).toBe(302)
  const token = await storage.get(key, {})
  expect(token?.refresh_token).toBeTypeOf('string')
  return token!
}

async function raceTwoProcesses(storage: TokenStorage, processes: AppProcess[]): Promise<void> {
  const original = await loginInto(storage)
  await storage.set(key, { ...original, expires_at: Math.floor(Date.now() / 1000) - 30 }, {})
  const before = grants.total()
  const responses = await Promise.all(
    processes.flatMap(({ origin }) => Array.from({ length: 20 }, () => fetch(`${origin}/api/me`))),
  )
  expect(responses.map((r) => r.status)).toEqual(Array(40).fill(200))
  expect(grants.total() - before).toBe(1)
  const stored = (await storage.get(key, {}))!
  expect(stored.access_token).not.toBe(original.access_token)
  expect(stored.refresh_token).not.toBe(original.refresh_token)
  for (const { origin } of processes) {
    const seen = (await (await fetch(`${origin}/token`)).json()) as Token
    expect(seen.access_token).toBe(stored.access_token)
    expect(seen.refresh_token).toBe(stored.refresh_token)
  }
}

const names = {
  tokenTable: uniqueName('refresh_tokens'),
  lockTable: uniqueName('refresh_locks'),
  namespace: uniqueName('oauth-dance-refresh'),
}
const postgresEnv = { STORE: 'postgres', TOKEN_TABLE: names.tokenTable, LOCK_TABLE: names.lockTable }
const redisEnv = { STORE: 'redis', NAMESPACE: names.namespace }

describe.skipIf(!available.postgres)('two processes sharing PostgreSQL', () => {
  let db: Kysely<unknown>
  let processes: AppProcess[] = []

  beforeAll(async () => {
    db = new Kysely<unknown>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: SERVICES.postgres.url, max: 2 }),
      }),
    })
    await migrateTokenTable(db, { table: names.tokenTable })
    await migrateRefreshLockTable(db, { table: names.lockTable })
    processes = await started.postgres
  })

  afterAll(async () => {
    await Promise.all(processes.map((child) => child.stop()))
    await db?.schema.dropTable(names.tokenTable).ifExists().execute()
    await db?.schema.dropTable(names.lockTable).ifExists().execute()
    await db?.destroy()
  })

  it('refresh once in total for 20 concurrent requests each', async () => {
    await raceTwoProcesses(new SqlStorage({ db, table: names.tokenTable }), processes)
  })
})

describe.skipIf(!available.redis)('two processes sharing Redis', () => {
  let keyv: Keyv
  let processes: AppProcess[] = []

  beforeAll(async () => {
    keyv = new Keyv({
      store: new KeyvRedis(SERVICES.redis.url),
      namespace: names.namespace,
      throwOnErrors: true,
    })
    processes = await started.redis
  })

  afterAll(async () => {
    await Promise.all(processes.map((child) => child.stop()))
    await keyv?.clear()
    await keyv?.disconnect()
  })

  it('refresh once in total for 20 concurrent requests each', async () => {
    await raceTwoProcesses(new CacheStorage({ cache: keyv }), processes)
  })
})
