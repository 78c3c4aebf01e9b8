/**
 * A Hono app written as docs/frameworks.md tells a Hono user to, served by the runtime it runs on
 * (`Bun.serve` under Bun, `Deno.serve` under Deno). Its own sign-in sets a signed `uid` cookie; the
 * `user` resolver reads it. `GET /api` calls both providers' APIs through the request-scoped clients.
 */
import { type Context, Hono } from 'hono'
import { getSignedCookie, setSignedCookie } from 'hono/cookie'
import { dance } from 'oauth-dance/hono'
import { announce, callApis, makeBlueprints, makeStorage, port } from './login-setup.js'

const cookieSecret = 'runtime-e2e-cookie-secret'
const { storage } = await makeStorage()
const blueprints = makeBlueprints(
  storage,
  async ({ native }) => (await getSignedCookie(native as Context, cookieSecret, 'uid')) || undefined,
)

const app = new Hono()
app.use(dance(...blueprints))
app.get('/signin', async (c) => {
  await setSignedCookie(c, 'uid', c.req.query('uid') ?? '', cookieSecret, { path: '/', httpOnly: true })
  return c.text('signed in')
})
app.get('/api', async (c) => c.json(await callApis()))
app.onError((error, c) => {
  console.error(error)
  const code = (error as { code?: unknown }).code
  return c.json({ error: String(code ?? error.message) }, 500)
})

interface Runtimes {
  Bun?: { serve(options: { port: number; hostname: string; fetch: typeof app.fetch }): unknown }
  Deno?: {
    serve(options: { port: number; hostname: string; onListen(): void }, handler: typeof app.fetch): unknown
  }
}
const runtime = globalThis as Runtimes
if (runtime.Bun) {
  runtime.Bun.serve({ port, hostname: '127.0.0.1', fetch: app.fetch })
  announce()
} else if (runtime.Deno) {
  runtime.Deno.serve({ port, hostname: '127.0.0.1', onListen: announce }, app.fetch)
} else {
  throw new Error('Run this app under Bun or Deno.')
}
