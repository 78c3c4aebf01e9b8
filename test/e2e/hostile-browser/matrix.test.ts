/**
 * The hostile-browser matrix (issue 12): a browser that does everything wrong against the real app on
 * Express, Fastify and Hono over HTTP. Many parallel logins; huge and malformed `next`; garbage,
 * duplicate and huge cookies; hostile query strings; callbacks posted with every content type and
 * size (form, JSON, multipart, text, 1 MiB+, malformed encodings). After every case: no 5xx, the same
 * browser's next ordinary request is answered 200, and another browser still logs in and calls the
 * API. Heap growth over the whole matrix stays bounded.
 */
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_PENDING_LOGINS } from '../../../src/consumer/transaction/transaction.js'
import { type EvilProvider, startEvilProvider } from '../../support/evil-provider.js'
import { HttpBrowser } from '../../support/http-browser.js'
import { FRAMEWORKS, type HostileApp, startHostileApp } from './apps.js'

interface RawAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** One request over a fresh socket with exactly these bytes of headers and body (no client checks). */
function raw(
  origin: string,
  method: string,
  path: string,
  headers: Record<string, string | string[]> = {},
  body?: Buffer | string,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(origin)
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      )
      res.on('error', reject)
    })
    // A server may answer (413, 400) and close before the whole body is sent: that is an answer.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') resolve({ status: 0, headers: {}, body: '' })
      else reject(error)
    })
    if (body !== undefined) req.write(body)
    req.end()
  })
}

const MiB = 1024 * 1024

