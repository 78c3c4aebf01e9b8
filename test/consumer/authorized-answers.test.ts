/**
 * The `authorized` hook's answers, each through a whole login: a Response means "store the token and
 * answer with this"; `{ store: false, response }` means "I stored it myself, answer with this"; and one
 * hooks object shared by several blueprints (Flask-Dance's signals without a sender) tells them apart
 * by `provider`.
 */
import { describe, expect, it } from 'vitest'
import type { AuthorizedContext, BlueprintHooks } from '../../src/consumer/hooks.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import type { Token } from '../../src/token.js'
import { inProcessBlueprint, loginInProcess } from '../support/in-process-login.js'

function withStorage(name: string, hooks: BlueprintHooks) {
  const storage = new MemoryStorage({ singleUser: true })
  return { storage, blueprint: inProcessBlueprint({ name, storage, hooks }) }
}

describe('the authorized hook answering with a Response', () => {
  it('a Response: the token is stored and the browser gets the Response', async () => {
    const { storage, blueprint } = withStorage('answer', {
      authorized: () => new Response('welcome', { status: 201 }),
    })
    const callback = await loginInProcess(blueprint)
    expect(callback.status).toBe(201)
    expect(await callback.text()).toBe('welcome')
    expect(storage.size).toBe(1)
  })

  it('{ store: false, response }: the app stored it itself, nothing is stored, the browser gets the Response', async () => {
    const ownDatabase = new Map<string, Token>()
    const { storage, blueprint } = withStorage('self', {
      authorized: ({ provider, token }) => {
        ownDatabase.set(provider, token)
        return { store: false, response: new Response('stored by the app', { status: 200 }) }
      },
    })
    const callback = await loginInProcess(blueprint)
    expect(callback.status).toBe(200)
    expect(await callback.text()).toBe('stored by the app')
    expect(storage.size).toBe(0)
    expect(ownDatabase.get('self')?.access_token).toBe('token-of-self')
    // The transaction cookie is cleared whatever the hook answers.
    expect(callback.headers.getSetCookie().some((c) => /oauth-dance-tx\..*Max-Age=0/i.test(c))).toBe(true)
  })

  it('false: nothing is stored and the browser is redirected as usual', async () => {
    const { storage, blueprint } = withStorage('veto', { authorized: () => false })
    const callback = await loginInProcess(blueprint, undefined, '?next=/after')
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe('/after')
    expect(storage.size).toBe(0)
  })
})

describe('one hooks object for every blueprint', () => {
  it('runs for each blueprint, which it tells apart by provider', async () => {
    const seen: Array<Pick<AuthorizedContext, 'provider'> & { token: string | undefined }> = []
    const hooks: BlueprintHooks = {
      authorized: ({ provider, token }) => {
        seen.push({ provider, token: token.access_token })
        return { userId: `user-from-${provider}` }
      },
    }
    const alpha = new MemoryStorage()
    const beta = new MemoryStorage()
    await loginInProcess(inProcessBlueprint({ name: 'alpha', storage: alpha, hooks }))
    await loginInProcess(inProcessBlueprint({ name: 'beta', storage: beta, hooks }))
    expect(seen).toEqual([
      { provider: 'alpha', token: 'token-of-alpha' },
      { provider: 'beta', token: 'token-of-beta' },
    ])
    expect(alpha.get({ provider: 'alpha', userId: 'user-from-alpha' })?.access_token).toBe('token-of-alpha')
    expect(beta.get({ provider: 'beta', userId: 'user-from-beta' })?.access_token).toBe('token-of-beta')
  })
})
