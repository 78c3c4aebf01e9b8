/**
 * Controls, not peers: the least CPU a login and its callback can cost, hand-written with the cheapest
 * parts Node has, with and without what issue 20 says must be kept. They answer what a budget line
 * alone cannot: whether a limit is within reach of any implementation that does the same work. If the
 * least code keeping a guarantee misses a line, what misses is the guarantee's price, not ours.
 *
 * What every control shares: the PKCE challenge by the one-shot `hash`, state and verifier from the
 * CSPRNG, the code exchanged with undici's `request` on a keep-alive agent (the leanest HTTP client in
 * Node), no security headers, no public-origin check, no hooks, no logging, no request scope.
 *
 * - `express-floor`: nothing kept. State and verifier in express-session (as Passport and Grant keep
 *   them), the token endpoint's answer `JSON.parse`d unchecked, the session regenerated (as Passport
 *   does) and the token stored in it.
 * - `express-kept` and `fastify-kept`: what issue 20 keeps, at its cheapest. The login's state and
 *   verifier in one AES-256-GCM cookie bound to its name (the sealed transaction, without oauth-dance's
 *   slots, key tag, issuer or return-to), used once (an in-memory set of consumed states); the answer
 *   validated by oauth4webapi (as ours is); on Express the session regenerated and the token stored in
 *   it, on Fastify (no session, as every Fastify target) the token kept in a Map.
 *
 * `npm run bench` runs them beside the peers; each budget line they bear on says what they reach.
 */
import { createCipheriv, createDecipheriv, hash, randomBytes } from 'node:crypto'
import type { Server } from 'node:http'
import fastifyCookie from '@fastify/cookie'
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express'
import { Agent, request } from 'undici'
import { parseCookies } from '../../src/consumer/transaction/cookies.js'
import { type Bench, oauth4webapiExchange, type Target } from './common.js'
import { sessionApp } from './express.js'
import { fastifyOn } from './other-frameworks.js'

type Listener = Target['handler']

const random = (bytes: number) => randomBytes(bytes).toString('base64url')
const BASIC = `Basic ${Buffer.from('bench-client:bench-client-secret').toString('base64')}`

/** The authorization URL of a login, with its state and verifier. */
function authorization(bench: Bench, redirectUri: string) {
  const state = random(32)
  const verifier = random(32)
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: 'bench-client',
    redirect_uri: redirectUri,
    scope: 'read',
    state,
    code_challenge: hash('sha256', verifier, 'base64url'),
    code_challenge_method: 'S256',
  })
  return { url: `${bench.provider}/authorize?${query}`, state, verifier }
}

/** The code exchange over undici's `request`: status and parsed body, unchecked (`express-floor`). */
function rawExchanger(bench: Bench) {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 })
  return async (code: string, verifier: string, redirectUri: string): Promise<unknown> => {
    const answer = await request(`${bench.provider}/token`, {
      method: 'POST',
      dispatcher,
      headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }).toString(),
    })
    const token: unknown = await answer.body.json()
    if (answer.statusCode !== 200) throw new Error(`token endpoint answered ${answer.statusCode}`)
    return token
  }
}

/** The code exchange through oauth4webapi, which validates the answer, over undici's `request`. */
function validatingExchanger(bench: Bench) {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 })
  const send = async (url: string, init: RequestInit): Promise<Response> => {
    const answer = await request(url, {
      method: 'POST',
      dispatcher,
      headers: Object.fromEntries(new Headers(init.headers)),
      body: String(init.body),
    })
    const body = await answer.body.arrayBuffer()
    const headers = new Headers()
    for (const [name, value] of Object.entries(answer.headers)) {
      if (typeof value === 'string') headers.set(name, value)
    }
    return new Response(body, { status: answer.statusCode, headers })
  }
  return oauth4webapiExchange(bench, send)
}

/** One sealed transaction cookie (also `bareSeal` of bench/fastify-login-parts.ts): state and verifier under AES-256-GCM, the cookie name as AAD. */
export function sealedTransactions(name: string) {
  const key = randomBytes(32)
  const aad = Buffer.from(name)
  // Consumed states, so a transaction is used once; bounded like any replay cache must be.
  const used = new Set<string>()
  return {
    seal(state: string, verifier: string): string {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      cipher.setAAD(aad)
      const sealed = [iv, cipher.update(`${state}.${verifier}`), cipher.final(), cipher.getAuthTag()]
      return Buffer.concat(sealed).toString('base64url')
    },
    /** The verifier of the transaction `value` for `state`, once; undefined otherwise. */
    open(value: string | undefined, state: string | undefined): string | undefined {
      if (!value || !state || used.has(state)) return undefined
      const sealed = Buffer.from(value, 'base64url')
      if (sealed.length < 28) return undefined
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12))
        decipher.setAAD(aad)
        decipher.setAuthTag(sealed.subarray(sealed.length - 16))
        const body = Buffer.concat([
          decipher.update(sealed.subarray(12, sealed.length - 16)),
          decipher.final(),
        ])
        const [sealedState, verifier] = body.toString().split('.')
        if (sealedState !== state || !verifier) return undefined
        if (used.size >= 100_000) used.clear()
        used.add(state)
        return verifier
      } catch {
        return undefined
      }
    },
  }
}

