/**
 * Login-redirect targets on Fastify and Hono: ours, a bare route (state + PKCE kept in two plain
 * cookies, as @fastify/oauth2 keeps them), and @fastify/oauth2. None of them needs a session for this.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import fastifyCookie from '@fastify/cookie'
import fastifyOauth2 from '@fastify/oauth2'
import { getRequestListener } from '@hono/node-server'
import Fastify, { type FastifyInstance } from 'fastify'
import { Hono } from 'hono'
import { setCookie } from 'hono/cookie'
import * as oauth from 'oauth4webapi'
import { dance as fastifyDance } from '../../src/adapters/fastify.js'
import { dance as honoDance } from '../../src/adapters/hono.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import type { Bench, Target } from './common.js'
import { benchBlueprint } from './express.js'

type Listener = (req: IncomingMessage, res: ServerResponse) => void

function fastifyOn(server: Server, holder: { handler: Listener }): FastifyInstance {
  return Fastify({
    serverFactory: (handler) => {
      holder.handler = handler
      return server
    },
  })
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
  const holder: { handler: Listener } = { handler: () => {} }
  const app = fastifyOn(server, holder)
  await app.register(fastifyCookie)
  if (kind === 'fastify-ours') {
    await app.register(fastifyDance(benchBlueprint(bench, new MemoryStorage())))
  } else if (kind === 'fastify-bare') {
    app.get('/login/bench', async (_request, reply) => {
      const { url, state, verifier } = await bareAuthorizationUrl(bench, `${origin}/login/bench/authorized`)
      reply.setCookie('oauth2-redirect-state', state, COOKIE)
      reply.setCookie('oauth2-code-verifier', verifier, COOKIE)
      return reply.redirect(url)
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
  }
  app.get('/', async () => 'home')
  return {
    handler: (req, res) => holder.handler(req, res),
    login: '/login/bench',
    ready: async () => void (await app.ready()),
  }
}

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
