/**
 * Targets on Fastify and Hono: ours, a bare route (state + PKCE kept in two plain cookies, as
 * @fastify/oauth2 keeps them), and @fastify/oauth2. On Fastify each also has its callback: ours stores
 * the token in memory under one fixed user, the bare route exchanges the code with oauth4webapi and
 * keeps the token in a Map, @fastify/oauth2 checks its state cookie and exchanges the code. None of
 * them has a session (Fastify apps of @fastify/oauth2 often have none), so none regenerates one.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import fastifyCookie from '@fastify/cookie'
import fastifyOauth2, { type OAuth2Namespace } from '@fastify/oauth2'
import { getRequestListener } from '@hono/node-server'
import Fastify, { type FastifyInstance } from 'fastify'
import { Hono } from 'hono'
import { setCookie } from 'hono/cookie'
import * as oauth from 'oauth4webapi'
import { dance as fastifyDance } from '../../src/adapters/fastify.js'
import { dance as honoDance } from '../../src/adapters/hono.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { type Bench, oauth4webapiExchange, type Target } from './common.js'
import { benchBlueprint } from './express.js'

type Listener = (req: IncomingMessage, res: ServerResponse) => void

/**
 * A Fastify app served by `server`, with the home page every target has, and the Target that serves
 * it: Fastify makes its request handler only once the app is ready.
 */
export function fastifyOn(server: Server): { app: FastifyInstance; target: Target } {
  let handler: Listener = () => {}
  const app = Fastify({
    serverFactory: (made) => {
      handler = made
      return server
    },
  })
  app.get('/', async () => 'home')
  const target: Target = {
    handler: (req, res) => handler(req, res),
    login: '/login/bench',
    ready: async () => void (await app.ready()),
  }
  return { app, target }
}

/** Builds the authorization URL every bare route sends. */
async function bareAuthorizationUrl(bench: Bench, redirectUri: string) {
  const state = oauth.generateRandomState()
  const verifier = oauth.generateRandomCodeVerifier()
  const url = new URL(`${bench.provider}/authorize`)
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: 'bench-client',
    redirect_uri: redirectUri,
    scope: 'read',
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString()
  return { url: url.href, state, verifier }
}

const COOKIE = { httpOnly: true, path: '/', sameSite: 'lax', maxAge: 600 } as const

/** `fastify-ours`, `fastify-bare` or `fastify-oauth2`. */
export async function fastifyTarget(
  kind: string,
  bench: Bench,
  origin: string,
  server: Server,
): Promise<Target> {
  const { app, target } = fastifyOn(server)
  await app.register(fastifyCookie)
  if (kind === 'fastify-ours') {
    const blueprint = benchBlueprint(bench, new MemoryStorage(), false, {
      user: () => 'bench-user',
      regenerateSession: false,
    })
    await app.register(fastifyDance(blueprint))
  } else if (kind === 'fastify-bare') {
    const redirectUri = `${origin}/login/bench/authorized`
    app.get('/login/bench', async (_request, reply) => {
      const { url, state, verifier } = await bareAuthorizationUrl(bench, redirectUri)
      reply.setCookie('oauth2-redirect-state', state, COOKIE)
      reply.setCookie('oauth2-code-verifier', verifier, COOKIE)
      return reply.redirect(url)
    })
    const exchange = oauth4webapiExchange(bench)
    const tokens = new Map<string, oauth.TokenEndpointResponse>()
    app.get('/login/bench/authorized', async (request, reply) => {
      const state = request.cookies['oauth2-redirect-state']
      const verifier = request.cookies['oauth2-code-verifier']
      reply.clearCookie('oauth2-redirect-state', COOKIE)
      reply.clearCookie('oauth2-code-verifier', COOKIE)
      if (!state || !verifier) return reply.code(400).send('no login in progress')
      const query = new URLSearchParams(request.url.slice(request.url.indexOf('?') + 1))
      tokens.set('bench-user', await exchange(query, state, verifier, redirectUri))
      return reply.redirect('/')
    })
  } else {
    await app.register(fastifyOauth2, {
      name: 'bench',
      scope: ['read'],
      credentials: {
        client: { id: 'bench-client', secret: 'bench-client-secret' },
        auth: {
          authorizeHost: bench.provider,
          authorizePath: '/authorize',
          tokenHost: bench.provider,
          tokenPath: '/token',
        },
      },
      startRedirectPath: '/login/bench',
      callbackUri: `${origin}/login/bench/authorized`,
      pkce: 'S256',
    })
    if (kind === 'fastify-oauth2-padded') {
      // A control, not a peer: @fastify/oauth2 answering a login with as many bytes as ours (our three
      // security headers and a cookie the size of our sealed one), to tell what the bytes cost on the wire.
      app.addHook('onSend', (request, reply, payload, done) => {
        if (request.url.startsWith('/login/bench') && !request.url.startsWith('/login/bench/authorized')) {
          for (const [name, value] of PADDING_HEADERS) reply.header(name, value)
          reply.header('set-cookie', PADDING_COOKIE)
        }
        done(null, payload)
      })
    }
    const tokens = new Map<string, unknown>()
    app.get('/login/bench/authorized', async (request, reply) => {
      const bench = (app as unknown as Record<string, OAuth2Namespace>).bench!
      const { token } = await bench.getAccessTokenFromAuthorizationCodeFlow(request, reply)
      tokens.set('bench-user', token)
      return reply.redirect('/')
    })
  }
  return target
}

/** Our three security headers, which the padded control adds. */
const PADDING_HEADERS = [
  ['cache-control', 'no-store'],
  ['pragma', 'no-cache'],
  ['referrer-policy', 'no-referrer'],
] as const
/** Brings @fastify/oauth2's login answer to the size of ours in the bench (979 bytes against 595). */
const PADDING_COOKIE = `pad=${'x'.repeat(248)}; Path=/; Max-Age=600; HttpOnly; SameSite=Lax`

/** `hono-ours` or `hono-bare`. */
export function honoTarget(kind: string, bench: Bench): Target {
  const app = new Hono()
  if (kind === 'hono-ours') {
    app.use(honoDance(benchBlueprint(bench, new MemoryStorage())))
  } else {
    app.get('/login/bench', async (c) => {
      const origin = new URL(c.req.url).origin
      const { url, state, verifier } = await bareAuthorizationUrl(bench, `${origin}/login/bench/authorized`)
      setCookie(c, 'oauth2-redirect-state', state, { ...COOKIE, sameSite: 'Lax' })
      setCookie(c, 'oauth2-code-verifier', verifier, { ...COOKIE, sameSite: 'Lax' })
      return c.redirect(url, 302)
    })
  }
  app.get('/', (c) => c.text('home'))
  return { handler: getRequestListener(app.fetch), login: '/login/bench' }
}
