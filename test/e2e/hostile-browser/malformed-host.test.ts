/**
 * A client's own malformed Host header (`a b`, `[::1`, `a%zz`…) never makes our routes answer 5xx: the
 * adapters build the standard Request on the reserved `host.invalid`, which no public origin allows,
 * so the login and the callback answer a 4xx (or, unpinned in development, the login still redirects),
 * and the app goes on answering everyone. Sent over a raw socket, as no browser would send it.
 */
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EvilProvider, startEvilProvider } from '../../support/evil-provider.js'
import { FRAMEWORKS, type HostileApp, startHostileApp } from './apps.js'

const HOSTS = ['a b', 'a%zz', '[::1', 'exa mple:80', 'a\u00a0b', 'a/b', 'a?b']

function raw(origin: string, path: string, host: string): Promise<number> {
  const { hostname, port } = new URL(origin)
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, headers: { host } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end()
  })
}

describe.each(FRAMEWORKS)('a malformed Host on %s', (framework) => {
  let evil: EvilProvider
  let pinned: HostileApp
  let unpinned: HostileApp
  beforeAll(async () => {
    evil = await startEvilProvider()
    pinned = await startHostileApp(framework, evil, { publicUrl: 'http://app.example' })
    unpinned = await startHostileApp(framework, evil)
  })
  afterAll(async () => {
    await pinned?.close()
    await unpinned?.close()
    await evil?.close()
  })

  it.each(HOSTS)(
    'Host %j: login and callback answer below 500; the app answers the next request',
    async (host) => {
      // Node itself refuses some of these with 400 before any app code; the rest reach our routes.
      for (const app of [pinned, unpinned]) {
        const login = await raw(app.origin, '/login/evil', host)
        const callback = await raw(app.origin, '/login/evil/authorized?state=x&code=y', host)
        expect(login, `login on ${app === pinned ? 'pinned' : 'unpinned'}`).toBeLessThan(500)
        expect(callback, `callback on ${app === pinned ? 'pinned' : 'unpinned'}`).toBeLessThan(500)
        expect((await fetch(`${app.origin}/`)).status).toBe(200)
      }
      // Pinned, the malformed host is never an allowed origin: no redirect to the provider.
      expect(await raw(pinned.origin, '/login/evil', host)).toBeGreaterThanOrEqual(400)
    },
  )
})
