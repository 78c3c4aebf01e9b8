/**
 * The storage contract: every TokenStorage must pass these cases. Each backend's test file calls
 * `storageContract` with a factory for a fresh storage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isDanceError } from '../../src/errors.js'
import type { StorageContext, TokenStorage } from '../../src/storage/types.js'
import type { Token } from '../../src/token.js'

/** A fresh storage, and a request context per app user (session storage keeps one session per user). */
export interface ContractSubject {
  storage: TokenStorage
  /** The context of a request by `userId` (a fresh session per user for session storage). */
  context(userId?: string): StorageContext
  close?(): Promise<void>
}

/** Runs the contract cases against the storage `open` creates. */
export function storageContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`${name}: the storage contract`, () => {
    let subject: ContractSubject
    const storage = () => subject.storage
    const ctx = (userId?: string) => subject.context(userId)

    beforeAll(async () => {
      subject = await open()
    })
    afterAll(async () => {
      await subject?.close?.()
    })

    it('reads undefined for a missing token, and deleting one is not an error', async () => {
      expect(await storage().get({ provider: 'missing' }, ctx())).toBeUndefined()
      expect(
        await storage().get({ provider: 'missing', userId: 'u1', accountId: 'a1' }, ctx('u1')),
      ).toBeUndefined()
      await storage().delete({ provider: 'missing', userId: 'u1' }, ctx('u1'))
    })

    it('round-trips unicode, large and numeric members exactly', async () => {
      const token: Token = {
        access_token: 'gho_ÄÖÜ-😀-東京-\u0000-"quoted"-\\back',
        token_type: 'bearer',
        refresh_token: 'r'.repeat(40),
        expires_in: 3600,
        expires_at: 1_900_000_000,
        scope: 'read:user user:email',
        id_token: 'x'.repeat(100_000),
        numeric: 12.5,
        negative: -7,
        nested: { ok: true, list: [1, 'two', null] },
      }
      const key = { provider: 'roundtrip', userId: 'ユーザー', accountId: 'acct-😀' }
      await storage().set(key, token, ctx(key.userId))
      const back = await storage().get(key, ctx(key.userId))
      expect(back).toEqual(token)
      expect(typeof back?.expires_at).toBe('number')
      expect(typeof back?.expires_in).toBe('number')
    })

    it('returns expires_at as a number, and tokens without one come back without one', async () => {
      await storage().set(
        { provider: 'expiry', userId: 'u' },
        { access_token: 'a', expires_at: 4_102_444_800 },
        ctx('u'),
      )
      await storage().set({ provider: 'expiry', userId: 'v' }, { access_token: 'b' }, ctx('v'))
      const withExpiry = await storage().get({ provider: 'expiry', userId: 'u' }, ctx('u'))
      expect(withExpiry?.expires_at).toBe(4_102_444_800)
      const without = await storage().get({ provider: 'expiry', userId: 'v' }, ctx('v'))
      expect(without).toEqual({ access_token: 'b' })
    })

    it('overwrites a token', async () => {
      const key = { provider: 'overwrite', userId: 'u' }
      await storage().set(key, { access_token: 'first', expires_at: 100 }, ctx('u'))
      await storage().set(key, { access_token: 'second', refresh_token: 'r2' }, ctx('u'))
      expect(await storage().get(key, ctx('u'))).toEqual({ access_token: 'second', refresh_token: 'r2' })
    })

    it('deletes a token', async () => {
      const key = { provider: 'delete', userId: 'u', accountId: 'a' }
      await storage().set(key, { access_token: 'doomed' }, ctx('u'))
      await storage().delete(key, ctx('u'))
      expect(await storage().get(key, ctx('u'))).toBeUndefined()
    })

    it('isolates keys by provider, user and account (exact, case-sensitive)', async () => {
      const keys = [
        { provider: 'iso-a' },
        { provider: 'iso-b' },
        { provider: 'iso-a', userId: 'alice' },
        { provider: 'iso-a', userId: 'Alice' },
        { provider: 'iso-a', userId: 'bob' },
        { provider: 'iso-a', userId: 'alice', accountId: '1' },
        { provider: 'iso-a', userId: 'alice', accountId: '2' },
        { provider: 'iso-a', userId: 'bob', accountId: '1' },
      ]
      for (const [i, key] of keys.entries()) {
        await storage().set(key, { access_token: `token-${i}` }, ctx(key.userId))
      }
      for (const [i, key] of keys.entries()) {
        expect((await storage().get(key, ctx(key.userId)))?.access_token).toBe(`token-${i}`)
      }
      await storage().delete(keys[5]!, ctx('alice'))
      expect(await storage().get(keys[5]!, ctx('alice'))).toBeUndefined()
      for (const [i, key] of keys.entries()) {
        if (i !== 5) expect((await storage().get(key, ctx(key.userId)))?.access_token).toBe(`token-${i}`)
      }
    })

    it('compares user and account ids byte for byte: trailing spaces, case and unicode forms', async () => {
      // MySQL's utf8mb4_bin pads with spaces ('u' = 'u '); case folding and unicode normalisation
      // would merge ids the same way. Each of these is its own user, and its own provider account.
      const ids = ['u', 'u ', 'u  ', 'U', ' u', '\u00e9', 'e\u0301', '\u00c9', '\ufffd', '\u{1F600}']
      const keys = ids.flatMap((id) => [
        { provider: 'bytes', userId: id },
        { provider: 'bytes', userId: 'owner', accountId: id },
      ])
      for (const [i, key] of keys.entries()) {
        await storage().set(key, { access_token: `bytes-${i}` }, ctx(key.userId))
      }
      for (const [i, key] of keys.entries()) {
        expect((await storage().get(key, ctx(key.userId)))?.access_token).toBe(`bytes-${i}`)
      }
      // Deleting one never deletes its look-alike.
      await storage().delete({ provider: 'bytes', userId: 'u ' }, ctx('u '))
      expect(await storage().get({ provider: 'bytes', userId: 'u ' }, ctx('u '))).toBeUndefined()
      expect((await storage().get({ provider: 'bytes', userId: 'u' }, ctx('u')))?.access_token).toBe(
        'bytes-0',
      )
    })

    it('refuses ids that are not well-formed Unicode (drivers turn a lone surrogate into U+FFFD)', async () => {
      for (const id of ['\ud800', '\udbff', 'a\udc00b']) {
        for (const key of [
          { provider: 'lone', userId: id },
          { provider: 'lone', userId: 'owner', accountId: id },
        ]) {
          const wrote = await Promise.resolve()
            .then(() => storage().set(key, { access_token: 'lone' }, ctx(key.userId)))
            .catch((e: unknown) => e)
          expect(isDanceError(wrote, 'storage_error'), JSON.stringify(key)).toBe(true)
        }
      }
      // Nothing landed under the replacement character either.
      expect(await storage().get({ provider: 'lone', userId: '\ufffd' }, ctx('\ufffd'))).toBeUndefined()
      expect(
        await storage().get({ provider: 'lone', userId: 'owner', accountId: '\ufffd' }, ctx('owner')),
      ).toBeUndefined()
    })

    it('hands out copies: mutating a token read or written does not change what is stored', async () => {
      const key = { provider: 'copies', userId: 'u' }
      const token: Token = { access_token: 'original', nested: { n: 1 } }
      await storage().set(key, token, ctx('u'))
      token.access_token = 'changed-after-set'
      const read = await storage().get(key, ctx('u'))
      if (read) read.access_token = 'changed-after-get'
      expect((await storage().get(key, ctx('u')))?.access_token).toBe('original')
    })
  })
}
