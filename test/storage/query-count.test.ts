/**
 * Database reads per request, counted with Kysely's `log` option, through a real Express app whose
 * routes call a local API server with the request-scoped client several times.
 */
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ErrorRequestHandler } from 'express'
import Keyv from 'keyv'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import { makeOAuth2Blueprint, type OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { isDanceError } from '../../src/errors.js'
import { CacheStorage } from '../../src/storage/cache.js'
import { SqlStorage } from '../../src/storage/sql.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { serviceAvailable } from '../support/services.js'
import { openDatabase, openRedisKeyv, type TestDatabase } from './databases.js'

let api: Server
let apiOrigin: string
const seen: string[] = []
let app: TestApp
let database: TestDatabase
let blueprint: OAuth2Blueprint
let sql: SqlStorage

const selects = () => database.queries.filter((q) => /^\s*select/i.test(q)).length
const writes = () => database.queries.filter((q) => /^\s*(insert|update|delete)/i.test(q)).length

async function call(path: string, user = 'alice', method = 'GET') {
  const response = await fetch(`${app.origin}${path}`, { method, headers: { 'x-user': user } })
  return {
    status: response.status,
    body: (await response.json()) as { auth?: string[]; error?: string; ok?: boolean },
  }
}

beforeAll(async () => {
  api = createServer((req, res) => {
    seen.push(req.headers.authorization ?? '')
    res.setHeader('content-type', 'application/json')
    res.end('{"ok":true}')
  })
  api.listen(0, '127.0.0.1')
  await once(api, 'listening')
  apiOrigin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`
  database = await openDatabase('sqlite')
  sql = new SqlStorage({ db: database.db, table: database.table })
  app = await startExpressApp((express) => {
    blueprint = makeOAuth2Blueprint({
      name: 'api',
      clientId: 'client',
      clientSecret: 'secret',
      authorizationUrl: `${apiOrigin}/authorize`,
      tokenUrl: `${apiOrigin}/token`,
      baseUrl: `${apiOrigin}/`,
      allowInsecureRequests: true,
      secret: 'query-count-test-secret',
      storage: sql,
      user: ({ native }) => (native as { headers: Record<string, string | undefined> }).headers['x-user'],
    })
    express.use(dance(blueprint))
    express.get('/three', async (_req, res) => {
      const before = seen.length
      for (const path of ['/user', '/repos', '/orgs']) await (await blueprint.client.get(path)).json()
      res.json({ auth: seen.slice(before) })
    })
    express.post('/token/:value', async (req, res) => {
      await blueprint.client.setToken({ access_token: req.params.value, token_type: 'bearer' })
      res.json({ ok: true })
    })
    express.post('/forget', async (_req, res) => {
      await blueprint.client.deleteToken()
      res.json({ ok: true })
    })
    const onError: ErrorRequestHandler = (error, _req, res, _next) => {
      res.status(500).json({ error: isDanceError(error) ? error.code : 'unexpected' })
    }
    // Express 5 forwards the routes' async rejections here.
    express.use(onError)
  })
})

afterAll(async () => {
  await app?.close()
  api?.closeAllConnections()
  await new Promise<void>((resolve) => (api ? api.close(() => resolve()) : resolve()))
  await database?.close()
})

beforeEach(async () => {
  await sql.set({ provider: 'api', userId: 'alice' }, { access_token: 'alice-1', token_type: 'bearer' })
  await sql.set({ provider: 'api', userId: 'bob' }, { access_token: 'bob-1', token_type: 'bearer' })
  database.queries.length = 0
})

describe('SqlStorage alone', () => {
  beforeEach(() => {
    blueprint.storage = sql
  })

  it('reads the database once per request however often the token is used', async () => {
    const first = await call('/three')
    expect(first.body.auth).toEqual(['Bearer alice-1', 'Bearer alice-1', 'Bearer alice-1'])
    expect(selects()).toBe(1)
    const second = await call('/three', 'bob')
    expect(second.body.auth).toEqual(['Bearer bob-1', 'Bearer bob-1', 'Bearer bob-1'])
    expect(selects()).toBe(2)
  })
})

describe('a Keyv cache in front of SqlStorage', () => {
  beforeEach(() => {
    blueprint.storage = new CacheStorage({ cache: new Keyv(), source: sql })
  })

  it('reads the database once to warm the cache, then never', async () => {
    await call('/three')
    expect(selects()).toBe(1)
    for (let i = 0; i < 3; i++) {
      expect((await call('/three')).body.auth).toEqual(['Bearer alice-1', 'Bearer alice-1', 'Bearer alice-1'])
    }
    expect(selects()).toBe(1)
  })

  it('serves a new token after set, without reading the database', async () => {
    await call('/three')
    expect((await call('/token/alice-2', 'alice', 'POST')).status).toBe(200)
    expect(writes()).toBe(1)
    database.queries.length = 0
    expect((await call('/three')).body.auth).toEqual(['Bearer alice-2', 'Bearer alice-2', 'Bearer alice-2'])
    expect(selects()).toBe(0)
    expect((await sql.get({ provider: 'api', userId: 'alice' }))?.access_token).toBe('alice-2')
  })

  it('forgets a deleted token in the cache and the database', async () => {
    await call('/three')
    expect((await call('/forget', 'alice', 'POST')).status).toBe(200)
    const after = await call('/three')
    expect(after).toEqual({ status: 500, body: { error: 'reauth_required' } })
    expect(await sql.get({ provider: 'api', userId: 'alice' })).toBeUndefined()
    // Bob's cached token is untouched.
    expect((await call('/three', 'bob')).body.auth?.[0]).toBe('Bearer bob-1')
  })
})

const redis = await serviceAvailable('redis')

describe.skipIf(!redis)('a Redis cache shared by two processes in front of SqlStorage', () => {
  it('invalidates across instances on set and delete', async () => {
    const shared = openRedisKeyv()
    try {
      // Two CacheStorage instances on one Redis namespace stand for two app processes.
      const processA = new CacheStorage({ cache: shared.keyv, source: sql })
      const processB = new CacheStorage({ cache: shared.keyv, source: sql })
      blueprint.storage = processA
      await call('/three')
      expect(selects()).toBe(1)
      blueprint.storage = processB
      await call('/three')
      expect(selects()).toBe(1)
      await call('/token/alice-3', 'alice', 'POST')
      blueprint.storage = processA
      expect((await call('/three')).body.auth?.[0]).toBe('Bearer alice-3')
      expect(selects()).toBe(1)
      await call('/forget', 'alice', 'POST')
      blueprint.storage = processB
      expect((await call('/three')).body).toEqual({ error: 'reauth_required' })
    } finally {
      await shared.close()
    }
  })
})
