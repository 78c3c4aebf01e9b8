/**
 * API calls on Node go over undici's `request` (src/protocol/node-api-send.ts), not the global `fetch`.
 * What the app sees must be what `fetch` would have given it: the same request on the wire (default
 * headers, bodies), the same answer (status, headers, decoded body through every reader), the answer
 * resolving before a slow body ends, the cap, the app's abort. Each case runs twice against one real
 * server, once through the sender and once through an injected `fetch`, and the two must agree.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect, type Socket } from 'node:net'
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import { Agent, EnvHttpProxyAgent, getGlobalDispatcher, ProxyAgent, setGlobalDispatcher } from 'undici'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { makeOAuth2Blueprint, type OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { isDanceError } from '../../src/errors.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { injectToken, withRequestScope } from '../../src/testing/index.js'

const JSON_BODY = JSON.stringify({ user: 'octocat', list: Array.from({ length: 50 }, (_, i) => i) })
const CAP = 64 * 1024
let server: Server
let origin: string
/** What the server saw of the last request. */
let seen: { method: string; headers: IncomingMessage['headers']; body: string } | undefined
/** Ends the `/api/drip` answer once the test has seen the call resolve. */
let finishDrip: (() => void) | undefined

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      seen = { method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() }
      const path = req.url ?? ''
      const encoded: Record<string, Buffer> = {
        '/api/gzip': gzipSync(JSON_BODY),
        '/api/deflate': deflateSync(JSON_BODY),
        '/api/deflate-raw': deflateRawSync(JSON_BODY),
        '/api/br': brotliCompressSync(JSON_BODY),
      }
      const coded = encoded[path.split('?')[0]!]
      if (coded) {
        const coding = path.startsWith('/api/br') ? 'br' : path.startsWith('/api/gzip') ? 'gzip' : 'deflate'
        // Chunked, no length: the case the sender cannot know the size of up front.
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding })
        res.write(coded.subarray(0, 5))
        res.end(coded.subarray(5))
        return
      }
      if (path === '/api/drip') {
        res.writeHead(200, { 'content-type': 'text/plain' })
        res.write('first,')
        finishDrip = () => res.end('last')
        return
      }
      if (path === '/api/big') {
        res.writeHead(200, { 'content-type': 'text/plain' })
        for (let i = 0; i < 4; i++) res.write(Buffer.alloc(CAP / 2, 97))
        res.end()
        return
      }
      if (path === '/api/broken') {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' })
        res.write('only part')
        setTimeout(() => res.socket?.destroy(), 20)
        return
      }
      if (path === '/api/status-999') return void res.writeHead(999).end('{}')
      if (path === '/api/no-content') return void res.writeHead(204).end()
      if (path === '/api/silent') return
      res.writeHead(201, {
        'content-type': 'application/json',
        'set-cookie': ['a=1', 'b=2'],
        'x-echo': req.method ?? '',
      })
      res.end(req.method === 'HEAD' ? undefined : JSON_BODY)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => {
  server.closeAllConnections()
  server.close()
})

afterEach(() => {
  vi.restoreAllMocks()
})

type Path = 'sender' | 'fetch'

function blueprint(path: Path): OAuth2Blueprint {
  return makeOAuth2Blueprint({
    name: 'api',
    clientId: 'id',
    clientSecret: 'client-secret',
    authorizationUrl: `${origin}/authorize`,
    tokenUrl: `${origin}/token`,
    baseUrl: `${origin}/api/`,
    allowInsecureRequests: true,
    apiMaxResponseBytes: CAP,
    apiTimeoutMs: 2_000,
    storage: new MemoryStorage({ singleUser: true }),
    // An injected fetch is the app's: API calls then go through it, as before the sender existed.
    ...(path === 'fetch' && { fetch: (input, init) => fetch(input, init) }),
  })
}

/** Runs `work` with a client that holds a token, on one path. */
function withClient<T>(path: Path, work: (bp: OAuth2Blueprint) => Promise<T>): Promise<T> {
  const bp = blueprint(path)
  return withRequestScope({ blueprints: [bp] }, async () => {
    await injectToken(bp, { access_token: 'at', token_type: 'bearer' })
    return work(bp)
  })
}

/** Runs `work` on both paths and returns both results, sender first. */
async function both<T>(work: (bp: OAuth2Blueprint) => Promise<T>): Promise<[T, T]> {
  return [await withClient('sender', work), await withClient('fetch', work)]
}

