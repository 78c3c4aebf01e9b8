/**
 * The return-to target after login: same-origin relative paths only. A table of known open-redirect
 * tricks, a property-based check over hostile strings, and the real login route end to end.
 */
import { randomUUID } from 'node:crypto'
import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import fc from 'fast-check'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance as fastifyDance } from '../../src/adapters/fastify.js'
import { dance as honoDance } from '../../src/adapters/hono.js'
import { MAX_RETURN_TO_LENGTH, safeReturnTo } from '../../src/consumer/transaction/return-to.js'
import type { SessionPort } from '../../src/context.js'
import { makeGithubBlueprint } from '../../src/providers/github.js'
import { closeTestApps, loginAs, type StandIn, startStandIn } from '../../src/testing/index.js'
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
    ['/%09/evil.example', '/'],
    ['/%0d%0aSet-Cookie:%20x=1', '/%0d%0aSet-Cookie:%20x=1'],
    ['/settings?tab=keys', '/settings?tab=keys'],
  ])('next=%s → after login, Location %s', async (next, expected) => {
    rig.reset()
    const browser = new HttpBrowser()
    const response = await fullLogin(rig, browser, 'alice', `?next=${encodeURIComponent(next)}`)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(expected)
  })
})

/** The same login on the Fastify and Hono adapters, through the testing kit's stand-in. */
describe('a hostile next on Fastify and Hono', () => {
  const hostile = [
    '//evil.example',
    '/\\evil.example',
    '/%5cevil.example',
    '/%09/evil.example',
    '/.//evil.example',
    'https://evil.example/',
  ]
  let standIn: StandIn
  beforeAll(async () => {
    standIn = await startStandIn('github', { name: 'return-to' })
  })
  afterAll(async () => {
    await closeTestApps()
    await standIn.close()
  })
  const blueprint = () =>
    makeGithubBlueprint({
      ...standIn.options,
      name: 'return-to',
      secret: 'return-to-transaction-secret-0123456789',
    })

  it('Fastify: every one ends on /, a same-site path is kept', async () => {
    const app = Fastify()
    await app.register(fastifyCookie)
    await app.register(fastifySession, {
      secret: 'a-fastify-session-secret-of-32-characters-or-more',
      cookie: { secure: false },
    })
    await app.register(fastifyDance(blueprint()))
    for (const next of hostile) {
      const user = await loginAs(app, 'return-to', 'alice', { next })
      expect(user.response.headers.get('location'), next).toBe('/')
    }
    const kept = await loginAs(app, 'return-to', 'alice', { next: '/settings?tab=keys' })
    expect(kept.response.headers.get('location')).toBe('/settings?tab=keys')
    await app.close()
  })

  it('Hono: every one ends on /, a same-site path is kept', async () => {
    const sessions = new Map<string, SessionPort>()
    const app = new Hono<{ Variables: { sid: string } }>()
    app.use(async (c, next) => {
      let sid = getCookie(c, 'sid')
      if (!sid || !sessions.has(sid)) {
        sid = randomUUID()
        sessions.set(sid, new Map())
        setCookie(c, 'sid', sid, { httpOnly: true, path: '/' })
      }
      c.set('sid', sid)
      await next()
    })
    app.use(honoDance(blueprint(), { session: (c) => sessions.get(c.get('sid') as string) }))
    for (const next of hostile) {
      const user = await loginAs(app, 'return-to', 'alice', { next })
      expect(user.response.headers.get('location'), next).toBe('/')
    }
    const kept = await loginAs(app, 'return-to', 'alice', { next: '/settings?tab=keys' })
    expect(kept.response.headers.get('location')).toBe('/settings?tab=keys')
  })
})
