/**
 * A refresh token that may have been presented is never presented again (issue 14, issue 12 finding 7),
 * even after the refresh lock expired: two blueprint instances share SQL storage on the real
 * PostgreSQL (each through its own TCP proxy the test can cut, resetting every connection and refusing
 * new ones) and a refresh lock (`SqlRefreshLock` on the same database, or `RedisRefreshLock`), with a
 * provider that rotates refresh tokens and revokes the whole grant when a spent one comes back.
 */
import { once } from 'node:events'
import { type AddressInfo, createServer, type Server, type Socket, connect as tcpConnect } from 'node:net'
import { createClient } from '@keyv/redis'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { isDanceError } from '../../src/errors.js'
import type { RefreshLock } from '../../src/refresh/lock.js'
import { RedisRefreshLock } from '../../src/refresh/redis-lock.js'
import { migrateRefreshLockTable, SqlRefreshLock } from '../../src/refresh/sql-lock.js'
import { migrateTokenTable, SqlStorage } from '../../src/storage/sql.js'
import { injectToken, withRequestScope } from '../../src/testing/index.js'
import type { Token } from '../../src/token.js'
import { SERVICES, serviceAvailable } from '../support/services.js'
import { uniqueName } from './lock-backends.js'
import { type Listening, listen } from './support.js'

