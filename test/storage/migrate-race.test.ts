/**
 * Several app instances start at once and each runs the migrations at start-up, as docs/storage.md
 * allows: on PostgreSQL, CREATE TABLE IF NOT EXISTS is not atomic, so the losers of the race used to
 * fail with a unique violation in the catalog (`storage_error`) and the app exited. Every instance
 * must come up, on every database.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateRefreshLockTable } from '../../src/refresh/sql-lock.js'
import { migrateTokenTable } from '../../src/storage/sql.js'
import { serviceAvailable } from '../support/services.js'
import { openDatabase, type TestDatabase, uniqueName } from './databases.js'

const INSTANCES = 6
const available = {
  sqlite: true,
  postgres: await serviceAvailable('postgres'),
  mysql: await serviceAvailable('mariadb'),
}

describe.each(['postgres', 'mysql', 'sqlite'] as const)(
  'migrations run by instances at once on %s',
  (kind) => {
    let database: TestDatabase
    const created: string[] = []

    beforeAll(async () => {
      if (available[kind]) database = await openDatabase(kind)
    })

    afterAll(async () => {
      if (!database) return
      for (const table of created) await sql`drop table if exists ${sql.table(table)}`.execute(database.db)
      await database.close()
    })

    it.skipIf(!available[kind])('every instance comes up: the token table', async () => {
      for (let round = 0; round < 3; round++) {
        const table = uniqueName('race_tokens')
        created.push(table)
        const results = await Promise.allSettled(
          Array.from({ length: INSTANCES }, () => migrateTokenTable(database.db, { table })),
        )
        expect(results.filter((r) => r.status === 'rejected')).toEqual([])
      }
    })

    it.skipIf(!available[kind])('every instance comes up: the refresh lock table', async () => {
      for (let round = 0; round < 3; round++) {
        const table = uniqueName('race_locks')
        created.push(table)
        const results = await Promise.allSettled(
          Array.from({ length: INSTANCES }, () => migrateRefreshLockTable(database.db, { table })),
        )
        expect(results.filter((r) => r.status === 'rejected')).toEqual([])
      }
    })
  },
)
