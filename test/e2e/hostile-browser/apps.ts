/**
 * The hostile-browser suite's apps: one real Express, Fastify or Hono server on 127.0.0.1 with an
 * OAuth 2 blueprint named `evil` pointed at the evil provider, a `/` page, a `/me` page that calls the
 * provider's API with the stored token, and an error hook that records every failure.
 */
import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import { type Context, Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { dance as expressDance } from '../../../src/adapters/express.js'
import { dance as fastifyDance } from '../../../src/adapters/fastify.js'
import { dance as honoDance } from '../../../src/adapters/hono.js'
import {
  makeOAuth2Blueprint,
  type OAuth2Blueprint,
  type OAuth2BlueprintOptions,
} from '../../../src/consumer/oauth2-blueprint.js'
import type { DanceError } from '../../../src/errors.js'
import { MemoryStorage } from '../../../src/storage/memory.js'
import { fastifyOn, listen, serveHono } from '../../adapters/apps.js'
import type { EvilProvider } from '../../support/evil-provider.js'
import { startExpressApp } from '../../support/express-app.js'

/** The frameworks every hostile-browser case runs on. */
export const FRAMEWORKS = ['express', 'fastify', 'hono'] as const
/** One of {@link FRAMEWORKS}. */
export type Framework = (typeof FRAMEWORKS)[number]

/** Secret of the suite's blueprints (strong enough for the production rule). */
export const HOSTILE_SECRET = 'hb-7Qx2mZr9LkVw4NcTf8JpYs3HdGa6UeBo'

/** A running app. */
export interface HostileApp {
  framework: Framework
  origin: string
  blueprint: OAuth2Blueprint
  /** Every error the error hook received. */
  errors: DanceError[]
  close(): Promise<void>
}

function blueprintFor(
  evil: EvilProvider,
  errors: DanceError[],
  extra: Partial<OAuth2BlueprintOptions>,
): OAuth2Blueprint {
  return makeOAuth2Blueprint({
    name: 'evil',
    clientId: evil.clientId,
    clientSecret: evil.clientSecret,
    authorizationUrl: evil.authorizationUrl,
    tokenUrl: evil.tokenUrl,
    baseUrl: evil.apiBaseUrl,
    issuer: evil.issuer,
    issuerParameterSupported: true,
    allowInsecureRequests: true,
    secret: HOSTILE_SECRET,
    timeoutMs: 2000,
    hooks: { error: ({ error }) => void errors.push(error) },
    ...extra,
  })
}

/**
 * Starts `framework`'s app. Express and Fastify keep tokens in their session; Hono has none, so its
 * tokens go to memory storage keyed by a `uid` cookie that `/signin?as=` sets (`/` sets one too).
 */
export async function startHostileApp(
  framework: Framework,
  evil: EvilProvider,
  extra: Partial<OAuth2BlueprintOptions> = {},
): Promise<HostileApp> {
  const errors: DanceError[] = []
  if (framework === 'express') {
    let blueprint: OAuth2Blueprint | undefined
    const app = await startExpressApp((express) => {
      blueprint = blueprintFor(evil, errors, extra)
      express.use(expressDance(blueprint))
      express.get('/', (_req, res) => void res.send('home'))
      express.get('/me', async (_req, res) => {
        const client = blueprint!.client
        if (!(await client.authorized())) return void res.status(401).send('no token')
        const me = await client.get('me')
        res.status(me.status).json(await me.json())
      })
    })
    return { framework, origin: app.origin, blueprint: blueprint!, errors, close: () => app.close() }
  }
  const server = await listen()
  if (framework === 'fastify') {
    const blueprint = blueprintFor(evil, errors, extra)
    const app = fastifyOn(server)
    await app.register(fastifyCookie)
    await app.register(fastifySession, {
      secret: 'a-fastify-session-secret-of-32-characters-or-more',
      cookie: { secure: false },
      saveUninitialized: false,
    })
    await app.register(fastifyDance(blueprint))
    app.get('/', async () => 'home')
    app.get('/me', async (_request, reply) => {
      if (!(await blueprint.client.authorized())) return reply.code(401).send('no token')
      const me = await blueprint.client.get('me')
      return reply.code(me.status).send(await me.json())
    })
    await app.ready()
    return {
      framework,
      origin: server.origin,
      blueprint,
      errors,
      close: async () => {
        await app.close()
        await server.close()
      },
    }
  }
  const blueprint = blueprintFor(evil, errors, {
    storage: new MemoryStorage(),
    user: ({ native }) => getCookie(native as Context, 'uid'),
    userRequired: true,
    ...extra,
  })
  const app = new Hono()
  app.use(honoDance(blueprint))
  app.get('/', (c) => {
    if (!getCookie(c, 'uid')) setCookie(c, 'uid', crypto.randomUUID(), { httpOnly: true, path: '/' })
    return c.text('home')
  })
  app.get('/me', async (c) => {
    if (!(await blueprint.client.authorized())) return c.text('no token', 401)
    const me = await blueprint.client.get('me')
    return c.json(await me.json(), me.status as 200)
  })
  serveHono(server, app)
  return { framework, origin: server.origin, blueprint, errors, close: () => server.close() }
}
