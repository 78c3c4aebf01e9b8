import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { resolveApiUrl } from '../../src/client/url.js'
import { isDanceError } from '../../src/errors.js'

// Issue 12 finding 4: a relative API path must never leave the base path, plain or percent-encoded.
const BASE = 'https://gitlab.com/api/v4'

/** Absolute and scheme-relative URLs fall under the origin rule (api-url.test.ts), not the path rule. */
const absolute = (path: string) => /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')

function outcome(path: string): URL | 'refused' {
  try {
    return resolveApiUrl('gitlab', BASE, path)
  } catch (error) {
    // `//host/...` is an absolute (scheme-relative) URL, under the origin rule instead.
    const code = absolute(path) ? 'config_invalid' : 'api_path_invalid'
    expect(isDanceError(error, code), `${JSON.stringify(path)}: ${String(error)}`).toBe(true)
    return 'refused'
  }
}

/**
 * What a server that percent-decodes (up to three times), drops each segment's `;params` (as servlet
 * containers do) and then resolves dot segments would read.
 */
function serverView(pathname: string): string {
  let path = pathname
  for (let i = 0; i < 3; i++) {
    try {
      path = decodeURIComponent(path)
    } catch {
      break
    }
  }
  const out: string[] = []
  for (const raw of path.replace(/\\/g, '/').split('/')) {
    const segment = raw.split(';')[0]!
    // The root ('' before the first slash) stays: `..` at the root is the root.
    if (segment === '..') out.length > 1 && out.pop()
    else if (segment !== '.') out.push(segment)
  }
  return out.join('/')
}

describe('API paths with dot segments (issue 12 finding 4)', () => {
  it('refuses the reviewer’s escapes with api_path_invalid', () => {
    for (const path of [
      '../../x',
      '/../../x',
      'projects/../../../x',
      '%2e%2e/%2e%2e/x',
      '%2E./x',
      '.%2E/x',
      '%2e%2E/x',
      '..\\..\\x',
      'a\\..\\..\\x',
      '..%2f..%2fx',
      '..%5c..%5cx',
      '%252e%252e/x',
      '.\t./.\n./x',
      '..',
      'a/..',
      // Servlet containers drop a segment's `;params` before resolving `..`.
      'users/..;/..;/admin',
      '..;x/..;x/admin',
      '%2e%2e;/admin',
      '%2e%2e%3b/admin',
      '..%3bjsessionid=1/admin',
    ]) {
      expect(outcome(path), path).toBe('refused')
    }
  })

  it('still resolves ordinary paths, single dots and dots in names or queries', () => {
    expect(String(outcome('/user'))).toBe('https://gitlab.com/api/v4/user')
    expect(String(outcome('./user'))).toBe('https://gitlab.com/api/v4/user')
    expect(String(outcome('projects/group%2Fproject'))).toBe(
      'https://gitlab.com/api/v4/projects/group%2Fproject',
    )
    expect(String(outcome('files/a..b.txt'))).toBe('https://gitlab.com/api/v4/files/a..b.txt')
    expect(String(outcome('items/x;v=..'))).toBe('https://gitlab.com/api/v4/items/x;v=..')
    expect(String(outcome('search?q=../../x'))).toBe('https://gitlab.com/api/v4/search?q=../../x')
  })

  it('keeps every resolved path under the base path and origin (property)', () => {
    const piece = fc.constantFrom(
      '.',
      '..',
      '/',
      '\\',
      '%2e',
      '%2E',
      '%2f',
      '%2F',
      '%5c',
      '%25',
      '%',
      'a',
      'x.y',
      '?',
      '#',
      '\t',
      ' ',
      '//',
      '@',
      ':',
      ';',
      '%3b',
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const path = pieces.join('')
        const result = outcome(path)
        if (result === 'refused' || absolute(path)) return
        expect(result.origin).toBe('https://gitlab.com')
        expect(result.pathname.startsWith('/api/v4/'), path).toBe(true)
        const seen = serverView(result.pathname)
        expect(seen.startsWith('/api/v4/') || seen === '/api/v4', `${path} -> ${seen}`).toBe(true)
      }),
      { numRuns: 3000 },
    )
  })
})