describe('API calls go through the sender, not fetch', () => {
  it('a plain call does not touch the global fetch; an injected fetch does get it', async () => {
    const spy = vi.spyOn(globalThis, 'fetch')
    await withClient('sender', async (bp) => (await bp.client.get('/user')).json())
    expect(spy).not.toHaveBeenCalled()
    await withClient('fetch', async (bp) => (await bp.client.get('/user')).json())
    expect(spy).toHaveBeenCalledTimes(1)
  })

  it('an option only fetch knows, or a streamed body, sends the call through fetch', async () => {
    const spy = vi.spyOn(globalThis, 'fetch')
    await withClient('sender', async (bp) => (await bp.client.get('/user', { cache: 'no-store' })).text())
    expect(spy).toHaveBeenCalledTimes(1)
    await withClient('sender', async (bp) =>
      (
        await bp.client.post('/user', {
          body: new Blob(['blob body']).stream(),
          duplex: 'half',
        } as never)
      ).text(),
    )
    expect(spy).toHaveBeenCalledTimes(2)
    expect(seen?.body).toBe('blob body')
  })

  it("the app's own global dispatcher (a proxy, say) is its network path: calls go through fetch", async () => {
    const before = getGlobalDispatcher()
    setGlobalDispatcher(new Agent({ connections: 8 }))
    try {
      const spy = vi.spyOn(globalThis, 'fetch')
      await withClient('sender', async (bp) => (await bp.client.get('/user')).text())
      expect(spy).toHaveBeenCalledTimes(1)
    } finally {
      setGlobalDispatcher(before)
    }
  })

  it('once the app puts back the dispatcher it had, calls leave fetch again (Node 26 wraps it)', async () => {
    await withClient('sender', async (bp) => (await bp.client.get('/user')).text())
    const before = getGlobalDispatcher()
    setGlobalDispatcher(new ProxyAgent('http://127.0.0.1:1'))
    setGlobalDispatcher(before)
    const spy = vi.spyOn(globalThis, 'fetch')
    await withClient('sender', async (bp) => (await bp.client.get('/user')).text())
    expect(spy).not.toHaveBeenCalled()
  })
})

/** A CONNECT proxy on a port of its own; `tunnels` lists each `host:port` it was asked to reach. */
async function startProxy(): Promise<{ url: string; tunnels: string[]; close(): void }> {
  const tunnels: string[] = []
  const sockets = new Set<Socket>()
  const proxy = createServer((_req, res) => res.writeHead(405).end())
  proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '')
    const [host, port] = (req.url ?? '').split(':')
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client).pipe(upstream)
    })
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => {})
    }
  })
  proxy.listen(0, '127.0.0.1')
  await once(proxy, 'listening')
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    tunnels,
    close() {
      for (const socket of sockets) socket.destroy()
      proxy.close()
    },
  }
}

describe("an app's proxy carries its API calls", () => {
  const cases: Array<[string, (url: string) => Agent | ProxyAgent | EnvHttpProxyAgent]> = [
    ['undici ProxyAgent', (url) => new ProxyAgent(url)],
    // What Node 24 installs by itself under NODE_USE_ENV_PROXY=1, from HTTP_PROXY.
    ['EnvHttpProxyAgent from HTTP_PROXY', (url) => new EnvHttpProxyAgent({ httpProxy: url, noProxy: '' })],
  ]
  for (const [name, make] of cases) {
    it(`${name}: the call goes through the proxy, and answers as without it`, async () => {
      const proxy = await startProxy()
      const before = getGlobalDispatcher()
      setGlobalDispatcher(make(proxy.url))
      try {
        const body = await withClient('sender', async (bp) => (await bp.client.get('/user')).json())
        expect(body).toEqual(JSON.parse(JSON_BODY))
        expect(proxy.tunnels).toEqual([new URL(origin).host])
      } finally {
        setGlobalDispatcher(before)
        proxy.close()
      }
    })
  }
})

describe('the request on the wire is the one fetch sends', () => {
  it('default headers, and the app overriding them', async () => {
    const headersOf = async (bp: OAuth2Blueprint, init?: { headers: Record<string, string> }) => {
      await (await bp.client.get('/user', init)).text()
      const h = seen!.headers
      return {
        accept: h.accept,
        agent: h['user-agent'],
        encoding: h['accept-encoding'],
        authorization: h.authorization,
      }
    }
    const [lean, viaFetch] = await both((bp) => headersOf(bp))
    expect(lean).toEqual(viaFetch)
    expect(lean.authorization).toBe('Bearer at')
    expect(lean.encoding).toMatch(/gzip/)
    const own = { headers: { 'user-agent': 'my-app/1.0', accept: 'application/vnd.github+json' } }
    const [leanOwn, fetchOwn] = await both((bp) => headersOf(bp, own))
    expect(leanOwn).toEqual(fetchOwn)
    expect(leanOwn.agent).toBe('my-app/1.0')
  })

  it('JSON, form, text and byte bodies arrive with the same content type', async () => {
    const bodies = [
      { json: { a: 1 } },
      { form: { a: 'b c' } },
      { body: 'plain text' },
      { body: new URLSearchParams({ x: 'y' }) },
      { body: new TextEncoder().encode('bytes') },
    ]
    for (const init of bodies) {
      const [lean, viaFetch] = await both(async (bp) => {
        await (await bp.client.post('/user', init)).text()
        return { type: seen!.headers['content-type'], body: seen!.body, method: seen!.method }
      })
      expect(lean).toEqual(viaFetch)
      expect(lean.method).toBe('POST')
    }
  })
})

