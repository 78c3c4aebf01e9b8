/**
 * The login transaction cookie: its attributes over http and https (and that untrusted X-Forwarded-*
 * headers change nothing), one use, a bounded life, binding to the provider and the secret, tamper
 * resistance, and two tabs logging in at once.
 */
import { createHash } from 'node:crypto'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import { makeOAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { REPLAY_CAPACITY, ReplayGuard } from '../../src/consumer/transaction/replay-guard.js'
import { HttpBrowser } from '../support/http-browser.js'
import {
  beginLogin,
  expectFailure,
  fullLogin,
  RIG_SECRET,
  type Rig,
  startRig,
  transactionCookies,
} from './harness.js'

let rig: Rig
let proxied: Rig

beforeAll(async () => {
  ;[rig, proxied] = await Promise.all([startRig(), startRig({ trustProxy: true })])
})
afterAll(async () => {
  await Promise.all([rig?.close(), proxied?.close()])
})
beforeEach(() => {
  rig.reset()
  proxied.reset()
})

/** Parses one Set-Cookie line into its name, value and attributes (lower-cased names). */
function parseSetCookie(line: string) {
  const [pair = '', ...rest] = line.split(';').map((p) => p.trim())
  const eq = pair.indexOf('=')
  const attributes = new Map(
    rest.map((a) => {
      const i = a.indexOf('=')
      return i === -1 ? [a.toLowerCase(), ''] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)]
    }),
  )
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes }
}

