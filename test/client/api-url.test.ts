import { describe, expect, it } from 'vitest'
import { resolveApiUrl } from '../../src/client/url.js'
import { isDanceError } from '../../src/errors.js'

const resolve = (base: string | undefined, path: string | URL, allowed?: string[]) =>
  resolveApiUrl('test', base, path, allowed).href

describe('API base-URL joining', () => {
  it('appends relative paths to the base path, with or without a leading slash', () => {
    expect(resolve('https://api.github.com/', '/user')).toBe('https://api.github.com/user')
    expect(resolve('https://api.github.com/', 'user')).toBe('https://api.github.com/user')
    expect(resolve('https://api.github.com', 'user')).toBe('https://api.github.com/user')
    expect(resolve('https://gitlab.com/api/v4', '/user')).toBe('https://gitlab.com/api/v4/user')
    expect(resolve('https://gitlab.com/api/v4/', 'user')).toBe('https://gitlab.com/api/v4/user')
  })

  it('keeps a leading-slash path under the base path, so a repeated version is not collapsed', () => {
    // docs/from-flask-dance.md: Flask-Dance resolved `/v1/me` from the origin; here it stays under /v1/.
    expect(resolve('https://api.spotify.com/v1/', '/v1/me')).toBe('https://api.spotify.com/v1/v1/me')
    expect(resolve('https://api.spotify.com/v1/', 'me')).toBe('https://api.spotify.com/v1/me')
    expect(resolve('https://api.openstreetmap.org/api/0.6/', '/api/0.6/user/details')).toBe(
      'https://api.openstreetmap.org/api/0.6/api/0.6/user/details',
    )
  })

  it('keeps query strings and nested paths', () => {
    expect(resolve('https://gitlab.com/api/v4', '/projects/1/issues?state=opened')).toBe(
      'https://gitlab.com/api/v4/projects/1/issues?state=opened',
    )
  })

  it('uses absolute URLs on the base origin or an allowed origin', () => {
    expect(resolve('https://gitlab.com/api/v4', 'https://gitlab.com/oauth/userinfo')).toBe(
      'https://gitlab.com/oauth/userinfo',
    )
    expect(
      resolve('https://api.github.com/', new URL('https://uploads.github.com/x'), [
        'https://uploads.github.com',
      ]),
    ).toBe('https://uploads.github.com/x')
  })

  it('refuses to send the token to a foreign origin', () => {
    for (const path of [
      'https://evil.example/user',
      '//evil.example/user',
      'http://api.github.com/user', // another scheme is another origin
      'https://api.github.com.evil.example/',
    ]) {
      let caught: unknown
      try {
        resolve('https://api.github.com/', path)
      } catch (error) {
        caught = error
      }
      expect(isDanceError(caught, 'config_invalid'), path).toBe(true)
    }
  })

  it('needs a base URL for relative paths', () => {
    expect(() => resolve(undefined, '/user')).toThrow(/no baseUrl/)
  })
})
