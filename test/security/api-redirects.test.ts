/**
 * Issue 12 finding 3: no credential the blueprint adds to an API call follows a redirect to another
 * origin. Two real HTTP servers: the API (which redirects where each test says) and a stranger that
 * records everything it receives. Covered: Authorization, a custom token header (Shopify-style), an
 * API-key header carrying the client secret (Etsy-style), a client-id header, a token in the query
 * (Slack legacy, also when the API echoes it into the Location), a token in a form body (Slack legacy,
 * replayed on 307/308: refused), OAuth 1 signatures in the header, the query and the body. Same-origin
 * and allowed-origin hops are authorized afresh; a chain that left never gets credentials back.
 */
import { once } from 'node:events'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ApiClient } from '../../src/client/api-client.js'
import { makeOAuth1Blueprint, type OAuth1Blueprint } from '../../src/consumer/oauth1-blueprint.js'
import { makeOAuth2Blueprint, type OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { isDanceError } from '../../src/errors.js'
import type { OAuth2Quirks } from '../../src/protocol/oauth2/quirks.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { injectToken, withRequestScope } from '../../src/testing/index.js'
import type { Token } from '../../src/token.js'

interface Seen {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

interface Recorder {
  origin: string
  server: Server
  seen: Seen[]
}

/**
 * A server that records each request. `/go/<status>?to=<url>` answers that redirect; with `echo=1`
 * the request's own query (minus `to` and `echo`) is appended to the target, as some APIs do.
 */
async function recorder(): Promise<Recorder> {
  const seen: Seen[] = []
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    seen.push({
      method: req.method!,
      url: req.url!,
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    })
    const url = new URL(req.url!, 'http://x')
    if (url.pathname === '/api/loop') {
      res.writeHead(302, { location: '/api/loop' }).end()
      return
    }
    const go = /^\/(?:api\/)?go\/(\d{3})$/.exec(url.pathname)
    if (go) {
      const target = new URL(url.searchParams.get('to')!)
      if (url.searchParams.get('echo') === '1') {
        for (const [k, v] of url.searchParams)
          if (k !== 'to' && k !== 'echo') target.searchParams.append(k, v)
      }
      res.writeHead(Number(go[1]), { location: target.href }).end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen }
}

const ACCESS_TOKEN = 'at-Sup3rSecretAccessToken-91c2'
const CLIENT_SECRET = 'cs-TheClientSecret-ff04'
const API_KEY = `keystring:${CLIENT_SECRET}`
const CONSUMER_SECRET = 'consumer-S3cret-77'
const TOKEN_SECRET = 'token-S3cret-42'

let api: Recorder
let stranger: Recorder
let allowed: Recorder

beforeAll(async () => {
  ;[api, stranger, allowed] = await Promise.all([recorder(), recorder(), recorder()])
})
afterAll(async () => {
  for (const r of [api, stranger, allowed]) {
    r?.server.closeAllConnections()
    r?.server.close()
  }
})
beforeEach(() => {
  for (const r of [api, stranger, allowed]) r.seen.length = 0
})

function oauth2(name: string, quirks: OAuth2Quirks = {}): OAuth2Blueprint {
  return makeOAuth2Blueprint({
    name,
    clientId: 'the-client-id',
    clientSecret: CLIENT_SECRET,
    authorizationUrl: `${api.origin}/authorize`,
    tokenUrl: `${api.origin}/token`,
    baseUrl: `${api.origin}/api/`,
    allowedApiOrigins: [allowed.origin],
    allowInsecureRequests: true,
    secret: 'api-redirect-tests-9Xq2LmZ7vR4tWc8N',
    storage: new MemoryStorage({ singleUser: true }),
    quirks,
  })
}

function oauth1(name: string, signatureLocation: 'header' | 'query' | 'body'): OAuth1Blueprint {
  return makeOAuth1Blueprint({
    name,
    consumerKey: 'consumer-key',
    consumerSecret: CONSUMER_SECRET,
    signatureMethod: 'PLAINTEXT',
    signatureLocation,
    requestTokenUrl: `${api.origin}/request_token`,
    authorizationUrl: `${api.origin}/authorize`,
    accessTokenUrl: `${api.origin}/access_token`,
    baseUrl: `${api.origin}/api/`,
    allowedApiOrigins: [allowed.origin],
    allowInsecureRequests: true,
    secret: 'api-redirect-tests-9Xq2LmZ7vR4tWc8N',
    storage: new MemoryStorage({ singleUser: true }),
  })
}

/** Runs `call` in a request scope of `blueprint`, with a stored token. */
async function withToken<T>(
  blueprint: OAuth1Blueprint | OAuth2Blueprint,
  call: (client: ApiClient) => Promise<T>,
): Promise<T> {
  const token: Token =
    blueprint.protocol.kind === 'oauth1'
      ? ({ oauth_token: ACCESS_TOKEN, oauth_token_secret: TOKEN_SECRET } as Token)
      : { access_token: ACCESS_TOKEN, token_type: 'bearer' }
  return withRequestScope({ blueprints: [blueprint] }, async () => {
    await injectToken(blueprint, token)
    return call(blueprint.client)
  })
}

/** Every byte a server received from one request, for secret scanning. */
const everything = (s: Seen) => `${s.method} ${s.url}\n${JSON.stringify(s.headers)}\n${s.body}`

/** Asserts the stranger received requests, none carrying any credential. */
function strangerSawNoCredential(): void {
  expect(stranger.seen.length).toBeGreaterThan(0)
  for (const s of stranger.seen) {
    const text = everything(s)
    for (const secret of [ACCESS_TOKEN, CLIENT_SECRET, CONSUMER_SECRET, TOKEN_SECRET, 'the-client-id']) {
      expect(text, `${secret} reached the stranger`).not.toContain(secret)
      expect(decodeURIComponent(text.replace(/\+/g, ' '))).not.toContain(secret)
    }
    expect(s.headers.authorization).toBeUndefined()
    expect(text).not.toMatch(/oauth_signature|oauth_token/)
  }
}

const away = (status: number, path = '/landing', extra = '') =>
  `go/${status}?to=${encodeURIComponent(`${stranger.origin}${path}`)}${extra}`

const OAUTH2_CASES: [string, OAuth2Quirks][] = [
  ['Authorization: Bearer', {}],
  ['a custom token header (Shopify)', { tokenHeader: 'x-shopify-access-token' }],
  ['an API-key header with the client secret (Etsy)', { apiHeaders: { 'x-api-key': API_KEY } }],
  ['a client-id header (Twitch)', { clientIdHeader: 'client-id' }],
  ['the token in the query (Slack legacy)', { tokenQueryParameter: 'token' }],
  ['the token in a form body (Slack legacy)', { tokenBodyParameter: 'token' }],
]

describe('API redirects to another origin carry no credential', () => {
  describe.each(OAUTH2_CASES)('OAuth 2 with %s', (label, quirks) => {
    const name = `o2-${label.toLowerCase().replace(/\W+/g, '-').slice(0, 20)}`.replace(/-+$/, '')

    it.each([301, 302, 303, 307, 308])(
      'GET, %i to a stranger: followed without credentials',
      async (status) => {
        const response = await withToken(oauth2(name, quirks), (c) => c.get(away(status)))
        expect(response.status).toBe(200)
        expect(api.seen).toHaveLength(1)
        strangerSawNoCredential()
      },
    )

    it('GET whose Location echoes the query (token included): the token is dropped', async () => {
      const response = await withToken(oauth2(name, quirks), (c) => c.get(away(302, '/landing', '&echo=1')))
      expect(response.status).toBe(200)
      strangerSawNoCredential()
    })

    it.each([301, 302, 303])(
      'POST form, %i to a stranger: becomes a GET without the body',
      async (status) => {
        const response = await withToken(oauth2(name, quirks), (c) =>
          c.post(away(status), { form: { text: 'hi' } }),
        )
        expect(response.status).toBe(200)
        expect(stranger.seen[0]!.method).toBe('GET')
        expect(stranger.seen[0]!.body).toBe('')
        strangerSawNoCredential()
      },
    )

    it.each([307, 308])(
      'POST form, %i to a stranger: replayed only if the body holds no credential',
      async (status) => {
        let caught: unknown
        const response = await withToken(oauth2(name, quirks), (c) =>
          c.post(away(status), { form: { text: 'hi' } }),
        ).catch((error: unknown) => {
          caught = error
          return undefined
        })
        if (quirks.tokenBodyParameter) {
          expect(isDanceError(caught, 'api_redirect_refused')).toBe(true)
          expect(stranger.seen).toEqual([])
          // The API itself did get the token in the body.
          expect(new URLSearchParams(api.seen[0]!.body).get('token')).toBe(ACCESS_TOKEN)
        } else {
          expect(caught).toBeUndefined()
          expect(response!.status).toBe(200)
          expect(stranger.seen[0]!.method).toBe('POST')
          expect(new URLSearchParams(stranger.seen[0]!.body).get('text')).toBe('hi')
          strangerSawNoCredential()
        }
      },
    )

    it('same origin and allowed origin hops are authorized again; a chain that left never is', async () => {
      // API → API (another path) → allowed origin: credentials on every hop.
      const toAllowed = `${api.origin}/api/go/302?to=${encodeURIComponent(`${allowed.origin}/data`)}`
      const response = await withToken(oauth2(name, quirks), (c) =>
        c.get(`go/301?to=${encodeURIComponent(toAllowed)}`),
      )
      expect(response.status).toBe(200)
      expect(api.seen).toHaveLength(2)
      expect(allowed.seen).toHaveLength(1)
      for (const s of [...api.seen, allowed.seen[0]!]) {
        if (quirks.clientIdHeader) expect(s.headers['client-id']).toBe('the-client-id')
        else if (quirks.apiHeaders) expect(s.headers['x-api-key']).toBe(API_KEY)
        else expect(everything(s)).toContain(ACCESS_TOKEN)
      }
      // API → stranger → API: the stranger chose the last hop, so it goes without credentials.
      api.seen.length = 0
      const back = `${stranger.origin}/go/302?to=${encodeURIComponent(`${api.origin}/api/after`)}`
      await withToken(oauth2(name, quirks), (c) => c.get(`go/302?to=${encodeURIComponent(back)}`))
      expect(api.seen.map((s) => new URL(s.url, 'http://x').pathname)).toEqual(['/api/go/302', '/api/after'])
      const last = api.seen[1]!
      expect(everything(last)).not.toContain(ACCESS_TOKEN)
      expect(everything(last)).not.toContain(CLIENT_SECRET)
    })
  })

  describe.each(['header', 'query', 'body'] as const)('OAuth 1 with the signature in the %s', (location) => {
    it.each([302, 307])('GET, %i to a stranger: no signature or token follows', async (status) => {
      const response = await withToken(oauth1(`o1-${location}`, location), (c) => c.get(away(status)))
      expect(response.status).toBe(200)
      strangerSawNoCredential()
    })

    it('POST form, 307 to a stranger: refused when the body is signed, else replayed bare', async () => {
      let caught: unknown
      await withToken(oauth1(`o1-${location}`, location), (c) =>
        c.post(away(307), { form: { text: 'hi' } }),
      ).catch((error: unknown) => {
        caught = error
      })
      if (location === 'body') {
        expect(isDanceError(caught, 'api_redirect_refused')).toBe(true)
        expect(stranger.seen).toEqual([])
      } else {
        expect(caught).toBeUndefined()
        strangerSawNoCredential()
      }
    })

    it('a same-origin hop is signed again for its own URL', async () => {
      const response = await withToken(oauth1(`o1-${location}`, location), (c) =>
        c.get(`go/302?to=${encodeURIComponent(`${api.origin}/api/moved?x=1`)}`),
      )
      expect(response.status).toBe(200)
      expect(api.seen).toHaveLength(2)
      expect(everything(api.seen[1]!)).toMatch(/oauth_signature/)
      expect(everything(api.seen[1]!)).toContain(ACCESS_TOKEN)
    })
  })

  it('an app that asks for redirect: "manual" gets the 3xx itself; "error" still throws', async () => {
    const blueprint = oauth2('manual-mode', { tokenHeader: 'x-shopify-access-token' })
    const response = await withToken(blueprint, (c) => c.get(away(302), { redirect: 'manual' }))
    expect(response.status).toBe(302)
    expect(stranger.seen).toEqual([])
    await expect(withToken(blueprint, (c) => c.get(away(302), { redirect: 'error' }))).rejects.toThrow()
    expect(stranger.seen).toEqual([])
  })

  it('a redirect loop ends with api_redirect_refused after 20 hops', async () => {
    let caught: unknown
    await withToken(oauth2('loop'), (c) => c.get('loop')).catch((e: unknown) => {
      caught = e
    })
    expect(isDanceError(caught, 'api_redirect_refused')).toBe(true)
    expect(api.seen).toHaveLength(21)
  })
})