const TX_COOKIE = 'kept-tx'
const COOKIE = { httpOnly: true, path: '/', sameSite: 'lax', maxAge: 600 } as const
const regenerate = (req: ExpressRequest) =>
  new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())))
const callbackQuery = (url: string) => new URLSearchParams(url.slice(url.indexOf('?') + 1))

/** `express-floor`. */
export function expressFloor(bench: Bench): Target {
  const app = sessionApp()
  const exchange = rawExchanger(bench)
  type Data = { tx?: { state: string; verifier: string; redirectUri: string }; token?: unknown }
  app.get('/login/bench', (req, res) => {
    const redirectUri = `${req.protocol}://${req.host}/login/bench/authorized`
    const { url, state, verifier } = authorization(bench, redirectUri)
    ;(req.session as unknown as Data).tx = { state, verifier, redirectUri }
    res.redirect(url)
  })
  app.get('/login/bench/authorized', async (req, res, next) => {
    const data = req.session as unknown as Data
    const tx = data.tx
    const { state, code } = req.query as Record<string, string | undefined>
    if (!tx || !code || state !== tx.state) return void res.status(400).send('no login in progress')
    try {
      const token = await exchange(code, tx.verifier, tx.redirectUri)
      await regenerate(req)
      ;(req.session as unknown as Data).token = token
      res.redirect('/')
    } catch (error) {
      next(error)
    }
  })
  app.get('/', (_req, res) => res.send('home'))
  return { handler: app as unknown as Listener, login: '/login/bench' }
}

/** `express-kept`. */
export function expressKept(bench: Bench, origin: string): Target {
  const app = sessionApp()
  const transactions = sealedTransactions(TX_COOKIE)
  const exchange = validatingExchanger(bench)
  const redirectUri = `${origin}/login/bench/authorized`
  app.get('/login/bench', (_req, res) => {
    const { url, state, verifier } = authorization(bench, redirectUri)
    res.cookie(TX_COOKIE, transactions.seal(state, verifier), { ...COOKIE, maxAge: 600_000 })
    res.redirect(url)
  })
  app.get('/login/bench/authorized', async (req: ExpressRequest, res: ExpressResponse, next) => {
    const query = callbackQuery(req.url)
    const state = query.get('state') ?? undefined
    res.clearCookie(TX_COOKIE, { path: '/' })
    const verifier = transactions.open(parseCookies(req.headers.cookie).get(TX_COOKIE), state)
    if (!verifier || !state) return void res.status(400).send('no login in progress')
    try {
      const token = await exchange(query, state, verifier, redirectUri)
      await regenerate(req)
      ;(req.session as unknown as { token?: unknown }).token = token
      res.redirect('/')
    } catch (error) {
      next(error)
    }
  })
  app.get('/', (_req, res) => res.send('home'))
  return { handler: app as unknown as Listener, login: '/login/bench' }
}

/** `fastify-kept`. */
export async function fastifyKept(bench: Bench, origin: string, server: Server): Promise<Target> {
  const { app, target } = fastifyOn(server)
  await app.register(fastifyCookie)
  const transactions = sealedTransactions(TX_COOKIE)
  const exchange = validatingExchanger(bench)
  const redirectUri = `${origin}/login/bench/authorized`
  const tokens = new Map<string, unknown>()
  app.get('/login/bench', (_request, reply) => {
    const { url, state, verifier } = authorization(bench, redirectUri)
    reply.setCookie(TX_COOKIE, transactions.seal(state, verifier), COOKIE)
    reply.redirect(url)
  })
  app.get('/login/bench/authorized', async (request, reply) => {
    const query = callbackQuery(request.url)
    const state = query.get('state') ?? undefined
    reply.clearCookie(TX_COOKIE, COOKIE)
    const verifier = transactions.open(request.cookies[TX_COOKIE], state)
    if (!verifier || !state) return reply.code(400).send('no login in progress')
    tokens.set('bench-user', await exchange(query, state, verifier, redirectUri))
    return reply.redirect('/')
  })
  return target
}
