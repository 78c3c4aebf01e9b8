import { describe, expect, it } from 'vitest'
import { grantedScopes, isExpiring, type Token, withExpiresAt } from '../src/token.js'

// Providers send strings where numbers belong; the type says number, the wire does not.
const wire = (expiresIn: unknown) => ({ expires_in: expiresIn }) as Token

describe('token helpers', () => {
  it('adds expires_at from expires_in, keeping every member', () => {
    const token = withExpiresAt({ access_token: 'a', token_type: 'bearer', expires_in: 3600, extra: 1 }, 1000)
    expect(token).toEqual({
      access_token: 'a',
      token_type: 'bearer',
      expires_in: 3600,
      expires_at: 4600,
      extra: 1,
    })
  })

  it('accepts a numeric string expires_in and ignores nonsense', () => {
    expect(withExpiresAt(wire('60'), 100).expires_at).toBe(160)
    expect(withExpiresAt({ expires_in: -5 }, 100).expires_at).toBeUndefined()
    expect(withExpiresAt(wire('soon'), 100).expires_at).toBeUndefined()
    expect(withExpiresAt({ access_token: 'a' }, 100)).toEqual({ access_token: 'a' })
  })

  it('tells when a token expires within a margin', () => {
    expect(isExpiring({ expires_at: 200 }, 0, 100)).toBe(false)
    expect(isExpiring({ expires_at: 200 }, 100, 100)).toBe(true)
    expect(isExpiring({ expires_at: 99 }, 0, 100)).toBe(true)
    expect(isExpiring({ access_token: 'never expires' }, 60, 100)).toBe(false)
  })

  it('splits granted scopes on spaces and GitHub’s commas', () => {
    expect(grantedScopes({ scope: 'openid profile' })).toEqual(['openid', 'profile'])
    expect(grantedScopes({ scope: 'repo,gist' })).toEqual(['repo', 'gist'])
    expect(grantedScopes({ scope: '' })).toEqual([])
    expect(grantedScopes({})).toEqual([])
  })
})
