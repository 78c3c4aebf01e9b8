/**
 * A database that stops answering (a black-holed network, a stalled server) must fail token queries
 * within `queryTimeoutMs` with `storage_error`, not hold the app's requests for as long as the driver
 * waits. Real PostgreSQL behind a TCP proxy that the test stalls; the shared server is never touched.
 */
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isDanceError } from '../../src/errors.js'
import { migrateTokenTable, SqlStorage } from '../../src/storage/sql.js'
import { SERVICES, serviceAvailable } from '../support/services.js'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js'
import { uniqueName } from './databases.js'

const available = await serviceAvailable('postgres')
const TIMEOUT_MS = 500
const key = { provider: 'stall', userId: 'u' }

describe.skipIf(!available)('SqlStorage on a PostgreSQL that stops answering', () => {
  let proxy: TcpProxy
  let db: Kysely<unknown>
  let storage: SqlStorage
  const table = uniqueName('stall_tokens')

  beforeAll(async () => {
    proxy = await startTcpProxy(SERVICES.postgres.host, SERVICES.postgres.port)
    const pool = new pg.Pool({
      host: '127.0.0.1',
      port: proxy.port,
      user: 'postgres',
      database: 'test',
      max: 4,
    })
    pool.on('error', () => {})
    pool.on('connect', (client) => client.on('error', () => {}))
    db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
    await migrateTokenTable(db, { table })
    storage = new SqlStorage({ db, table, queryTimeoutMs: TIMEOUT_MS })
    await storage.set(key, { access_token: 'before' })
  })

  afterAll(async () => {
    proxy?.resume()
    await db?.schema.dropTable(table).ifExists().execute()
    await db?.destroy()
    await proxy?.close()
  })

  it('reads, writes and deletes fail with storage_error within the bound, then work again', async () => {
    proxy.stall()
    for (const call of [
      () => storage.get(key),
      () => storage.set(key, { access_token: 'during' }),
      () => storage.delete(key),
    ]) {
      const started = Date.now()
      const error = await call().catch((e: unknown) => e)
      expect(isDanceError(error, 'storage_error'), String(error)).toBe(true)
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000)
    }
    proxy.resume()
    // A query that timed out is not cancelled: it runs once the database answers. Let those land
    // first (their order against later queries is not promised; see queryTimeoutMs).
    await new Promise((resolve) => setTimeout(resolve, 500))
    await storage.set(key, { access_token: 'after' })
    expect((await storage.get(key))?.access_token).toBe('after')
  })
})

describe('the test proxy itself', () => {
  it.skipIf(!available)('holds connections opened during a stall too', async () => {
    const proxy = await startTcpProxy(SERVICES.postgres.host, SERVICES.postgres.port)
    try {
      proxy.stall()
      const client = new pg.Client({
        host: '127.0.0.1',
        port: proxy.port,
        user: 'postgres',
        database: 'test',
      })
      client.on('error', () => {})
      const connected = client.connect().then(
        () => 'connected',
        () => 'failed',
      )
      const outcome = await Promise.race([connected, new Promise((r) => setTimeout(() => r('held'), 700))])
      expect(outcome).toBe('held')
      proxy.resume()
      expect(await connected).toBe('connected')
      await client.end()
    } finally {
      await proxy.close()
    }
  })
})
