/**
 * The return-to target after login: same-origin relative paths only. A table of known open-redirect
 * tricks, a property-based check over hostile strings, and the real login route end to end.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_RETURN_TO_LENGTH, safeReturnTo } from '../../src/consumer/transaction/return-to.js'
import { HttpBrowser } from '../support/http-browser.js'
import { fullLogin, type Rig, startRig } from './harness.js'

const APP = 'https://app.example'

/** What a browser would do with the value as a Location on a page of our app. */
function staysOnOrigin(value: string): boolean {
  return (
    new URL(value, `${APP}/some/deep/page?x=1`).origin === APP &&
    // Browsers strip tabs and newlines and read `\` as `/` before resolving.
    new URL(value.replace(/[\t\n\r]/g, '').replace(/\\/g, '/'), `${APP}/`).origin === APP
  )
}

const attacks = [
  'https://evil.example',
  'http://evil.example/path',
  'HTTPS://evil.example',
  '//evil.example',
  '///evil.example',
  '////evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '\\/evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '\t//evil.example',
  ' //evil.example',
  '/%2fevil.example',
  '/%2F%2Fevil.example',
  '/%5cevil.example',
  '/%5C%5Cevil.example',
  // Decoded once more (by an app's afterLogin hook, a proxy), these are `/\t/`: browsers strip the tab.
  '/%09/evil.example',
  '/%0a/evil.example',
  '/%0D%0A/evil.example',
  '/%09%2F/evil.example',
  '/.//evil.example',
  '/./\\evil.example',
  '/%2e//evil.example',
  '/%2E%2E//evil.example',
  '/a/../..//evil.example',
  '/..//evil.example',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'https://app.example@evil.example',
  '//app.example@evil.example',
  'http:evil.example',
  'https:/evil.example',
  'evil.example',
  'evil.example/path',
  '%',
  '/%',
  '/%E0%A4%A',
  '/%zz',
  '/\u0000',
  '/\u007f',
  '',
  `/${'a'.repeat(MAX_RETURN_TO_LENGTH)}`,
  `//${'a'.repeat(100_000)}`,
]

describe('safeReturnTo', () => {
  it.each(attacks.map((a) => [JSON.stringify(a.length > 60 ? `${a.slice(0, 60)}…` : a), a]))(
    'rejects %s',
    (_label, value) => {
      expect(safeReturnTo(value)).toBeUndefined()
    },
  )

  it.each([
    ['/', '/'],
    ['/dashboard', '/dashboard'],
    ['/a/b?c=d&e=f#frag', '/a/b?c=d&e=f#frag'],
    // Double-encoded separators are plain characters of a path on our origin.
    ['/%252f%252fevil.example', '/%252f%252fevil.example'],
    ['/search?q=//not-a-host', '/search?q=//not-a-host'],
    ['/a/./b/../c', '/a/c'],
    ['/caf\u00e9', '/caf%C3%A9'],
    ['/user@host', '/user@host'],
  ])('keeps the same-origin path %s as %s', (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected)
  })

  it('rejects anything that is not a string', () => {
    for (const value of [undefined, null, 42, ['/a'], { toString: () => '/a' }, new URL(`${APP}/a`)]) {
      expect(safeReturnTo(value)).toBeUndefined()
    }
  })

  const fragments = fc.constantFrom(
    '/',
    '//',
    '\\',
    '%2f',
    '%2F',
    '%5c',
    '%25',
    '%',
    '.',
    '..',
    '%2e',
    '@',
    ':',
    'javascript:',
    'https:',
    '\t',
    '\n',
    '\r',
    ' ',
    '?',
    '#',
    'evil.example',
    'a',
    '\u0000',
    '\u3002',
    '\uff0f',
    '%E2%80%AE',
  )
  const hostile = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.array(fragments, { maxLength: 12 }).map((parts) => parts.join('')),
    fc.array(fragments, { maxLength: 12 }).map((parts) => `/${parts.join('')}`),
  )

  it('never crashes, and whatever it returns stays on our origin and is stable', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const result = safeReturnTo(value)
        if (result === undefined) return true
        expect(result.startsWith('/')).toBe(true)
        expect(result.startsWith('//')).toBe(false)
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters
        expect(result).not.toMatch(/[\\\u0000-\u001f\u007f]/)
        expect(staysOnOrigin(result)).toBe(true)
        expect(safeReturnTo(result)).toBe(result)
        return true
      }),
      { numRuns: 3000 },
    )
  })

  it('keeps every plain path', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_~-]{1,12}$/)
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segments) => {
        const path = `/${segments.join('/')}`
        expect(safeReturnTo(path)).toBe(path)
      }),
      { numRuns: 300 },
    )
  })
})

describe('the login route with a hostile next', () => {
  let rig: Rig
  beforeAll(async () => {
    rig = await startRig()
  })
  afterAll(async () => {
    await rig?.close()
  })

  it.each([
    ['//evil.example', '/'],
    ['/.//evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/settings?tab=keys', '/settings?tab=keys'],
  ])('next=%s → after login, Location %s', async (next, expected) => {
    rig.reset()
    const browser = new HttpBrowser()
    const response = await fullLogin(rig, browser, 'alice', `?next=${encodeURIComponent(next)}`)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(expected)
  })
})
