/**
 * Express targets: ours, a hand-written route (oauth4webapi at the callback, `fetch` for the API),
 * Passport with passport-oauth2, and Grant. Every one mounts express-session (MemoryStore) first, as a
 * real app would, and keeps the token in the session; every callback regenerates the session id except
 * Grant's, which cannot.
 */
import express, { type Express } from 'express'
import session from 'express-session'
import type { GrantConfig } from 'grant'
import * as grantModule from 'grant'
import * as oauth from 'oauth4webapi'
import passport from 'passport'
import { Strategy as OAuth2Strategy } from 'passport-oauth2'
import { dance } from '../../src/adapters/express.js'
import {
  makeOAuth2Blueprint,
  type OAuth2Blueprint,
  type OAuth2BlueprintOptions,
} from '../../src/consumer/oauth2-blueprint.js'
import { SessionStorage } from '../../src/storage/session.js'
import type { TokenStorage } from '../../src/storage/types.js'
import type { Token } from '../../src/token.js'
import { type Bench, counted, newStats, oauth4webapiExchange, type Target } from './common.js'

/** An Express app with express-session, as every Express target starts. */
export function sessionApp(): Express {
  const app = express()
  app.set('etag', false)
  app.use(session({ secret: 'bench-session-secret', resave: false, saveUninitialized: false }))
  return app
}

/** Our blueprint against the stand-in provider. */
export function benchBlueprint(
  bench: Bench,
  storage?: TokenStorage,
  multiUser = false,
  extra: Partial<OAuth2BlueprintOptions> = {},
): OAuth2Blueprint {
  return makeOAuth2Blueprint({
    name: 'bench',
    clientId: 'bench-client',
    clientSecret: 'bench-client-secret',
    scope: ['read'],
    authorizationUrl: `${bench.provider}/authorize`,
    tokenUrl: `${bench.provider}/token`,
    baseUrl: `${bench.provider}/api/`,
    allowInsecureRequests: true,
    publicUrl: bench.origin,
    regenerateSession: true,
    ...(storage && { storage }),
    // Multi-user storages key tokens by the app's user, here a field the seed route puts in the session.
    ...(multiUser && {
      user: ({ session }) => session?.get('uid') as string | undefined,
      userRequired: true,
    }),
    ...extra,
  })
}

/** Ours: `dance(blueprint)`; the API route calls `client.get('user')`. */
export function oursExpress(bench: Bench, storage?: TokenStorage, stats = newStats()): Target {
  const multiUser = storage !== undefined
  const blueprint = benchBlueprint(bench, counted(storage ?? new SessionStorage(), stats), multiUser)
  const app = sessionApp()
  app.use(dance(blueprint))
  app.get('/bench/seed', async (req, res) => {
    ;(req.session as unknown as { uid?: string }).uid = 'bench-user'
    await blueprint.client.setToken(bench.token)
    res.send('seeded')
  })
  app.get('/api', async (_req, res) => {
    stats.api++
    const response = await blueprint.client.get('user')
    res.json(await response.json())
  })
  app.get('/bench/stats', (_req, res) => res.json(stats))
  app.get('/', (_req, res) => res.send('home'))
  return { handler: app, login: '/login/bench' }
}

/**
 * Hand-written: state + PKCE in the session, oauth4webapi at the callback, and an API route that calls
 * `fetch` with the token read from the same session (or, with `pasted`, a token pasted into the code).
 */
export function handExpress(bench: Bench, pasted = false): Target {
  const as: oauth.AuthorizationServer = {
    issuer: bench.provider,
    authorization_endpoint: `${bench.provider}/authorize`,
    token_endpoint: `${bench.provider}/token`,
  }
  const client: oauth.Client = { client_id: 'bench-client' }
  const exchange = oauth4webapiExchange(bench)
  const app = sessionApp()
  type Tx = { state: string; verifier: string; redirectUri: string }
  app.get('/login/bench', async (req, res) => {
    const state = oauth.generateRandomState()
    const verifier = oauth.generateRandomCodeVerifier()
    const redirectUri = `${req.protocol}://${req.host}/login/bench/authorized`
    const url = new URL(as.authorization_endpoint!)
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: redirectUri,
      scope: 'read',
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString()
    ;(req.session as unknown as { tx?: Tx }).tx = { state, verifier, redirectUri }
    res.redirect(url.href)
  })
  app.get('/login/bench/authorized', async (req, res) => {
    const data = req.session as unknown as { tx?: Tx; token?: Token }
    const tx = data.tx
    if (!tx) return void res.status(400).send('no login in progress')
    data.tx = undefined
    const query = new URL(req.url, 'http://x').searchParams
    const token = await exchange(query, tx.state, tx.verifier, tx.redirectUri)
    await new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())))
    ;(req.session as unknown as { token?: Token }).token = { ...token } as Token
    res.redirect('/')
  })
  app.get('/bench/seed', (req, res) => {
    ;(req.session as unknown as { token?: Token }).token = bench.token
    res.send('seeded')
  })
  const stats = newStats()
  app.get('/api', async (req, res) => {
    stats.api++
    const token = pasted ? bench.token : (req.session as unknown as { token?: Token }).token
    if (!token) return void res.status(401).send('no token in the session')
    const response = await fetch(`${bench.provider}/api/user`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    })
    res.json(await response.json())
  })
  app.get('/bench/stats', (_req, res) => res.json(stats))
  app.get('/', (_req, res) => res.send('home'))
  return { handler: app, login: '/login/bench' }
}

/** Passport 0.7 with passport-oauth2 (state and PKCE in the session, token into the session). */
export function passportExpress(bench: Bench): Target {
  const strategy = new OAuth2Strategy(
    {
      authorizationURL: `${bench.provider}/authorize`,
      tokenURL: `${bench.provider}/token`,
      clientID: 'bench-client',
      clientSecret: 'bench-client-secret',
      callbackURL: '/login/bench/authorized',
      scope: ['read'],
      state: true,
      pkce: true,
    },
    (accessToken: string, _refresh: string, _profile: unknown, done: (e: null, user: object) => void) =>
      done(null, { access_token: accessToken }),
  )
  const instance = new passport.Passport()
  instance.use('bench', strategy)
  instance.serializeUser((user, done) => done(null, user))
  instance.deserializeUser((user: Express.User, done) => done(null, user))
  const app = sessionApp()
  app.use(instance.initialize())
  app.use(instance.session())
  app.get('/login/bench', instance.authenticate('bench'))
  app.get(
    '/login/bench/authorized',
    instance.authenticate('bench', { failureRedirect: '/failed' }),
    (_req, res) => res.redirect('/'),
  )
  app.get('/', (_req, res) => res.send('home'))
  return { handler: app, login: '/login/bench' }
}

// Under NodeNext, grant.d.ts types the CommonJS export one level off; state the one we use.
const grant = (
  grantModule as unknown as { default: { express(config: GrantConfig): express.RequestHandler } }
).default

/** Grant 5 (state and PKCE in the session, the token response into the session). */
export function grantExpress(bench: Bench, origin: string): Target {
  const app = sessionApp()
  app.use(
    grant.express({
      defaults: { origin, transport: 'session', state: true, pkce: true, prefix: '/connect' },
      bench: {
        authorize_url: `${bench.provider}/authorize`,
        access_url: `${bench.provider}/token`,
        oauth: 2,
        key: 'bench-client',
        secret: 'bench-client-secret',
        scope: ['read'],
        callback: '/',
      },
    }),
  )
  app.get('/', (_req, res) => res.send('home'))
  return { handler: app, login: '/connect/bench' }
}
