/**
 * Tokens at rest: a dump of the table (and SQLite's raw file) holds no token text, a ciphertext moved
 * to another row does not decrypt, and rotating keys keeps old rows readable.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import Keyv from 'keyv'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isDanceError } from '../../src/errors.js'
import { CacheStorage } from '../../src/storage/cache.js'
import { TokenEncryption, TokenKeyring } from '../../src/storage/encryption.js'
import { SqlStorage } from '../../src/storage/sql.js'
import type { Token } from '../../src/token.js'
import { serviceAvailable } from '../support/services.js'
import { openDatabase, type TestDatabase } from './databases.js'

const key32 = () => randomBytes(32).toString('base64')
const K1 = key32()
const K2 = key32()
const secretToken = (): Token => ({
  access_token: `at-${randomBytes(12).toString('hex')}`,
  refresh_token: `rt-${randomBytes(12).toString('hex')}`,
  token_type: 'bearer',
  expires_at: 2_000_000_000,
})

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(isDanceError(error) ? error.code : error).toBe(code)
}

describe('the keyring', () => {
  it('reads kid:key pairs from the environment; the first seals, all open', () => {
    const keyring = TokenKeyring.fromEnv({ OAUTH_DANCE_TOKEN_KEYS: `new:${K2}, old:${K1}` })
    expect(keyring.currentKeyId).toBe('new')
    expect(keyring.keyIds).toEqual(['new', 'old'])
  })

  it.each([
    ['missing', {}],
    ['empty', { OAUTH_DANCE_TOKEN_KEYS: ' ' }],
    ['no kid', { OAUTH_DANCE_TOKEN_KEYS: K1 }],
    ['short key', { OAUTH_DANCE_TOKEN_KEYS: `a:${randomBytes(16).toString('base64')}` }],
    ['not base64', { OAUTH_DANCE_TOKEN_KEYS: `a:${'!'.repeat(44)}` }],
    ['bad kid', { OAUTH_DANCE_TOKEN_KEYS: `a b:${K1}` }],
    ['duplicate kid', { OAUTH_DANCE_TOKEN_KEYS: `a:${K1},a:${K2}` }],
  ])('refuses a %s configuration with config_invalid', (_label, env) => {
    expect(() => TokenKeyring.fromEnv(env)).toThrow(expect.objectContaining({ code: 'config_invalid' }))
  })

  it('seals with a random IV and binds the value to provider, user and account', () => {
    const encryption = new TokenEncryption(new TokenKeyring([{ id: 'k1', key: K1 }]))
    const token = secretToken()
    const key = { provider: 'github', userId: 'alice', accountId: '1' }
    const a = encryption.seal(key, token)
    const b = encryption.seal(key, token)
    expect(a).not.toBe(b)
    expect(a.startsWith('enc:v1:k1:')).toBe(true)
    expect(a).not.toContain(token.access_token)
    expect(encryption.open(key, a)).toEqual(token)
    for (const other of [
      { ...key, provider: 'gitlab' },
      { ...key, userId: 'bob' },
      { ...key, accountId: '2' },
      { provider: 'github', userId: 'alice' },
    ]) {
      expect(() => encryption.open(other, a)).toThrow(expect.objectContaining({ code: 'crypto_error' }))
    }
    // Change the second-to-last character for sure (a fixed replacement would sometimes equal it).
    const flipped = `${a.slice(0, -2)}${a.at(-2) === 'A' ? 'B' : 'A'}${a.slice(-1)}`
    expect(() => encryption.open(key, flipped)).toThrow(expect.objectContaining({ code: 'crypto_error' }))
  })
})

const available = {
  sqlite: true,
  postgres: await serviceAvailable('postgres'),
  mysql: await serviceAvailable('mariadb'),
}

describe.each(['sqlite', 'postgres', 'mysql'] as const)('encrypted SqlStorage on %s', (kind) => {
  let database: TestDatabase
  const encryption = TokenEncryption.fromEnv({ OAUTH_DANCE_TOKEN_KEYS: `k1:${K1}` })

  beforeAll(async () => {
    if (available[kind]) database = await openDatabase(kind)
  })
  afterAll(async () => {
    await database?.close()
  })

  it.skipIf(!available[kind])('leaves no token text in a dump of the table', async () => {
    const storage = new SqlStorage({ db: database.db, table: database.table, encryption })
    const tokens = [secretToken(), secretToken()]
    await storage.set({ provider: 'github', userId: 'alice' }, tokens[0]!)
    await storage.set({ provider: 'github', userId: 'bob', accountId: '42' }, tokens[1]!)
    const dump = JSON.stringify(await database.dump())
    expect(dump).toContain('enc:v1:k1:')
    for (const token of tokens) {
      expect(dump).not.toContain(token.access_token)
      expect(dump).not.toContain(token.refresh_token)
    }
    // expires_at stays in clear for queries (cleanup, refresh ahead).
    expect(dump).toContain('2000000000')
    expect(await storage.get({ provider: 'github', userId: 'bob', accountId: '42' })).toEqual(tokens[1])
    if (database.file) {
      const bytes = readFileSync(database.file)
      for (const token of tokens) expect(bytes.includes(Buffer.from(token.access_token!))).toBe(false)
      // The same check finds plain tokens, so it can fail.
      const plain = new SqlStorage({ db: database.db, table: database.table })
      const visible = secretToken()
      await plain.set({ provider: 'plain' }, visible)
      expect(readFileSync(database.file).includes(Buffer.from(visible.access_token!))).toBe(true)
      await plain.delete({ provider: 'plain' })
    }
  })

  it.skipIf(!available[kind])('refuses a ciphertext moved to another row (crypto_error)', async () => {
    const storage = new SqlStorage({ db: database.db, table: database.table, encryption })
    await storage.set({ provider: 'github', userId: 'victim' }, secretToken())
    await storage.set({ provider: 'github', userId: 'attacker' }, secretToken())
    const raw = database.db as unknown as Kysely<Record<string, { user_id: string; token: string }>>
    const victim = await raw
      .selectFrom(database.table)
      .select('token')
      .where('user_id', '=', 'victim')
      .executeTakeFirstOrThrow()
    await raw
      .updateTable(database.table)
      .set({ token: victim.token })
      .where('user_id', '=', 'attacker')
      .execute()
    await expectCode(storage.get({ provider: 'github', userId: 'attacker' }), 'crypto_error')
    expect(await storage.get({ provider: 'github', userId: 'victim' })).toBeDefined()
  })

  it.skipIf(!available[kind])(
    'keeps old rows readable across a key rotation and re-encrypts them',
    async () => {
      const before = new SqlStorage({ db: database.db, table: database.table, encryption })
      const oldToken = secretToken()
      await before.set({ provider: 'rotate', userId: 'old' }, oldToken)

      const rotated = TokenEncryption.fromEnv({ OAUTH_DANCE_TOKEN_KEYS: `k2:${K2},k1:${K1}` })
      const after = new SqlStorage({ db: database.db, table: database.table, encryption: rotated })
      expect(await after.get({ provider: 'rotate', userId: 'old' })).toEqual(oldToken)
      const newToken = secretToken()
      await after.set({ provider: 'rotate', userId: 'new' }, newToken)
      const raw = database.db as unknown as Kysely<
        Record<string, { provider: string; user_id: string; token: string }>
      >
      const kids = async () =>
        Object.fromEntries(
          (
            await raw
              .selectFrom(database.table)
              .select(['user_id', 'token'])
              .where('provider', '=', 'rotate')
              .execute()
          ).map((r) => [r.user_id, TokenEncryption.keyIdOf(r.token)]),
        )
      expect(await kids()).toEqual({ old: 'k1', new: 'k2' })

      // Without the old key the old row cannot be read...
      const onlyNew = new SqlStorage({
        db: database.db,
        table: database.table,
        encryption: TokenEncryption.fromEnv({ OAUTH_DANCE_TOKEN_KEYS: `k2:${K2}` }),
      })
      await expectCode(onlyNew.get({ provider: 'rotate', userId: 'old' }), 'crypto_error')
      // ...until reencrypt() rewrites it with the current key.
      // The row moved by the previous case cannot be read; it is reported, not fatal.
      const first = await after.reencrypt()
      expect(first.reencrypted).toBeGreaterThanOrEqual(1)
      expect(first.unreadable).toEqual([{ provider: 'github', userId: 'attacker' }])
      expect(await kids()).toEqual({ old: 'k2', new: 'k2' })
      expect(await onlyNew.get({ provider: 'rotate', userId: 'old' })).toEqual(oldToken)
      expect(await after.reencrypt()).toEqual({
        reencrypted: 0,
        unreadable: [{ provider: 'github', userId: 'attacker' }],
      })
    },
  )

  it.skipIf(!available[kind])(
    'refuses plain rows with encryption on, unless readPlaintext (migration)',
    async () => {
      const plain = new SqlStorage({ db: database.db, table: database.table })
      const token = secretToken()
      await plain.set({ provider: 'legacy', userId: 'u' }, token)
      const strict = new SqlStorage({ db: database.db, table: database.table, encryption })
      await expectCode(strict.get({ provider: 'legacy', userId: 'u' }), 'crypto_error')
      const migrating = new SqlStorage({
        db: database.db,
        table: database.table,
        encryption,
        readPlaintext: true,
      })
      expect(await migrating.get({ provider: 'legacy', userId: 'u' })).toEqual(token)
      // And a storage without keys says so instead of returning garbage.
      await expectCode(plain.get({ provider: 'rotate', userId: 'new' }), 'crypto_error')
    },
  )
})

describe('encrypted CacheStorage', () => {
  it('keeps only sealed values in the cache store', async () => {
    const store = new Map<string, unknown>()
    const encryption = TokenEncryption.fromEnv({ OAUTH_DANCE_TOKEN_KEYS: `k1:${K1}` })
    const storage = new CacheStorage({ cache: new Keyv({ store }), encryption })
    const token = secretToken()
    await storage.set({ provider: 'github', userId: 'alice' }, token, {})
    expect(store.size).toBe(1)
    const dump = JSON.stringify([...store.values()])
    expect(dump).toContain('enc:v1:k1:')
    expect(dump).not.toContain(token.access_token)
    expect(await storage.get({ provider: 'github', userId: 'alice' }, {})).toEqual(token)
  })
})
