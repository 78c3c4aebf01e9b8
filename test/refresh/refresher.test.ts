/**
 * The refresher's rules in isolation: identity of refreshed ID tokens, what a refreshed token keeps,
 * when a refresh is due, how failures are classified, and that logout waits for a refresh in flight.
 */
import { describe, expect, it } from 'vitest'
import { DanceError, isDanceError } from '../../src/errors.js'
import { assertSameIdentity, decodeJwtClaims } from '../../src/refresh/id-token.js'
import { InProcessLock } from '../../src/refresh/lock.js'
import { classifyRefreshError } from '../../src/refresh/refresh-outcome.js'
import { Refresher } from '../../src/refresh/refresher.js'
import {
  flightId,
  mergeRefreshed,
  refreshDue,
  refreshedMeanwhile,
} from '../../src/refresh/token-freshness.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { SessionStorage } from '../../src/storage/session.js'
import type { Token } from '../../src/token.js'
import { unsignedJwt } from './support.js'

const jwt = (claims: Record<string, unknown>) =>
  unsignedJwt({ iss: 'https://op', sub: 'alice', aud: 'app', ...claims })

describe('refreshed ID token identity (OIDC Core §12.2)', () => {
  it('accepts the same iss, sub and aud (aud as a list in any order)', () => {
    expect(() =>
      assertSameIdentity(
        { id_token: jwt({ aud: ['app', 'api'] }) },
        { id_token: jwt({ aud: ['api', 'app'] }) },
      ),
    ).not.toThrow()
  })

  it.each([
    ['sub', { sub: 'mallory' }],
    ['iss', { iss: 'https://evil' }],
    ['aud', { aud: 'other-app' }],
    ['missing sub', { sub: undefined }],
  ])('refuses a different %s', (_label, change) => {
    const attempt = () => assertSameIdentity({ id_token: jwt({}) }, { id_token: jwt(change) }, 'op')
    expect(attempt).toThrow(DanceError)
    try {
      attempt()
    } catch (error) {
      expect(isDanceError(error, 'id_token_invalid')).toBe(true)
    }
  })

  it('checks nothing unless both tokens carry an ID token, and refuses garbage', () => {
    expect(() => assertSameIdentity({}, { id_token: jwt({ sub: 'x' }) })).not.toThrow()
    expect(() => assertSameIdentity({ id_token: jwt({}) }, {})).not.toThrow()
    expect(() => decodeJwtClaims('not.a-jwt')).toThrow(/cannot be decoded/)
    expect(() => assertSameIdentity({ id_token: jwt({}) }, { id_token: 'a.b.c' })).toThrow(DanceError)
  })
})