describe.each(FRAMEWORKS)('hostile browser against %s', (framework) => {
  let evil: EvilProvider
  let app: HostileApp
  let heapBefore = 0

  beforeAll(async () => {
    evil = await startEvilProvider()
    app = await startHostileApp(framework, evil)
    heapBefore = process.memoryUsage().heapUsed
  })
  afterAll(async () => {
    await app?.close()
    await evil?.close()
  })

  /** The browser's Cookie header, as it would send it. */
  const cookieOf = (browser: HttpBrowser) =>
    [...(browser.cookies.get(new URL(app.origin).host) ?? [])].map(([k, v]) => `${k}=${v}`).join('; ')

  /** A browser that has visited the app once (Hono's app gives it a user id there). */
  async function visitor(): Promise<HttpBrowser> {
    const browser = new HttpBrowser()
    const home = await browser.fetch(`${app.origin}/`)
    expect(home.status).toBe(200)
    await home.text()
    return browser
  }

  /** A callback URL the provider would send this browser back with, after a login it started. */
  async function pendingCallback(browser: HttpBrowser, query = ''): Promise<URL> {
    const login = await browser.fetch(`${app.origin}/login/evil${query}`)
    expect(login.status).toBe(302)
    return evil.authorize(login.headers.get('location')!)
  }

  /** What must hold after every case: the app answers this browser and still serves everyone else. */
  async function stillUsable(browser: HttpBrowser): Promise<void> {
    const home = await browser.fetch(`${app.origin}/`)
    expect(home.status).toBe(200)
    expect(await home.text()).toBe('home')
    const other = await visitor()
    const done = await other.fetch(await pendingCallback(other, '?next=/welcome'))
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/welcome')
    const me = await other.fetch(`${app.origin}/me`)
    expect(me.status).toBe(200)
    await me.text()
  }

  /** No answer of a case may be a server error (a framework's own 4xx, or a closed socket, is fine). */
  const noServerError = (answers: { status: number }[]) => {
    for (const a of answers) expect(a.status, JSON.stringify(a.status)).toBeLessThan(500)
  }

  it('many parallel logins from one browser: all answered, cookies bounded, logins still finish', async () => {
    const browser = await visitor()
    const logins = await Promise.all(
      Array.from({ length: 50 }, () => browser.fetch(`${app.origin}/login/evil?next=/p`)),
    )
    for (const l of logins) expect(l.status).toBe(302)
    const pending = [...browser.cookies.get(new URL(app.origin).host)!.keys()].filter((n) =>
      n.includes('oauth-dance-tx.'),
    )
    expect(pending.length).toBeLessThanOrEqual(MAX_PENDING_LOGINS)
    // Ten tabs finishing at once: every callback is answered (the ones whose slot was reused with 400).
    const callbacks = await Promise.all(
      logins.slice(-10).map((l) => evil.authorize(l.headers.get('location')!)),
    )
    const answers = await Promise.all(callbacks.map((c) => browser.fetch(c)))
    noServerError(answers)
    expect(answers.some((a) => a.status === 302)).toBe(true)
    await stillUsable(browser)
  })

  it('huge and malformed `next`: never an open redirect, never a 5xx', async () => {
    const browser = await visitor()
    const nexts = [
      'x'.repeat(4 * 1024),
      `/${'€'.repeat(400)}`,
      '%',
      '%zz',
      '%E0%A4%A',
      '//evil.example',
      '/\\evil.example',
      '/%2F%2Fevil.example',
      '/%5cevil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/\t/evil.example',
      '/ok\r\nSet-Cookie: pwned=1',
      '/./..//evil.example',
      '/%2e%2e//evil.example',
    ]
    for (const next of nexts) {
      const done = await browser.fetch(await pendingCallback(browser, `?next=${encodeURIComponent(next)}`))
      expect(done.status, next).toBe(302)
      const location = done.headers.get('location')!
      expect(
        location.startsWith('/') && !location.startsWith('//') && !location.includes('\\'),
        location,
      ).toBe(true)
      expect(done.headers.getSetCookie().join('\n')).not.toContain('pwned')
    }
    // Repeated and bracketed `next`, and a `next` longer than Node takes in a request line.
    const odd = await Promise.all([
      raw(app.origin, 'GET', '/login/evil?next=/a&next=//evil.example', { cookie: cookieOf(browser) }),
      raw(app.origin, 'GET', '/login/evil?next[]=/a&next[x]=//b', { cookie: cookieOf(browser) }),
      raw(app.origin, 'GET', `/login/evil?next=/${'a'.repeat(64 * 1024)}`, { cookie: cookieOf(browser) }),
      raw(app.origin, 'GET', `/login/evil?next=${encodeURIComponent(`/${'€'.repeat(1500)}`)}`, {
        cookie: cookieOf(browser),
      }),
    ])
    noServerError(odd)
    await stillUsable(browser)
  })

  it('garbage, duplicate and huge cookies on login and callback', async () => {
    const browser = await visitor()
    const callback = await pendingCallback(browser)
    const genuine = cookieOf(browser)
    const path = `${callback.pathname}${callback.search}`
    const jars = [
      'oauth-dance-tx.evil.0=garbage',
      'oauth-dance-tx.evil.0=1.x.y; oauth-dance-tx.evil.1=zz.AAAA.!!!; oauth-dance-tx.evil.2=',
      `oauth-dance-tx.evil.0=${'A'.repeat(4000)}`,
      'oauth-dance-tx.evil.9=x; oauth-dance-tx.evil.0000=y; oauth-dance-tx.evil.=z; oauth-dance-tx.evil.-1=w',
      `${genuine}; ${genuine}`,
      `oauth-dance-tx.evil.0=forged; ${genuine}`,
      Array.from({ length: 200 }, (_, i) => `c${i}=${'v'.repeat(40)}`).join('; '),
      `big=${'b'.repeat(12 * 1024)}`,
      '=; ;;; =x; a==b; "q"="r"; oauth-dance-tx.=; __Host-oauth-dance-tx.evil.0=x',
      `${genuine.replace(/=/, '=%')}`,
    ]
    const answers = []
    for (const cookie of jars) {
      answers.push(await raw(app.origin, 'GET', '/login/evil?next=/c', { cookie }))
      answers.push(await raw(app.origin, 'GET', path, { cookie }))
    }
    noServerError(answers)
    // A login over non-slot cookies clears them, so they cannot pile up.
    const cleared = await raw(app.origin, 'GET', '/login/evil', {
      cookie: 'oauth-dance-tx.evil.9=x; oauth-dance-tx.evil.abc=y',
    })
    const setCookie = ([] as string[]).concat(cleared.headers['set-cookie'] ?? [])
    expect(setCookie.filter((c) => /^oauth-dance-tx\.evil\.(9|abc)=;.*Max-Age=0/.test(c))).toHaveLength(2)
    await stillUsable(browser)
  })

  it('hostile query strings on the callback', async () => {
    const browser = await visitor()
    const callback = await pendingCallback(browser)
    const state = callback.searchParams.get('state')!
    const code = callback.searchParams.get('code')!
    const cookie = cookieOf(browser)
    const queries = [
      '',
      '?',
      '?state=%E0%A4%A&code=%',
      `?state=${state}&state=${state}&code=${code}`,
      `?state[]=${state}&code=${code}`,
      `?state=${state}&code=${'c'.repeat(10 * 1024)}`,
      `?${Array.from({ length: 1000 }, (_, i) => `p${i}=${i}`).join('&')}&state=${state}`,
      `?state=${encodeURIComponent(`${state}\u0000`)}&code=${code}`,
      `?error=access_denied&error_description=${encodeURIComponent('<script>alert(1)</script>')}&state=${state}`,
      `?state=${state}&code=${code}&iss=${encodeURIComponent('https://evil.example')}`,
      `?state=${'s'.repeat(12 * 1024)}`,
    ]
    const answers = []
    for (const query of queries) {
      const answer = await raw(app.origin, 'GET', `${callback.pathname}${query}`, { cookie })
      expect(answer.body).not.toContain('<script>alert(1)</script>')
      answers.push(answer)
    }
    noServerError(answers)
    await stillUsable(browser)
  })

  it('callbacks posted with every content type and size', async () => {
    const browser = await visitor()
    const callback = await pendingCallback(browser)
    const form = callback.searchParams.toString()
    const cookie = cookieOf(browser)
    const bodies: [Record<string, string>, Buffer | string][] = [
      [{ 'content-type': 'application/x-www-form-urlencoded' }, `${form}&pad=${'x'.repeat(MiB + 10)}`],
      [{ 'content-type': 'application/x-www-form-urlencoded' }, Buffer.alloc(2 * MiB, 0x26)],
      [{ 'content-type': 'application/json' }, JSON.stringify(Object.fromEntries(callback.searchParams))],
      [{ 'content-type': 'application/json' }, `{"a":"${'j'.repeat(MiB)}"`],
      [
        { 'content-type': 'multipart/form-data; boundary=XyZ' },
        `--XyZ\r\nContent-Disposition: form-data; name="state"\r\n\r\n${callback.searchParams.get('state')}\r\n--XyZ--\r\n`,
      ],
      [{ 'content-type': 'multipart/form-data; boundary=' }, '--\r\n\r\n'],
      [{ 'content-type': 'text/plain' }, form],
      [{ 'content-type': 'application/octet-stream' }, Buffer.from([0xff, 0xfe, 0x00, 0x01])],
      [{}, form],
      [{ 'content-type': 'application/x-www-form-urlencoded; charset=utf-16' }, Buffer.from(form, 'utf16le')],
      [
        { 'content-type': 'application/x-www-form-urlencoded' },
        Buffer.from([0xc3, 0x28, 0x25, 0xe0, 0x3d, 0xff]),
      ],
      [
        { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' },
        'not gzip at all',
      ],
      [{ 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'br, identity' }, form],
      [{ 'content-type': 'application/x-www-form-urlencoded', 'content-length': '5' }, 'state'],
      [{ 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' }, form],
      [{ 'content-type': 'x'.repeat(4096) }, form],
    ]
    const answers = []
    for (const [headers, body] of bodies) {
      answers.push(await raw(app.origin, 'POST', callback.pathname, { ...headers, cookie }, body))
    }
    // And all at once, from many "browsers": the server must stay up for the rest.
    answers.push(
      ...(await Promise.all(
        Array.from({ length: 8 }, () =>
          raw(
            app.origin,
            'POST',
            callback.pathname,
            { 'content-type': 'application/x-www-form-urlencoded' },
            Buffer.alloc(MiB + 1, 0x61),
          ),
        ),
      )),
    )
    noServerError(answers)
    await stillUsable(browser)
  })

  it('other methods and odd requests to the login and callback routes', async () => {
    const browser = await visitor()
    const answers = await Promise.all([
      raw(app.origin, 'HEAD', '/login/evil'),
      raw(app.origin, 'OPTIONS', '/login/evil'),
      raw(
        app.origin,
        'PUT',
        '/login/evil/authorized',
        { 'content-type': 'application/x-www-form-urlencoded' },
        'a=b',
      ),
      raw(app.origin, 'DELETE', '/login/evil/authorized'),
      raw(app.origin, 'GET', '/login/evil/authorized/../authorized?state=x'),
      raw(app.origin, 'GET', '/login/evil%2fauthorized?state=x'),
      raw(app.origin, 'GET', '/login/EVIL?next=/x'),
      raw(app.origin, 'GET', '/login/evil?next=/x', {
        'x-forwarded-host': 'evil.example',
        host: 'evil.example',
      }),
    ])
    noServerError(answers)
    await stillUsable(browser)
  })

  it('memory stays bounded over the matrix', () => {
    // Bodies of 1–2 MiB were posted a dozen times; the adapters read at most 64 KiB of each.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(96 * MiB)
    expect(app.errors.every((e) => e.status < 500)).toBe(true)
  })
})
