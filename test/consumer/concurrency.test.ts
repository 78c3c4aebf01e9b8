/**
 * The request-scoped client never mixes users: 200 sessions, each with its own token, make 200
 * concurrent requests whose API calls interleave (the API answers after a random delay); each sees
 * only its own token. Outside a request the client throws `outside_request`.
 */
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import { makeOAuth2Blueprint, type OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { DanceError } from '../../src/errors.js'
import { github } from '../../src/providers/github.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'

const SESSIONS = 200
let app: TestApp
let api: Server
let blueprint: OAuth2Blueprint

/** Code far from the route, as an app's service module would be: no request object passed in. */
async function whoAmIDeepDown(): Promise<{ api: string; stored: string | undefined }> {
  await new Promise((resolve) => setImmediate(resolve))
  const response = await blueprint.client.get('/whoami')
  const { token } = (await response.json()) as { token: string }
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 5))
  return { api: token, stored: (await blueprint.client.token())?.access_token }
}

beforeAll(async () => {
  // The API echoes the bearer token it received, after a random delay so answers cross each other.
  api = createServer((req, res) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''
    setTimeout(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token })),
      Math.random() * 20,
    )
  })
  api.listen(0, '127.0.0.1')
  await once(api, 'listening')
  blueprint = makeOAuth2Blueprint({
    name: 'echo',
    clientId: 'c',
    clientSecret: 's',
    authorizationUrl: 'https://id.example/authorize',
    tokenUrl: 'https://id.example/token',
    baseUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}/`,
    secret: 'concurrency-test-secret',
  })
  app = await startExpressApp((express) => {
    express.use(dance(blueprint))
    // A test-only route that gives this session its own token, as a login would.
    express.post('/test/token/:id', async (req, res) => {
      await blueprint.client.setToken({ access_token: `token-${req.params.id}`, token_type: 'bearer' })
      res.sendStatus(204)
    })
    express.get('/whoami', async (_req, res) => {
      res.json(await whoAmIDeepDown())
    })
  })
})

afterAll(async () => {
  await app?.close()
  if (api) {
    api.closeAllConnections()
    await new Promise<void>((resolve) => api.close(() => resolve()))
  }
})

describe('the request-scoped client under concurrency', () => {
  it(`gives each of ${SESSIONS} concurrent sessions only its own token`, async () => {
    const cookies = await Promise.all(
      Array.from({ length: SESSIONS }, async (_, id) => {
        const response = await fetch(`${app.origin}/test/token/${id}`, { method: 'POST' })
        expect(response.status).toBe(204)
        return response.headers.getSetCookie()[0]!.split(';')[0]!
      }),
    )
    expect(new Set(cookies).size).toBe(SESSIONS)

    const answers = await Promise.all(
      cookies.map(async (cookie, id) => {
        const response = await fetch(`${app.origin}/whoami`, { headers: { cookie } })
        expect(response.status).toBe(200)
        return { id, ...((await response.json()) as { api: string; stored: string }) }
      }),
    )
    const wrong = answers.filter(({ id, api, stored }) => api !== `token-${id}` || stored !== `token-${id}`)
    expect(wrong).toEqual([])
  }, 60_000) // a few seconds normally; generous because eight test runs may share two cores

  it('throws outside_request when used outside a request', async () => {
    for (const call of [
      () => blueprint.client.get('/whoami'),
      () => blueprint.client.authorized(),
      () => github.get('/user'),
    ]) {
      await expect(call()).rejects.toSatisfy(
        (error: unknown) => error instanceof DanceError && error.code === 'outside_request',
      )
    }
  })
})
