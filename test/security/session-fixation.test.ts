/**
 * Issue 13.4: a fixated session keeps nothing the attacker planted. The attacker logs in to one
 * provider with their own account (their token now sits in their session), stores arbitrary fields in
 * the session through the app, then plants that session's id in the victim's browser. The victim logs
 * in to another provider. The session they end up with must be fresh: not the attacker's token, not
 * the planted fields, only what the app named (`keepSessionKeys`). On Express (express-session),
 * Fastify (@fastify/session) and Hono (a session port the app supplies).
 */
import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import createExpress from 'express'
import session from 'express-session'
import { type Context, Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance as expressDance } from '../../src/adapters/express.js'
import { dance as fastifyDance } from '../../src/adapters/fastify.js'
import { dance as honoDance } from '../../src/adapters/hono.js'
import type { OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import type { SessionPort } from '../../src/context.js'
import { fastifyOn, listen, localBlueprint, serveHono } from '../adapters/apps.js'
import { HttpBrowser } from '../support/http-browser.js'
import { type OidcProviderHandle, startOidcProvider } from '../support/oidc-provider.js'

interface Subject {
  origin: string
  close(): Promise<void>
}

/** The two blueprints every app mounts: `mine` (the victim's login) and `other` (the planted token). */
function blueprintsFor(op: OidcProviderHandle, origin: string) {
  const common = { publicUrl: origin, keepSessionKeys: ['theme'] }
  return {
    mine: localBlueprint(op, { name: 'mine', ...common }),
    other: localBlueprint(op, { name: 'other', ...common }),
  }
}

/** What the probes report: whose token each blueprint holds now, and the session's fields. */
async function tokenOwner(blueprint: OAuth2Blueprint): Promise<string | null> {
  if (!(await blueprint.client.authorized())) return null
  return ((await (await blueprint.client.get('/me')).json()) as { sub: string }).sub
}

type Server = Awaited<ReturnType<typeof listen>>

async function startExpress(op: OidcProviderHandle, server: Server): Promise<Subject> {
  const express = createExpress()
  express.use(session({ secret: 'test-session-secret', resave: false, saveUninitialized: false }))
  {
    const { mine, other } = blueprintsFor(op, server.origin)
    express.use(expressDance(mine, other))
    express.get('/set', (req, res) => {
      Object.assign(req.session as unknown as Record<string, unknown>, req.query)
      res.json({ ok: true })
    })
    express.get('/probe', async (req, res) => {
      // The app's own fields (oauth-dance's token entries are reported through the clients).
      const fields = Object.fromEntries(
        Object.entries(req.session as unknown as Record<string, unknown>).filter(
          ([k]) => k !== 'cookie' && !k.startsWith('oauth-dance:'),
        ),
      )
      res.json({ mine: await tokenOwner(mine), other: await tokenOwner(other), fields })
    })
  }
  server.attach(express)
  return { origin: server.origin, close: server.close }
}

async function startFastify(op: OidcProviderHandle, server: Server): Promise<Subject> {
  const { mine, other } = blueprintsFor(op, server.origin)
  const app = fastifyOn(server)
  await app.register(fastifyCookie)
  await app.register(fastifySession, {
    secret: 'a-fastify-session-secret-of-32-characters-or-more',
    cookie: { secure: false },
  })
  await app.register(fastifyDance(mine, other))
  type Session = { set(k: string, v: unknown): void; get(k: string): unknown }
  app.get('/set', async (request) => {
    for (const [k, v] of Object.entries(request.query as Record<string, string>))
      (request.session as unknown as Session).set(k, v)
    return { ok: true }
  })
  app.get('/probe', async (request) => {
    const session = request.session as unknown as Session
    const fields: Record<string, unknown> = {}
    for (const k of ['theme', 'role', 'note']) if (session.get(k) !== undefined) fields[k] = session.get(k)
    return { mine: await tokenOwner(mine), other: await tokenOwner(other), fields }
  })
  await app.ready()
  return {
    origin: server.origin,
    close: async () => {
      await app.close()
      await server.close()
    },
  }
}

/**
 * A minimal server-side cookie session for Hono, as an app would write one: a middleware that opens
 * the session before the request and sets the cookie after it (when the id is new or regenerated),
 * and a port onto it for oauth-dance.
 */
function honoSessions() {
  const store = new Map<string, Map<string, unknown>>()
  const open = new WeakMap<object, { id: string; data: Map<string, unknown>; changed: boolean }>()
  const middleware = async (c: Context, next: () => Promise<void>) => {
    const id = /(?:^|;\s*)sid=([^;]+)/.exec(c.req.header('cookie') ?? '')?.[1]
    const known = id !== undefined && store.has(id)
    const current = known
      ? { id, data: store.get(id)!, changed: false }
      : { id: crypto.randomUUID(), data: new Map<string, unknown>(), changed: true }
    store.set(current.id, current.data)
    open.set(c, current)
    await next()
    if (current.changed) c.res.headers.append('set-cookie', `sid=${current.id}; Path=/; HttpOnly`)
  }
  const port = (c: Context): SessionPort => {
    const current = open.get(c)!
    return {
      get: (k) => current.data.get(k),
      set: (k, v) => void current.data.set(k, v),
      delete: (k) => void current.data.delete(k),
      // Before issue 13.4 the port was called without a list and kept the data, as documented then.
      regenerate: async (keep: readonly string[] = [...current.data.keys()]) => {
        store.delete(current.id)
        current.id = crypto.randomUUID()
        current.data = new Map([...current.data].filter(([k]) => keep.includes(k)))
        current.changed = true
        store.set(current.id, current.data)
      },
    }
  }
  return { middleware, port }
}

async function startHono(op: OidcProviderHandle, server: Server): Promise<Subject> {
  const { mine, other } = blueprintsFor(op, server.origin)
  const sessions = honoSessions()
  const app = new Hono()
  app.use(sessions.middleware)
  app.use(honoDance(mine, other, { session: sessions.port }))
  app.get('/set', (c) => {
    for (const [k, v] of Object.entries(c.req.query())) sessions.port(c).set(k, v)
    return c.json({ ok: true })
  })
  app.get('/probe', async (c) => {
    const fields: Record<string, unknown> = {}
    for (const k of ['theme', 'role', 'note']) {
      const value = sessions.port(c).get(k)
      if (value !== undefined) fields[k] = value
    }
    return c.json({ mine: await tokenOwner(mine), other: await tokenOwner(other), fields })
  })
  serveHono(server, app)
  return { origin: server.origin, close: server.close }
}

let op: OidcProviderHandle
const subjects: Record<string, Subject> = {}
const starters = { express: startExpress, fastify: startFastify, hono: startHono }

beforeAll(async () => {
  // Each app listens first, so the provider can register the callbacks of all three.
  const servers = {} as Record<keyof typeof starters, Server>
  for (const name of Object.keys(starters) as Array<keyof typeof starters>) servers[name] = await listen()
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'app',
        client_secret: 'app-secret',
        redirect_uris: Object.values(servers).flatMap((s) =>
          ['mine', 'other'].map((b) => `${s.origin}/login/${b}/authorized`),
        ),
        grant_types: ['authorization_code'],
      },
    ],
  })
  for (const name of Object.keys(starters) as Array<keyof typeof starters>) {
    subjects[name] = await starters[name](op, servers[name])
  }
})