describe('refresh helpers', () => {
  it('keeps the refresh token, scope and ID token the response left out (RFC 6749 §6)', () => {
    const merged = mergeRefreshed(
      { access_token: 'old', refresh_token: 'rt', scope: 'a b', id_token: 'id' },
      { access_token: 'new', expires_in: 60 },
    )
    expect(merged).toEqual({
      access_token: 'new',
      expires_in: 60,
      refresh_token: 'rt',
      scope: 'a b',
      id_token: 'id',
    })
    expect(
      mergeRefreshed({ refresh_token: 'rt' }, { access_token: 'n', refresh_token: 'rt2' }).refresh_token,
    ).toBe('rt2')
  })

  it('caps the margin at half the lifetime, so short-lived tokens are not refreshed on every use', () => {
    const now = 1_000_000
    expect(refreshDue({ expires_at: now + 50 }, 60, now)).toBe(true)
    expect(refreshDue({ expires_at: now + 50, expires_in: 60 }, 60, now)).toBe(false)
    expect(refreshDue({ expires_at: now + 20, expires_in: 60 }, 60, now)).toBe(true)
    expect(refreshDue({}, 60, now)).toBe(false)
  })

  it('sees another worker’s refresh: a new access token, or (when expiring) a later expiry', () => {
    const seen: Token = { access_token: 'a', expires_at: 1 }
    expect(refreshedMeanwhile(seen, { access_token: 'b', expires_at: 1 }, 'rejected', 60)).toBe(true)
    expect(refreshedMeanwhile(seen, { access_token: 'a', expires_at: 1 }, 'expiring', 60)).toBe(false)
    const later = { access_token: 'a', expires_at: Math.floor(Date.now() / 1000) + 3600 }
    expect(refreshedMeanwhile(seen, later, 'expiring', 60)).toBe(true)
    // The API rejected this very token: a later expiry date does not make it good.
    expect(refreshedMeanwhile(seen, later, 'rejected', 60)).toBe(false)
  })

  it('classifies failures: the dead refresh token, timeouts and the rest', () => {
    const reauth = new DanceError('reauth_required', 'x', { provider: 'p' })
    expect(classifyRefreshError(reauth, 'p')).toBe(reauth)
    // One the app's own code threw (a storage of its own) is wrapped to name the blueprint, code kept.
    const unowned = new DanceError('storage_error', 'x')
    const owned = classifyRefreshError(unowned, 'p')
    expect(owned).toMatchObject({ code: 'storage_error', message: 'x', provider: 'p', cause: unowned })
    expect(classifyRefreshError(new DanceError('provider_timeout', 'x'), 'p').code).toBe('provider_timeout')
    expect(classifyRefreshError(new DanceError('provider_unavailable', 'x'), 'p').code).toBe('refresh_failed')
    expect(classifyRefreshError(new Error('boom'), 'p').code).toBe('refresh_failed')
  })

  it('keys single flight by user and refresh token, never by the refresh token alone in clear', () => {
    const key = { provider: 'p', userId: 'u' }
    const id = flightId(key, { refresh_token: 'secret-rt' })
    expect(id).not.toContain('secret-rt')
    expect(id).not.toBe(flightId(key, { refresh_token: 'other-rt' }))
    expect(id).not.toBe(flightId({ provider: 'p', userId: 'v' }, { refresh_token: 'secret-rt' }))
  })
})

