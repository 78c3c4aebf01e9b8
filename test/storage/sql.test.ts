/**
 * What SqlStorage adds to the contract: listAccounts, the expires_at column, plugins on the app's
 * Kysely instance, configuration checks, and errors that never carry a token.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import {
  CamelCasePlugin,
  type DialectAdapter,
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteDialect,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DanceError } from '../../src/errors.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { migrateTokenTable, SqlStorage } from '../../src/storage/sql.js'
import { serviceAvailable } from '../support/services.js'
import { openDatabase, type TestDatabase } from './databases.js'

const available = {
  sqlite: true,
  postgres: await serviceAvailable('postgres'),
  mysql: await serviceAvailable('mariadb'),
}

describe.each(['sqlite', 'postgres', 'mysql'] as const)('SqlStorage on %s', (kind) => {
  let database: TestDatabase
  beforeAll(async () => {
    if (available[kind]) database = await openDatabase(kind)
  })
  afterAll(async () => {
    await database?.close()
  })

  it.skipIf(!available[kind])(
    'lists a user’s linked accounts with numeric times, also under CamelCasePlugin',
    async () => {
      const storage = new SqlStorage({
        db: database.db.withPlugin(new CamelCasePlugin()),
        table: database.table,
      })
      const before = Math.floor(Date.now() / 1000)
      await storage.set(
        { provider: 'github', userId: 'u1', accountId: 'work' },
        { access_token: 'a', expires_at: 2_000_000_000 },
      )
      await storage.set({ provider: 'github', userId: 'u1', accountId: 'home' }, { access_token: 'b' })
      await storage.set({ provider: 'github', userId: 'u1' }, { access_token: 'c' })
      await storage.set({ provider: 'github', userId: 'u2', accountId: 'other' }, { access_token: 'd' })
      await storage.set({ provider: 'gitlab', userId: 'u1', accountId: 'gl' }, { access_token: 'e' })
      const accounts = await storage.listAccounts('github', 'u1')
      expect(accounts.map((a) => a.accountId).sort()).toEqual(['home', 'work', undefined].sort())
      const work = accounts.find((a) => a.accountId === 'work')!
      expect(work.expiresAt).toBe(2_000_000_000)
      expect(accounts.find((a) => a.accountId === 'home')!.expiresAt).toBeUndefined()
      for (const account of accounts) {
        expect(typeof account.createdAt).toBe('number')
        expect(account.createdAt).toBeGreaterThanOrEqual(before)
        expect(account.updatedAt).toBeGreaterThanOrEqual(account.createdAt)
      }
      expect(await storage.listAccounts('github', 'nobody')).toEqual([])
    },
  )

  it.skipIf(!available[kind])('keeps created_at and moves updated_at on overwrite', async () => {
    const storage = new SqlStorage({ db: database.db, table: database.table })
    const key = { provider: 'times', userId: 'u' }
    await storage.set(key, { access_token: 'one' })
    const raw = database.db as unknown as Kysely<
      Record<string, { provider: string; created_at: number; updated_at: number }>
    >
    await raw
      .updateTable(database.table)
      .set({ created_at: 1000, updated_at: 1000 })
      .where('provider', '=', 'times')
      .execute()
    await storage.set(key, { access_token: 'two', expires_at: 1_999_999_999 })
    const [row] = await storage.listAccounts('times', 'u')
    expect(row).toMatchObject({ createdAt: 1000, expiresAt: 1_999_999_999 })
    expect(row!.updatedAt).toBeGreaterThan(1000)
  })

  it.skipIf(!available[kind])(
    'wraps database failures in storage_error without SQL text or token',
    async () => {
      const storage = new SqlStorage({ db: database.db, table: `${database.table}_missing` })
      const secret = 'gho_this-must-never-appear-in-an-error'
      const error = await Promise.resolve(storage.set({ provider: 'x' }, { access_token: secret })).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(DanceError)
      expect((error as DanceError).code).toBe('storage_error')
      const everything =
        JSON.stringify(error, Object.getOwnPropertyNames(error)) + String((error as Error).cause)
      expect(everything).not.toContain(secret)
      expect(Object.keys((error as Error).cause as object)).not.toContain('sql')
    },
  )

  it.skipIf(!available[kind])('migrates idempotently', async () => {
    await migrateTokenTable(database.db, { table: database.table })
    await migrateTokenTable(database.db, { table: database.table })
  })
})

describe.skipIf(!available.mysql)('SqlStorage on MariaDB: a PAD SPACE table from an older version', () => {
  it('is migrated so "alice" and "alice " are two rows, keeping the rows it had', async () => {
    const database = await openDatabase('mysql')
    const old = `${database.table}_old`
    try {
      // The table exactly as 9db1f39 created it: key columns in utf8mb4_bin, which pads with spaces.
      await sql`create table ${sql.table(old)} (
        provider varchar(64) character set utf8mb4 collate utf8mb4_bin not null,
        user_id varchar(255) character set utf8mb4 collate utf8mb4_bin not null default '',
        account_id varchar(255) character set utf8mb4 collate utf8mb4_bin not null default '',
        token mediumtext character set utf8mb4 collate utf8mb4_bin not null,
        expires_at bigint, created_at bigint not null, updated_at bigint not null,
        constraint ${sql.id(`${old}_pkey`)} primary key (provider, user_id, account_id))`.execute(database.db)
      const storage = new SqlStorage({ db: database.db, table: old })
      await storage.set({ provider: 'github', userId: 'alice' }, { access_token: 'alice-token' })
      // Before the migration the padded id reads alice's row: the bug this migration closes.
      expect((await storage.get({ provider: 'github', userId: 'alice ' }))?.access_token).toBe('alice-token')

      await migrateTokenTable(database.db, { table: old })
      await migrateTokenTable(database.db, { table: old })
      expect(await storage.get({ provider: 'github', userId: 'alice ' })).toBeUndefined()
      await storage.set({ provider: 'github', userId: 'alice ' }, { access_token: 'mallory-token' })
      expect((await storage.get({ provider: 'github', userId: 'alice' }))?.access_token).toBe('alice-token')
      expect((await storage.get({ provider: 'github', userId: 'alice ' }))?.access_token).toBe(
        'mallory-token',
      )
      const { rows } = await sql<{ c: string }>`
        select COLLATION_NAME as c from information_schema.COLUMNS
        where TABLE_SCHEMA = database() and TABLE_NAME = ${old} and COLUMN_NAME = 'user_id'`.execute(
        database.db,
      )
      expect(rows[0]?.c).toMatch(/^utf8mb4_(0900|nopad)_bin$/)
    } finally {
      await sql`drop table if exists ${sql.table(old)}`.execute(database.db)
      await database.close()
    }
  })
})

describe('SqlStorage configuration', () => {
  const db = new Kysely<unknown>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new SqliteIntrospector(k),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  })

  it.each(['drop table x;--', 'a b', '1abc', 'a.b.c', ''])('refuses the table name %j', (table) => {
    expect(() => new SqlStorage({ db, table })).toThrow(expect.objectContaining({ code: 'config_invalid' }))
  })

  it('refuses keys longer than the columns hold', async () => {
    const storage = new SqlStorage({ db })
    await expect(storage.get({ provider: 'p', userId: 'u'.repeat(256) })).rejects.toMatchObject({
      code: 'storage_error',
    })
  })

  it('refuses an empty user or account id, which would read as "none"', async () => {
    for (const storage of [new SqlStorage({ db }), new MemoryStorage()]) {
      for (const key of [
        { provider: 'p', userId: '' },
        { provider: 'p', userId: 'u', accountId: '' },
      ]) {
        await expect(Promise.resolve().then(() => storage.get(key))).rejects.toMatchObject({
          code: 'storage_error',
        })
        await expect(
          Promise.resolve().then(() => storage.set(key, { access_token: 'x' })),
        ).rejects.toMatchObject({
          code: 'storage_error',
        })
      }
    }
  })

  it('asks for the dialect when the adapter is unknown', () => {
    class ThirdPartyAdapter {}
    const custom = new Kysely<unknown>({
      dialect: {
        createAdapter: () => new ThirdPartyAdapter() as unknown as DialectAdapter,
        createDriver: () => new DummyDriver(),
        createIntrospector: (k) => new SqliteIntrospector(k),
        createQueryCompiler: () => new SqliteQueryCompiler(),
      },
    })
    expect(() => new SqlStorage({ db: custom })).toThrow(expect.objectContaining({ code: 'config_invalid' }))
    expect(() => new SqlStorage({ db: custom, dialect: 'sqlite' })).not.toThrow()
  })

  it('keeps tokens in a SQLite file across instances (tokens last)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth-dance-last-'))
    const open = () =>
      new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(join(dir, 'tokens.db')) }) })
    try {
      const first = open()
      await migrateTokenTable(first)
      await new SqlStorage({ db: first }).set({ provider: 'github', userId: 'u' }, { access_token: 'kept' })
      await first.destroy()
      const second = open()
      expect(
        (await new SqlStorage({ db: second }).get({ provider: 'github', userId: 'u' }))?.access_token,
      ).toBe('kept')
      await second.destroy()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
