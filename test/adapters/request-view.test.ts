/**
 * The light view our routes read on Express and Fastify (`NodeRequestView`) must describe exactly the
 * request the standard Request built from the same parts would: the same serialised URL (including
 * the `host.invalid` fallback for a Host that makes no URL, parsed as the routes read it) and the same
 * header values, since the public origin, the cookie slots and the callback's parameters are all read
 * through it.
 */
import { describe, expect, it } from 'vitest'
import { type NodeRequestParts, NodeRequestView, webRequest } from '../../src/adapters/registry.js'

const base: NodeRequestParts = {
  protocol: 'https',
  host: 'App.Example:443',
  path: '/login/github/authorized?code=a%20b&state=x#frag',
  method: 'GET',
  headers: {
    host: 'App.Example:443',
    cookie: 'a=1; __Host-oauth-dance-tx.0=v',
    'x-forwarded-for': ['10.0.0.1', '10.0.0.2'],
    'content-type': 'application/x-www-form-urlencoded',
    empty: '',
  },
}

const cases: Array<[string, Partial<NodeRequestParts>]> = [
  ['an ordinary callback', {}],
  ['a host with upper case and a default port', { host: 'APP.example:443' }],
  ['dot segments and odd characters in the path', { path: '/a/../login/x/./y?q=ü&r=%zz' }],
  ['a Host that makes no URL', { host: 'a b' }],
  ['an unclosed IPv6 Host', { host: '[::1' }],
  ['plain http on a port', { protocol: 'http', host: '127.0.0.1:3000' }],
]

describe('NodeRequestView', () => {
  for (const [name, change] of cases) {
    it(`has the URL and headers of the built Request: ${name}`, () => {
      const parts = { ...base, ...change }
      const view = new NodeRequestView(parts)
      const request = webRequest(parts, undefined)
      expect(view.url).toBe(request.url)
      // The parsed URL the routes read (origin, host, path, callback parameters) is that same URL.
      const parsed = new URL(request.url)
      expect(view.parsedUrl.href).toBe(request.url)
      expect([view.parsedUrl.origin, view.parsedUrl.host, view.parsedUrl.pathname]).toEqual([
        parsed.origin,
        parsed.host,
        parsed.pathname,
      ])
      expect([...view.parsedUrl.searchParams]).toEqual([...parsed.searchParams])
      expect(view.method).toBe(request.method)
      for (const header of [
        'cookie',
        'Cookie',
        'x-forwarded-for',
        'content-type',
        'empty',
        'missing',
        'host',
      ])
        expect(view.headers.get(header), header).toBe(request.headers.get(header))
    })
  }

  it('throws as the Request would when even the fallback makes no URL', () => {
    const parts = { ...base, protocol: 'not a scheme', host: 'a b' }
    expect(() => webRequest(parts, undefined)).toThrow(TypeError)
    expect(() => new NodeRequestView(parts)).toThrow(TypeError)
  })
})