const postgres = await serviceAvailable('postgres')
const redisUp = await serviceAvailable('redis')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A TCP proxy to PostgreSQL; `down()` resets every connection and refuses new ones until `up()`. */
async function cuttableProxy(): Promise<{ port: number; down(): void; up(): void; close(): Promise<void> }> {
  let cut = false
  const pairs = new Set<[Socket, Socket]>()
  const server: Server = createServer((client) => {
    if (cut) {
      client.resetAndDestroy()
      return
    }
    const upstream = tcpConnect(SERVICES.postgres.port, SERVICES.postgres.host)
    const pair: [Socket, Socket] = [client, upstream]
    pairs.add(pair)
    client.pipe(upstream)
    upstream.pipe(client)
    const end = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    port: (server.address() as AddressInfo).port,
    down: () => {
      cut = true
      for (const [a, b] of pairs) {
        a.resetAndDestroy()
        b.resetAndDestroy()
      }
    },
    up: () => {
      cut = false
    },
    close: async () => {
      for (const [a, b] of pairs) {
        a.destroy()
        b.destroy()
      }
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function database(port: number): Kysely<unknown> {
  const pool = new pg.Pool({
    connectionString: `postgres://postgres@127.0.0.1:${port}/test`,
    connectionTimeoutMillis: 1_000,
    query_timeout: 2_000,
  })
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  return new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
}

/**
 * A provider that rotates refresh tokens and detects reuse (RFC 9700 §4.14.2): a spent refresh token
 * revokes the grant, and every token of a revoked grant is refused. `onGrant` runs as a grant is
 * answered (the test cuts the database there).
 */
async function rotatingProvider(): Promise<
  Listening & {
    presented: string[]
    revoked: boolean
    onGrant?: () => void
    /** A new grant: refresh token `rt-1`, nothing spent, nothing revoked. */
    reset(): void
  }
> {
  let current = 'rt-1'
  const spent = new Set<string>()
  const state = {
    presented: [] as string[],
    revoked: false,
    onGrant: undefined as (() => void) | undefined,
    reset: () => {
      current = 'rt-1'
      spent.clear()
      state.presented.length = 0
      state.revoked = false
    },
  }
  const server = await listen((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const rt = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('refresh_token') ?? ''
      state.presented.push(rt)
      if (state.revoked || spent.has(rt) || rt !== current) {
        state.revoked = true
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}')
        return
      }
      spent.add(rt)
      current = `rt-${spent.size + 1}`
      const accessToken = `at-${spent.size + 1}`
      state.onGrant?.()
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(
        JSON.stringify({
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: 3600,
          refresh_token: current,
        }),
      )
    })
  })
  return Object.assign(state, server)
}

describe.skipIf(!postgres)('a database outage longer than the lock lifetime, right after a refresh', () => {
  let provider: Awaited<ReturnType<typeof rotatingProvider>>
  const cleanup: (() => Promise<unknown>)[] = []
  let admin: Kysely<unknown>

  beforeAll(async () => {
    provider = await rotatingProvider()
    admin = database(SERVICES.postgres.port)
  })

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined)
    await admin?.destroy()
    await provider?.close()
  })

  const locks = ['sql', ...(redisUp ? ['redis'] : [])] as const

  it.each(locks)(
    'never presents the spent refresh token again, nor stores a revoked grant (%s lock)',
    async (kind) => {
      provider.reset()
      const tokens = uniqueName('spent_tokens')
      const lockTable = uniqueName('spent_locks')
      await migrateTokenTable(admin, { table: tokens })
      await migrateRefreshLockTable(admin, { table: lockTable })
      cleanup.push(() => admin.schema.dropTable(tokens).ifExists().execute())
      cleanup.push(() => admin.schema.dropTable(lockTable).ifExists().execute())
      let redis: ReturnType<typeof createClient> | undefined
      if (kind === 'redis') {
        redis = createClient({ url: SERVICES.redis.url, disableOfflineQueue: true })
        redis.on('error', () => {})
        await redis.connect()
        const client = redis
        cleanup.push(async () => client.destroy())
      }
      const prefix = `${uniqueName('spent')}:`
      // Both instances reach PostgreSQL through one proxy, so the outage hits them alike.
      const proxy = await cuttableProxy()
      cleanup.push(() => proxy.close())
      const ttl = 1_500
      const instance = () => {
        const db = database(proxy.port)
        cleanup.push(() => db.destroy())
        const lock: RefreshLock =
          kind === 'sql'
            ? new SqlRefreshLock({ db, table: lockTable, queryTimeoutMs: 1_000 })
            : new RedisRefreshLock({ client: redis!, prefix, restartGraceMs: 0 })
        return new OAuth2Blueprint({
          name: 'rotating',
          clientId: 'c',
          clientSecret: 's',
          authorizationUrl: `${provider.origin}/authorize`,
          tokenUrl: `${provider.origin}/token`,
          baseUrl: `${provider.origin}/api/`,
          allowInsecureRequests: true,
          timeoutMs: 1_000,
          refreshLockTtlMs: ttl,
          storage: new SqlStorage({ db, table: tokens }),
          refreshLock: lock,
          user: () => 'alice',
          secret: 'Qz7!kP2#mW9$vL4@nR6^tY1&aB3*cD5(',
          publicUrl: 'https://app.example',
        })
      }
      const a = instance()
      const b = instance()
      const direct = new SqlStorage({ db: admin, table: tokens })
      const stored = () => direct.get({ provider: 'rotating', userId: 'alice' })
      const expired: Token = {
        access_token: 'at-1',
        token_type: 'Bearer',
        refresh_token: 'rt-1',
        expires_at: Math.floor(Date.now() / 1000) - 10,
      }
      await injectToken(a, expired, { userId: 'alice' })
      const validToken = (blueprint: OAuth2Blueprint) =>
        withRequestScope({ blueprints: [blueprint] }, (scope) => blueprint.validToken(scope)).then(
          (token) => token?.access_token,
          (error: unknown) => (isDanceError(error) ? error.code : 'thrown'),
        )

      // The outage starts as the provider answers A's refresh: A cannot store the new token, keeps it.
      provider.onGrant = () => proxy.down()
      expect(await validToken(a)).toBe('at-2')
      provider.onGrant = undefined
      // It outlasts the lock's lifetime, so the SQL lock row expires (it cannot be renewed meanwhile).
      await sleep(ttl * 2)
      proxy.up()
      // B gets to the database first: it must not present rt-1, which A already spent.
      const fromB = await validToken(b)
      expect(provider.presented).toEqual(['rt-1'])
      expect(provider.revoked).toBe(false)
      expect(['at-2', 'refresh_failed']).toContain(fromB)
      // A's kept token lands; from then on both instances use it, and B refreshes nothing.
      for (let waited = 0; waited < 8_000; waited += 200) {
        if ((await stored())?.access_token === 'at-2') break
        await sleep(200)
      }
      expect(await validToken(b)).toBe('at-2')
      expect(await validToken(a)).toBe('at-2')
      expect(provider.presented).toEqual(['rt-1'])
      expect(provider.revoked).toBe(false)
      // What is stored is the live grant's token, never one from a revoked grant.
      expect((await stored())?.refresh_token).toBe('rt-2')
    },
    30_000,
  )
})
