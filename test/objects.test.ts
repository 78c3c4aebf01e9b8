import { describe, expect, it } from 'vitest'
import { withMembers } from '../src/objects.js'
import { mergeRefreshed } from '../src/refresh/token-freshness.js'
import { withExpiresAt } from '../src/token.js'

describe('withMembers', () => {
  it('makes what a spread makes: the same members, in the same order, extra winning', () => {
    const cases: Array<[object | undefined, object]> = [
      [{ a: 1, b: 2 }, { c: 3 }],
      [{ a: 1, b: 2 }, { a: 9 }],
      [undefined, { a: 1 }],
      [{ [Symbol.for('s')]: 1, a: undefined }, { b: undefined }],
      [Object.assign(Object.create({ inherited: 1 }), { own: 2 }), { more: 3 }],
    ]
    for (const [base, extra] of cases) {
      const made = withMembers(base, extra)
      const spread = { ...base, ...extra }
      expect(made).toStrictEqual(spread)
      expect(Reflect.ownKeys(made)).toEqual(Reflect.ownKeys(spread))
      expect(made).not.toBe(base)
    }
  })

  it('defines a provider’s own `__proto__` member instead of setting the prototype', () => {
    // JSON.parse makes `__proto__` an own member; Object.assign would set the copy's prototype from it.
    const hostile = JSON.parse('{"access_token":"a","__proto__":{"refresh_token":"planted"}}') as object
    const made = withMembers(hostile, { extra: 1 }) as Record<string, unknown>
    expect(Object.getPrototypeOf(made)).toBe(Object.prototype)
    expect(made.refresh_token).toBeUndefined()
    expect(Object.hasOwn(made, '__proto__')).toBe(true)
    const reversed = withMembers({ extra: 1 }, hostile) as Record<string, unknown>
    expect(Object.getPrototypeOf(reversed)).toBe(Object.prototype)
    expect(reversed.refresh_token).toBeUndefined()
  })

  it('keeps a token answer’s `__proto__` member from lending the token members it lacks', () => {
    const answer = JSON.parse(
      '{"access_token":"a","expires_in":60,"__proto__":{"refresh_token":"planted","scope":"admin"}}',
    )
    const token = withExpiresAt(answer, 1000)
    expect(token.expires_at).toBe(1060)
    expect(Object.getPrototypeOf(token)).toBe(Object.prototype)
    expect(token.refresh_token).toBeUndefined()
    const merged = mergeRefreshed({ access_token: 'old', refresh_token: 'kept' }, token)
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect(merged.refresh_token).toBe('kept')
    expect(merged.scope).toBeUndefined()
  })
})