describe('the answer is the one fetch gives', () => {
  it('status, headers (each set-cookie), url and the JSON body', async () => {
    const [lean, viaFetch] = await both(async (bp) => {
      const response = await bp.client.get('/user')
      return {
        status: response.status,
        ok: response.ok,
        type: response.headers.get('content-type'),
        cookies: response.headers.getSetCookie(),
        url: response.url,
        body: await response.json(),
        used: response.bodyUsed,
      }
    })
    expect(lean).toEqual(viaFetch)
    expect(lean.status).toBe(201)
    expect(lean.cookies).toEqual(['a=1', 'b=2'])
    expect(lean.url).toBe(`${origin}/api/user`)
    expect(lean.used).toBe(true)
  })

  for (const coding of ['gzip', 'deflate', 'deflate-raw', 'br']) {
    it(`a ${coding} body decodes the same through json(), text(), bytes(), the stream and blob()`, async () => {
      const [lean, viaFetch] = await both(async (bp) => ({
        json: await (await bp.client.get(`/${coding}`)).json(),
        text: await (await bp.client.get(`/${coding}`)).text(),
        bytes: new TextDecoder().decode(await (await bp.client.get(`/${coding}`)).arrayBuffer()),
        stream: await new Response((await bp.client.get(`/${coding}`)).body).text(),
        blob: await (await (await bp.client.get(`/${coding}`)).blob()).text(),
      }))
      expect(lean).toEqual(viaFetch)
      expect(lean.text).toBe(JSON_BODY)
      expect(lean.stream).toBe(JSON_BODY)
    })
  }

  it('HEAD and 204 have a null body', async () => {
    const [lean, viaFetch] = await both(async (bp) => {
      const head = await bp.client.request('HEAD', '/user')
      const none = await bp.client.get('/no-content')
      return { head: head.body, headText: await head.text(), none: none.body, status: none.status }
    })
    expect(lean).toEqual(viaFetch)
    expect(lean).toEqual({ head: null, headText: '', none: null, status: 204 })
  })

  it('a body reads once; clone() before reading gives two readable copies', async () => {
    await withClient('sender', async (bp) => {
      const once = await bp.client.get('/user')
      await once.text()
      await expect(once.text()).rejects.toBeInstanceOf(TypeError)
      const original = await bp.client.get('/user')
      const copy = original.clone()
      expect(await copy.json()).toEqual(JSON.parse(JSON_BODY))
      expect(await original.json()).toEqual(JSON.parse(JSON_BODY))
      expect(() => original.clone()).toThrow(TypeError)
    })
  })

  it('resolves once the headers are in, before a slow body ends, and the stream yields as it arrives', async () => {
    await withClient('sender', async (bp) => {
      finishDrip = undefined
      const response = await bp.client.get('/drip')
      expect(finishDrip).toBeTypeOf('function')
      const reader = response.body!.getReader()
      const first = await reader.read()
      expect(new TextDecoder().decode(first.value)).toBe('first,')
      finishDrip!()
      let rest = ''
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        rest += new TextDecoder().decode(value)
      }
      expect(rest).toBe('last')
    })
  })
})

describe('failures keep their codes', () => {
  it('a body past apiMaxResponseBytes fails the read, as text and as a stream, with provider_response_invalid', async () => {
    await withClient('sender', async (bp) => {
      const asText = await (await bp.client.get('/big')).text().catch((e: unknown) => e)
      expect(isDanceError(asText, 'provider_response_invalid')).toBe(true)
      const asStream = await new Response((await bp.client.get('/big')).body).text().catch((e: unknown) => e)
      expect(isDanceError(asStream, 'provider_response_invalid')).toBe(true)
    })
  })

  it('a status no Response can carry is provider_response_invalid', async () => {
    const [lean, viaFetch] = await both((bp) =>
      bp.client.get('/status-999').then(
        () => 'resolved',
        (e: unknown) => (isDanceError(e) ? e.code : String(e)),
      ),
    )
    expect(lean).toBe(viaFetch)
    expect(lean).toBe('provider_response_invalid')
  })

  it('a connection that breaks mid-body fails the read with provider_unavailable', async () => {
    await withClient('sender', async (bp) => {
      const error = await (await bp.client.get('/broken')).text().catch((e: unknown) => e)
      expect(isDanceError(error, 'provider_unavailable')).toBe(true)
    })
  })

  it("the app's abort while it reads a slow body fails the read with its own reason, as with fetch", async () => {
    const reason = new Error('the app stopped reading')
    const [lean, viaFetch] = await both(async (bp) => {
      const controller = new AbortController()
      finishDrip = undefined
      const response = await bp.client.get('/drip', { signal: controller.signal })
      const reading = response.text()
      controller.abort(reason)
      const outcome = await reading.then(
        () => 'read',
        (e: unknown) => e,
      )
      ;(finishDrip as (() => void) | undefined)?.()
      return outcome
    })
    expect(lean).toBe(reason)
    expect(viaFetch).toBe(reason)
  })

  it("the app's abort rejects the call with its own reason", async () => {
    await withClient('sender', async (bp) => {
      const controller = new AbortController()
      const reason = new Error('the app gave up')
      setTimeout(() => controller.abort(reason), 50)
      await expect(bp.client.get('/silent', { signal: controller.signal })).rejects.toBe(reason)
    })
  })
})
