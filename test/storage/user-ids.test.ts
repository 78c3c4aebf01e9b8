/**
 * A user resolver (or code calling the storage) that hands over the user object instead of its id
 * must not make every user share the key `[object Object]`: the resolver's answer is refused with
 * `config_invalid`, and a key whose id is not a string never reaches any storage.
 */
import { describe, expect, it } from 'vitest'
import { makeOAuth2Blueprint, type OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { isDanceError } from '../../src/errors.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { withRequestScope } from '../../src/testing/index.js'

function blueprint(user: () => unknown, storage = new MemoryStorage()): OAuth2Blueprint {
  return makeOAuth2Blueprint({
    name: 'ids',
    clientId: 'c',
    clientSecret: 's',
    authorizationUrl: 'https://provider.example/authorize',
    tokenUrl: 'https://provider.example/token',
    storage,
    user: user as never,
  })
}

describe('user ids are strings or numbers', () => {
  it.each([
    ['an object', { id: 'alice' }],
    ['an array', ['alice']],
    ['a boolean', true],
    ['NaN', Number.NaN],
  ])('a resolver returning %s is config_invalid', async (_what, value) => {
    const bp = blueprint(() => value)
    const error = await withRequestScope({ blueprints: [bp] }, (scope) => bp.validToken(scope)).catch(
      (e: unknown) => e,
    )
    expect(isDanceError(error, 'config_invalid'), String(error)).toBe(true)
  })

  it('numbers and strings still name users, each their own', async () => {
    const storage = new MemoryStorage()
    await storage.set({ provider: 'ids', userId: '42' }, { access_token: 'forty-two' })
    const bp = blueprint(() => 42, storage)
    const token = await withRequestScope({ blueprints: [bp] }, (scope) => bp.validToken(scope))
    expect(token?.access_token).toBe('forty-two')
  })

  it('a storage key whose id is not a string is refused by every storage door', async () => {
    const storage = new MemoryStorage()
    const error = await Promise.resolve()
      .then(() => storage.set({ provider: 'ids', userId: { id: 'a' } as never }, { access_token: 'x' }))
      .catch((e: unknown) => e)
    expect(isDanceError(error, 'storage_error'), String(error)).toBe(true)
  })
})
