/**
 * A refresh token that may have been presented is never presented again (issue 14, issue 12 finding 7),
 * even after the refresh lock expired: two blueprint instances share SQL storage on the real
 * PostgreSQL (through one TCP proxy the test can take down, resetting every connection and refusing
 * new ones) and a refresh lock (`SqlRefreshLock` on the same database, or `RedisRefreshLock`), with a
 * provider that rotates refresh tokens and revokes the whole grant when a spent one comes back. A kept
 * token (its write failed) is only written over the token it replaced.
 */
import { createClient } from '@keyv/redis'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeOAuth2Blueprint, type OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { isDanceError } from '../../src/errors.js'
import type { RefreshLock } from '../../src/refresh/lock.js'
import { RedisRefreshLock } from '../../src/refresh/redis-lock.js'
import { migrateRefreshLockTable, SqlRefreshLock } from '../../src/refresh/sql-lock.js'
import { migrateTokenTable, SqlStorage } from '../../src/storage/sql.js'
import { withRequestScope } from '../../src/testing/index.js'
import type { Token } from '../../src/token.js'
import { SERVICES, serviceAvailable } from '../support/services.js'
import { startTcpProxy } from '../support/tcp-proxy.js'
import { uniqueName } from './lock-backends.js'
import { type Listening, listen } from './support.js'

const postgres = await serviceAvailable('postgres')
const redisUp = await serviceAvailable('redis')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

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
    /** How long a successful grant's answer is held back (a provider slower than the app's timeout). */
    answerDelayMs: number
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
    answerDelayMs: 0,
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
      const answer = JSON.stringify({
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: current,
      })
      const send = () =>
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(answer)
      if (state.answerDelayMs > 0) setTimeout(send, state.answerDelayMs)
      else send()
    })
  })
  return Object.assign(state, server)
}

describe.skipIf(!postgres)('a refresh token that may have been presented, across two instances', () => {
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
  const ttl = 1_500

  /** Two instances A and B on one token table and one lock, both through one proxy the test can take down. */
  async function twoInstances(kind: (typeof locks)[number]) {
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
    const proxy = await startTcpProxy(SERVICES.postgres.host, SERVICES.postgres.port)
    cleanup.push(() => proxy.close())
    const instance = () => {
      const db = database(proxy.port)
      cleanup.push(() => db.destroy())
      const lock: RefreshLock =
        kind === 'sql'
          ? new SqlRefreshLock({ db, table: lockTable, queryTimeoutMs: 1_000 })
          : new RedisRefreshLock({ client: redis!, prefix, restartGraceMs: 0 })
      return makeOAuth2Blueprint({
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
    const key = { provider: 'rotating', userId: 'alice' }
    await direct.set(key, {
      access_token: 'at-1',
      token_type: 'Bearer',
      refresh_token: 'rt-1',
      expires_at: Math.floor(Date.now() / 1000) - 10,
    })
    return {
      a,
      b,
      proxy,
      stored: () => direct.get(key),
      store: (token: Token) => direct.set(key, token),
      validToken: (blueprint: OAuth2Blueprint) =>
        withRequestScope({ blueprints: [blueprint] }, (scope) => blueprint.validToken(scope)).then(
          (token) => token?.access_token,
          (error: unknown) => (isDanceError(error) ? error.code : 'thrown'),
        ),
    }
  }

  async function until(check: () => Promise<boolean>, ms = 8_000): Promise<void> {
    for (let waited = 0; waited < ms && !(await check()); waited += 100) await sleep(100)
  }

  it.each(locks)(
    'an outage longer than the lock lifetime right after a refresh: the spent refresh token is not presented again, no revoked grant is stored (%s lock)',
    async (kind) => {
      const { a, b, proxy, stored, validToken } = await twoInstances(kind)
      // The outage starts as the provider answers A's refresh: A cannot store the new token, keeps it.
      provider.onGrant = () => proxy.down()
      expect(await validToken(a)).toBe('at-2')
      provider.onGrant = undefined
      // It outlasts the lock's lifetime, so the SQL lock row expires (it cannot be renewed meanwhile).
      await sleep(ttl * 2)
      proxy.resume()
      // B gets to the database first: it must not present rt-1, which A already spent.
      const fromB = await validToken(b)
      expect(provider.presented).toEqual(['rt-1'])
      expect(provider.revoked).toBe(false)
      expect(['at-2', 'refresh_failed']).toContain(fromB)
      // A's kept token lands; from then on both instances use it, and B refreshes nothing.
      await until(async () => (await stored())?.access_token === 'at-2')
      expect(await validToken(b)).toBe('at-2')
      expect(await validToken(a)).toBe('at-2')
      expect(provider.presented).toEqual(['rt-1'])
      expect(provider.revoked).toBe(false)
      // What is stored is the live grant's token, never one from a revoked grant.
      expect((await stored())?.refresh_token).toBe('rt-2')
    },
    30_000,
  )

  it.each(locks)(
    'a provider that spends the refresh token and then times out: no instance presents it again (%s lock)',
    async (kind) => {
      const { a, b, stored, validToken } = await twoInstances(kind)
      // The provider rotates, then answers after the app's timeout: the answer is lost.
      provider.answerDelayMs = 2_000
      expect(await validToken(a)).toBe('provider_timeout')
      provider.answerDelayMs = 0
      expect(provider.presented).toEqual(['rt-1'])
      // The access token has expired and its refresh token may be spent: a new login, not a revoked grant.
      expect(await validToken(b)).toBe('reauth_required')
      expect(await validToken(a)).toBe(undefined)
      expect(provider.presented).toEqual(['rt-1'])
      expect(provider.revoked).toBe(false)
      expect(await stored()).toBeUndefined()
    },
    30_000,
  )

  it.each(locks)(
    'a kept token whose row changed meanwhile (a new login) is not written over it (%s lock)',
    async (kind) => {
      const { a, proxy, stored, store, validToken } = await twoInstances(kind)
      provider.onGrant = () => proxy.down()
      expect(await validToken(a)).toBe('at-2')
      provider.onGrant = undefined
      // While A cannot reach the database, the user logs in again elsewhere: that token is newer.
      const login: Token = { access_token: 'at-login', token_type: 'Bearer', refresh_token: 'rt-login' }
      await store(login)
      proxy.resume()
      await sleep(3_000)
      expect(await stored()).toEqual(login)
    },
    30_000,
  )
})