describe('Refresher', () => {
  it('makes logout wait for a refresh in flight, so the refreshed token is not stored again', async () => {
    const storage = new MemoryStorage({ singleUser: true })
    const key = { provider: 'p', userId: 'u' }
    const original: Token = { access_token: 'a1', refresh_token: 'r1', expires_at: 1 }
    storage.set(key, original)
    let finish: (token: Token) => void = () => {}
    const refresher = new Refresher({
      provider: 'p',
      storage: () => storage,
      grant: () => new Promise<Token>((resolve) => (finish = resolve)),
      validate: () => {},
      margin: 60,
      lock: new InProcessLock(),
      lockTtlMs: 1_000,
    })
    const refreshing = refresher.refresh(key, original, {}, 'expiring')
    await new Promise((resolve) => setTimeout(resolve, 10))
    const loggingOut = refresher.exclusive(key, original, {}, async (current) => {
      storage.delete(key)
      return current
    })
    finish({ access_token: 'a2', refresh_token: 'r2' })
    expect((await refreshing).access_token).toBe('a2')
    // Logout saw (and would revoke) the refreshed token, and nothing is left behind.
    expect((await loggingOut)?.refresh_token).toBe('r2')
    expect(storage.get(key)).toBeUndefined()
  })

  it('answers a request that read its session before the refresh was saved, without a second grant', async () => {
    // Two requests of one browser, each with its own copy of the session (as express-session loads it).
    const sessions = [new Map<string, unknown>(), new Map<string, unknown>()]
    const port = (map: Map<string, unknown>) => ({
      get: (name: string) => map.get(name),
      set: (name: string, value: unknown) => void map.set(name, value),
      delete: (name: string) => void map.delete(name),
    })
    const storage = new SessionStorage()
    const key = { provider: 'p' }
    const original: Token = { access_token: 'a1', refresh_token: 'r1', expires_at: 1 }
    for (const session of sessions) storage.set(key, original, { session: port(session) })
    let grants = 0
    const refresher = new Refresher({
      provider: 'p',
      storage: () => storage,
      grant: async () => ({ access_token: `a${++grants + 1}`, expires_in: 3600 }),
      validate: () => {},
      margin: 60,
      lock: new InProcessLock(),
      lockTtlMs: 1_000,
    })
    const first = await refresher.refresh(key, original, { session: port(sessions[0]!) }, 'expiring')
    const late = await refresher.refresh(key, original, { session: port(sessions[1]!) }, 'expiring')
    expect(grants).toBe(1)
    expect(late).toEqual(first)
    expect(storage.get(key, { session: port(sessions[1]!) })?.access_token).toBe('a2')
    // The refresh token did not rotate, so the new token has the same flight id; when it needs a
    // refresh itself (the API rejected it), it gets a new grant, not itself back.
    const again = await refresher.refresh(key, first, { session: port(sessions[0]!) }, 'rejected')
    expect(grants).toBe(2)
    expect(again.access_token).toBe('a3')
  })

  it('answers reauth_required when the token was deleted before the refresh could start', async () => {
    const storage = new MemoryStorage({ singleUser: true })
    let grants = 0
    const refresher = new Refresher({
      provider: 'p',
      storage: () => storage,
      grant: async () => {
        grants++
        return { access_token: 'x' }
      },
      validate: () => {},
      margin: 60,
      lock: new InProcessLock(),
      lockTtlMs: 1_000,
    })
    const error = await refresher
      .refresh({ provider: 'p' }, { refresh_token: 'r' }, {}, 'expiring')
      .catch((e) => e)
    expect(isDanceError(error, 'reauth_required')).toBe(true)
    expect(grants).toBe(0)
  })

  it('waits on storage once, not twice: a slow re-read leaves the write only what is left of 5 s', async () => {
    // A database coming back from a restart: the re-read answers after 4 s, the write hangs until it
    // is let through. The refresh must answer with the new token about 5 s in (the write then goes on
    // in the background), not 4 s for the read plus 5 more for the write.
    const memory = new MemoryStorage({ singleUser: true })
    const key = { provider: 'p', userId: 'u' }
    const original: Token = { access_token: 'a1', refresh_token: 'r1', expires_at: 1 }
    memory.set(key, original)
    let letWrite: () => void = () => {}
    const writable = new Promise<void>((resolve) => (letWrite = resolve))
    const storage = {
      get: (k: typeof key) => memory.get(k),
      getLatest: async (k: typeof key) => {
        await new Promise((resolve) => setTimeout(resolve, 4_000))
        return memory.get(k)
      },
      set: async (k: typeof key, token: Token) => {
        await writable
        memory.set(k, token)
      },
      delete: (k: typeof key) => memory.delete(k),
    }
    const refresher = new Refresher({
      provider: 'p',
      storage: () => storage,
      grant: async () => ({ access_token: 'a2', refresh_token: 'r2', expires_in: 3600 }),
      validate: () => {},
      margin: 60,
      lock: new InProcessLock(),
      lockTtlMs: 30_000,
    })
    const started = Date.now()
    const fresh = await refresher.refresh(key, original, {}, 'expiring')
    const took = Date.now() - started
    expect(fresh.access_token).toBe('a2')
    expect(took).toBeGreaterThanOrEqual(4_000)
    expect(took).toBeLessThan(5_800)
    // Kept, and written once the storage answers again.
    expect(memory.get(key)?.access_token).toBe('a1')
    letWrite()
    const until = Date.now() + 3_000
    while (memory.get(key)?.access_token !== 'a2' && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(memory.get(key)?.access_token).toBe('a2')
  }, 15_000)
})
