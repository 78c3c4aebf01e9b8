/**
 * `redirectTo`, where the browser goes after a login without `next`: a path, an absolute URL (the app's
 * own configuration may name another app of its owner), or a function of the token and request.
 */
import { describe, expect, it } from 'vitest'
import type { Token } from '../../src/token.js'
import { inProcessBlueprint, loginInProcess } from '../support/in-process-login.js'

describe('redirectTo', () => {
  it('an absolute URL is followed as configured', async () => {
    const blueprint = inProcessBlueprint({
      name: 'absolute',
      redirectTo: 'https://dashboard.example/welcome?x=1',
    })
    const callback = await loginInProcess(blueprint)
    expect(callback.status).toBe(302)
    expect(callback.headers.get('location')).toBe('https://dashboard.example/welcome?x=1')
  })

  it('a function gets the token and the callback request, and its answer is the redirect', async () => {
    const calls: Array<{ token: Token; path: string }> = []
    const blueprint = inProcessBlueprint({
      name: 'computed',
      redirectTo: ({ token, request }) => {
        calls.push({ token, path: new URL(request.url).pathname })
        return `/welcome/${String(token.access_token)}`
      },
    })
    const callback = await loginInProcess(blueprint)
    expect(callback.headers.get('location')).toBe('/welcome/token-of-computed')
    expect(calls.map((c) => [c.token.access_token, c.path])).toEqual([
      ['token-of-computed', '/login/computed/authorized'],
    ])
  })

  it('a function answering an unsafe target falls back to /', async () => {
    for (const target of ['//evil.example', 'javascript:alert(1)', '/\\evil.example']) {
      const blueprint = inProcessBlueprint({ name: 'unsafe', redirectTo: () => target })
      expect((await loginInProcess(blueprint)).headers.get('location'), target).toBe('/')
    }
  })

  it('is checked on every callback: a fixed unsafe target stays refused, a function is asked each time', async () => {
    const fixed = inProcessBlueprint({ name: 'fixed-unsafe', redirectTo: '//evil.example' })
    for (const round of [1, 2])
      expect((await loginInProcess(fixed)).headers.get('location'), `${round}`).toBe('/')
    const answers = ['/first', '//evil.example', '/third', '/third']
    const changing = inProcessBlueprint({ name: 'changing', redirectTo: () => answers.shift()! })
    const seen: Array<string | null> = []
    for (let i = 0; i < 4; i++) seen.push((await loginInProcess(changing)).headers.get('location'))
    expect(seen).toEqual(['/first', '/', '/third', '/third'])
  })

  it('next wins over redirectTo, and the function is not asked', async () => {
    let asked = 0
    const blueprint = inProcessBlueprint({
      name: 'next',
      redirectTo: () => {
        asked++
        return 'https://dashboard.example/'
      },
    })
    const callback = await loginInProcess(blueprint, undefined, '?next=/after')
    expect(callback.headers.get('location')).toBe('/after')
    expect(asked).toBe(0)
  })
})