async function loginCookie(origin: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${origin}/login/evil`, { redirect: 'manual', headers })
  const lines = response.headers.getSetCookie().filter((l) => l.includes('oauth-dance-tx.'))
  expect(lines).toHaveLength(1)
  return { cookie: parseSetCookie(lines[0]!), location: new URL(response.headers.get('location')!) }
}

describe('transaction cookie attributes', () => {
  it('over http: HttpOnly, Path=/, SameSite=Lax, ten minutes, no Secure, no Domain, sealed', async () => {
    const { cookie, location } = await loginCookie(rig.app.origin)
    // One of a fixed set of slots shared by every provider: `oauth-dance-tx.<slot>`.
    expect(cookie.name).toMatch(/^oauth-dance-tx\.[0-2]$/)
    expect(cookie.attributes.has('httponly')).toBe(true)
    expect(cookie.attributes.get('path')).toBe('/')
    expect(cookie.attributes.get('samesite')).toBe('Lax')
    expect(cookie.attributes.get('max-age')).toBe('600')
    expect(cookie.attributes.has('secure')).toBe(false)
    expect(cookie.attributes.has('domain')).toBe(false)
    // Far below the 4096 bytes browsers promise per cookie (RFC 6265 §6.1).
    expect(`${cookie.name}=${cookie.value}`.length).toBeLessThan(1024)
    // Neither the state nor anything readable is in the cookie: it is AES-GCM sealed.
    const state = location.searchParams.get('state')!
    const plain = Buffer.from(cookie.value, 'base64url').toString('latin1')
    expect(cookie.value).not.toContain(state)
    expect(plain).not.toContain(state)
    expect(plain).not.toContain('verifier')
    expect(location.searchParams.get('redirect_uri')).toBe(`${rig.app.origin}/login/evil/authorized`)
  })

  it('over https behind a trusted proxy: Secure and a __Host- name, https redirect URI', async () => {
    const host = new URL(proxied.app.origin).host
    const { cookie, location } = await loginCookie(proxied.app.origin, { 'x-forwarded-proto': 'https' })
    expect(cookie.name).toMatch(/^__Host-oauth-dance-tx\.[0-2]$/)
    expect(cookie.attributes.has('secure')).toBe(true)
    expect(cookie.attributes.get('path')).toBe('/')
    expect(cookie.attributes.has('domain')).toBe(false)
    expect(cookie.attributes.get('samesite')).toBe('Lax')
    expect(location.searchParams.get('redirect_uri')).toBe(`https://${host}/login/evil/authorized`)
  })

  it('over https behind a trusted proxy: the whole login works with the __Host- cookie', async () => {
    const https = { 'x-forwarded-proto': 'https' }
    const browser = new HttpBrowser()
    const login = await browser.fetch(`${proxied.app.origin}/login/evil`, { headers: https })
    const callback = await proxied.evil.authorize(login.headers.get('location')!)
    expect(callback.protocol).toBe('https:')
    // The proxy terminates TLS: the app itself is reached over http with X-Forwarded-Proto.
    const response = await browser.fetch(`${proxied.app.origin}${callback.pathname}${callback.search}`, {
      headers: https,
    })
    expect(response.status).toBe(302)
    expect(response.headers.getSetCookie().join('\n')).toMatch(
      /^__Host-oauth-dance-tx\.[0-2]=; .*Max-Age=0.*Secure/m,
    )
    expect(proxied.memory.size).toBe(1)
  })

  it('without trust proxy, X-Forwarded-* headers change neither the redirect URI nor the cookie', async () => {
    const { cookie, location } = await loginCookie(rig.app.origin, {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'attacker.example',
      forwarded: 'proto=https;host=attacker.example',
    })
    expect(location.searchParams.get('redirect_uri')).toBe(`${rig.app.origin}/login/evil/authorized`)
    expect(cookie.name).toMatch(/^oauth-dance-tx\./)
    expect(cookie.attributes.has('secure')).toBe(false)
  })

  it('with redirectUrl configured, a forged Host header changes nothing', async () => {
    const fixed = await startRig({ blueprint: { redirectUrl: 'https://app.example/login/evil/authorized' } })
    try {
      const { port } = new URL(fixed.app.origin)
      const answer = await new Promise<IncomingMessage>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, path: '/login/evil', headers: { host: 'attacker.example' } },
          resolve,
        )
        req.once('error', reject)
        req.end()
      })
      answer.resume()
      const location = new URL(answer.headers.location!)
      expect(location.searchParams.get('redirect_uri')).toBe('https://app.example/login/evil/authorized')
    } finally {
      await fixed.close()
    }
  })

  it('a form_post provider gets SameSite=None; Secure, and the posted callback works', async () => {
    const blueprint = makeOAuth2Blueprint({
      responseMode: 'form_post',
      name: 'posted',
      clientId: rig.evil.clientId,
      clientSecret: rig.evil.clientSecret,
      authorizationUrl: rig.evil.authorizationUrl,
      tokenUrl: rig.evil.tokenUrl,
      issuer: rig.evil.issuer,
      allowInsecureRequests: true,
      secret: RIG_SECRET,
      storage: rig.memory,
    })
    rig.app.app.use(dance(blueprint))
    const browser = new HttpBrowser()
    const login = await browser.fetch(`${rig.app.origin}/login/posted`)
    const line = login.headers.getSetCookie().find((l) => l.includes('oauth-dance-tx.'))!
    const cookie = parseSetCookie(line)
    expect(cookie.attributes.get('samesite')).toBe('None')
    expect(cookie.attributes.has('secure')).toBe(true)
    const callback = await rig.evil.authorize(login.headers.get('location')!)
    const response = await browser.fetch(`${rig.app.origin}${callback.pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: callback.searchParams.toString(),
    })
    expect(response.status).toBe(302)
    expect(rig.memory.size).toBe(1)
  })
})

describe('transaction life', () => {
  it('is usable once: the same callback replayed with the same cookie fails without a provider call', async () => {
    const browser = new HttpBrowser()
    const callback = await rig.evil.authorize(await beginLogin(rig, browser))
    const stolen = new Map(browser.cookies.get(new URL(rig.app.origin).host))
    expect((await browser.fetch(callback)).status).toBe(302)
    expect(transactionCookies(rig, browser)).toEqual([])
    rig.reset()
    const attacker = new HttpBrowser()
    attacker.cookies.set(new URL(rig.app.origin).host, stolen)
    await expectFailure(rig, attacker, await attacker.fetch(callback), 400, 'transaction_missing')
    expect(rig.evil.requests).toHaveLength(0)
  })

  it('expires after transactionMaxAge, even if the browser still sends the cookie', async () => {
    const short = await startRig({ blueprint: { transactionMaxAge: 1 } })
    try {
      const browser = new HttpBrowser()
      const callback = await short.evil.authorize(await beginLogin(short, browser))
      await sleep(1100)
      await expectFailure(short, browser, await browser.fetch(callback), 400, 'transaction_expired')
      expect(short.evil.tokenRequests()).toHaveLength(0)
    } finally {
      await short.close()
    }
  })

  it('is bound to its provider: blueprint A’s cookie fails at B’s callback', async () => {
    const other = makeOAuth2Blueprint({
      name: 'other',
      clientId: rig.evil.clientId,
      clientSecret: rig.evil.clientSecret,
      authorizationUrl: rig.evil.authorizationUrl,
      tokenUrl: rig.evil.tokenUrl,
      allowInsecureRequests: true,
      secret: RIG_SECRET,
      storage: rig.memory,
      hooks: { error: ({ error }) => void rig.errors.push(error) },
    })
    rig.app.app.use(dance(other))
    const browser = new HttpBrowser()
    const callback = await rig.evil.authorize(await beginLogin(rig, browser))
    const jar = browser.cookies.get(new URL(rig.app.origin).host)!
    // The attacker rewrites the clear tag of A's cookie to the one B looks for with the same state
    // (the tag is an unkeyed digest of provider and state; the provider is also in the AAD).
    const [name, value] = [...jar].find(([n]) => n.includes('oauth-dance-tx.'))!
    const state = callback.searchParams.get('state')!
    const [issued, , sealed] = value.split('.') as [string, string, string]
    const tag = createHash('sha256').update(`other\u0000${state}`).digest('base64url').slice(0, 16)
    jar.set(name, `${issued}.${tag}.${sealed}`)
    const response = await browser.fetch(`${rig.app.origin}/login/other/authorized${callback.search}`)
    expect(response.status).toBe(400)
    expect(rig.errors.map((e) => e.code)).toEqual(['transaction_invalid'])
    expect(rig.evil.tokenRequests()).toHaveLength(0)
    expect(rig.memory.size).toBe(0)
  })

  it('a tampered, truncated or foreign cookie fails as transaction_invalid', async () => {
    const foreign = await startRig({ blueprint: { secret: 'another-instance-with-another-secret' } })
    try {
      for (const tamper of [
        // The value is `issuedAt.tag.sealed`: flip a byte of the sealed part, then of the issue time.
        (v: string) => {
          const at = v.lastIndexOf('.') + 20
          return `${v.slice(0, at)}${v[at] === 'A' ? 'B' : 'A'}${v.slice(at + 1)}`
        },
        (v: string) => `${v[0] === '1' ? '2' : '1'}${v.slice(1)}`,
        (v: string) => v.slice(0, 30),
        (v: string) => `${v}.`,
        () => 'not base64 at all!',
      ]) {
        rig.reset()
        const browser = new HttpBrowser()
        const callback = await rig.evil.authorize(await beginLogin(rig, browser))
        const jar = browser.cookies.get(new URL(rig.app.origin).host)!
        const [name, value] = [...jar].find(([n]) => n.includes('oauth-dance-tx.'))!
        jar.set(name, tamper(value))
        await expectFailure(rig, browser, await browser.fetch(callback), 400, 'transaction_invalid')
        expect(rig.evil.tokenRequests()).toHaveLength(0)
      }
      // A cookie sealed by an instance with another secret (same provider name, same state).
      const browser = new HttpBrowser()
      const callback = await foreign.evil.authorize(await beginLogin(foreign, browser))
      const cookies = browser.cookies.get(new URL(foreign.app.origin).host)!
      const victim = new HttpBrowser()
      victim.cookies.set(new URL(rig.app.origin).host, new Map(cookies))
      rig.reset()
      const response = await victim.fetch(`${rig.app.origin}/login/evil/authorized${callback.search}`)
      expect(response.status).toBe(400)
      expect(rig.errors.map((e) => e.code)).toEqual(['transaction_invalid'])
    } finally {
      await foreign.close()
    }
  })

  it('two tabs logging in at once both succeed, in either order', async () => {
    const browser = new HttpBrowser()
    const first = await rig.evil.authorize(await beginLogin(rig, browser, '?next=/one'))
    const second = await rig.evil.authorize(await beginLogin(rig, browser, '?next=/two'))
    expect(transactionCookies(rig, browser)).toHaveLength(2)
    const answerTwo = await browser.fetch(second)
    const answerOne = await browser.fetch(first)
    expect([answerOne.status, answerOne.headers.get('location')]).toEqual([302, '/one'])
    expect([answerTwo.status, answerTwo.headers.get('location')]).toEqual([302, '/two'])
    expect(rig.errors).toEqual([])
    expect(rig.evil.tokenRequests()).toHaveLength(2)
    expect(transactionCookies(rig, browser)).toEqual([])
  })

  it('a failed callback clears every transaction of that provider in the browser', async () => {
    const browser = new HttpBrowser()
    await beginLogin(rig, browser)
    await beginLogin(rig, browser)
    expect(transactionCookies(rig, browser)).toHaveLength(2)
    const response = await browser.fetch(`${rig.app.origin}/login/evil/authorized?state=forged&code=x`)
    await expectFailure(rig, browser, response, 400, 'transaction_missing')
  })

  it('a full login leaves no transaction cookie behind', async () => {
    const browser = new HttpBrowser()
    expect((await fullLogin(rig, browser)).status).toBe(302)
    expect(transactionCookies(rig, browser)).toEqual([])
  })
})

describe('replay guard (fixed-size, two rotating Bloom filters)', () => {
  const WINDOW = 600_000

  it('is sized up front for 100,000 logins per lifetime: 1 MiB, whatever the number of logins', () => {
    const guard = new ReplayGuard({ windowMs: WINDOW }, 0)
    expect(REPLAY_CAPACITY).toBe(100_000)
    expect([guard.bits, guard.probes, guard.byteLength]).toEqual([2 ** 22, 29, 2 ** 20])
    // The rate at capacity, per filter: (1 - e^(-k·n/m))^k; a lookup asks both filters.
    const perFilter = (1 - Math.exp((-guard.probes * REPLAY_CAPACITY) / guard.bits)) ** guard.probes
    expect(2 * perFilter).toBeLessThan(1e-8)
  })

  it('remembers a mark for at least one window, then forgets it', () => {
    const guard = new ReplayGuard({ windowMs: WINDOW }, 0)
    const mark = guard.mark('evil', 'state-1')
    expect(guard.has(mark, 1)).toBe(false)
    guard.add(mark, WINDOW - 1)
    expect(guard.has(guard.mark('evil', 'state-1'), WINDOW - 1)).toBe(true)
    // Bound to the provider too.
    expect(guard.has(guard.mark('other', 'state-1'), WINDOW - 1)).toBe(false)
    // The window rotated at WINDOW: the mark moved to the older filter and is still refused.
    expect(guard.has(mark, WINDOW)).toBe(true)
    expect(guard.has(mark, 2 * WINDOW - 2)).toBe(true)
    // The next rotation (one window later) forgets it; its transaction has expired by then.
    expect(guard.has(mark, 2 * WINDOW)).toBe(false)
    // A long idle gap clears both filters at once.
    guard.add(mark, 3 * WINDOW)
    expect(guard.has(mark, 6 * WINDOW)).toBe(false)
  })

  it('rotates early when full, so false positives stay rare under a flood of logins', () => {
    const capacity = 1_000
    const guard = new ReplayGuard({ windowMs: WINDOW, capacity, falsePositiveRate: 1e-3 }, 0)
    const first = guard.mark('evil', 'first')
    guard.add(first, 0)
    for (let i = 1; i < capacity; i++) guard.add(guard.mark('evil', `a${i}`), 0)
    // 1,000 more marks: one early rotation; `first` sits in the older filter.
    for (let i = 0; i < capacity; i++) guard.add(guard.mark('evil', `b${i}`), 0)
    expect(guard.has(first, 0)).toBe(true)
    let falsePositives = 0
    for (let i = 0; i < 20_000; i++) if (guard.has(guard.mark('evil', `fresh${i}`), 0)) falsePositives++
    // 20 expected at 1e-3; a filter left to fill 2× over would give hundreds.
    expect(falsePositives).toBeLessThan(60)
    // A third batch rotates again, dropping the oldest marks early (as the old bounded Map did).
    for (let i = 0; i < capacity; i++) guard.add(guard.mark('evil', `c${i}`), 0)
    let kept = 0
    for (let i = 1; i < capacity; i++) if (guard.has(guard.mark('evil', `a${i}`), 0)) kept++
    // Only false positives remain (about 1 expected).
    expect(kept).toBeLessThan(10)
  })
})