afterAll(async () => {
  for (const subject of Object.values(subjects)) await subject.close()
  await op?.close()
})

describe.each(Object.keys(starters))('session fixation on %s', (name) => {
  it('the victim’s new session holds none of what the attacker planted, only the named keys', async () => {
    const { origin } = subjects[name]!
    const attacker = new HttpBrowser()
    // The attacker's own session: their token for `other`, and fields of their choosing.
    expect((await attacker.loginWithOidcProvider(`${origin}/login/other`, 'mallory', origin)).status).toBe(
      302,
    )
    await attacker.fetch(`${origin}/set?role=admin&note=planted&theme=dark`)
    const planted = (await (await attacker.fetch(`${origin}/probe`)).json()) as Record<string, unknown>
    expect(planted).toMatchObject({ other: 'mallory', fields: { role: 'admin', note: 'planted' } })

    // Fixation: the victim's browser carries the attacker's session cookie, then logs in to `mine`.
    const victim = new HttpBrowser()
    const host = new URL(origin).host
    victim.cookies.set(host, new Map(attacker.cookies.get(host)))
    expect((await victim.loginWithOidcProvider(`${origin}/login/mine`, 'victim', origin)).status).toBe(302)

    const after = (await (await victim.fetch(`${origin}/probe`)).json()) as {
      mine: string | null
      other: string | null
      fields: Record<string, unknown>
    }
    expect(after.other).toBeNull()
    expect(after.fields).not.toHaveProperty('role')
    expect(after.fields).not.toHaveProperty('note')
    expect(after.fields).toEqual({ theme: 'dark' })
    expect(after.mine).toBe('victim')
    // And the attacker's id holds nothing of the victim's.
    expect(((await (await attacker.fetch(`${origin}/probe`)).json()) as { mine: unknown }).mine).toBeNull()
  })
})
