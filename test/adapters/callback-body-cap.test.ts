/**
 * Every adapter reads a posted callback through the same capped reader: a body past
 * `maxCallbackBodyBytes` is refused with a 400 before it is buffered whole, and a small one is read.
 */
import express from 'express'
import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { dance as expressDance } from '../../src/adapters/express.js'
import { dance as fastifyDance } from '../../src/adapters/fastify.js'
import { dance as honoDance } from '../../src/adapters/hono.js'
import { makeOAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { NullStorage } from '../../src/storage/null.js'
import { fastifyOn, listen, serveHono } from './apps.js'

const blueprint = () =>
  makeOAuth2Blueprint({
    name: 'capped',
    clientId: 'id',
    clientSecret: 'secret',
    authorizationUrl: 'https://op.example/authorize',
    tokenUrl: 'https://op.example/token',
    secret: 'adapter-tests-transaction-secret',
    storage: new NullStorage(),
  })

let listening: Awaited<ReturnType<typeof listen>> | undefined
afterEach(async () => {
  await listening?.close()
  listening = undefined
})

const post = (origin: string, body: string) =>
  fetch(`${origin}/login/capped/authorized`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  })

async function expectCapped(origin: string): Promise<void> {
  const small = await post(origin, 'state=posted-but-unknown&code=x')
  expect(small.status).toBe(400)
  expect(await small.text()).toContain('transaction_missing')
  const large = await post(origin, `state=s&code=${'x'.repeat(2048)}`)
  expect(large.status).toBe(400)
  expect(await large.text()).toContain('callback_invalid')
}

describe('a posted callback larger than maxCallbackBodyBytes', () => {
  it('is refused by the Express adapter (no body parser in front)', async () => {
    const server = await listen()
    listening = server
    const app = express()
    app.use(expressDance(blueprint(), { maxCallbackBodyBytes: 1024 }))
    server.attach(app)
    await expectCapped(server.origin)
  })

  it('is refused by the Fastify adapter', async () => {
    const server = await listen()
    listening = server
    const app = fastifyOn(server)
    await app.register(fastifyDance(blueprint(), { maxCallbackBodyBytes: 1024 }))
    await app.ready()
    await expectCapped(server.origin)
  })
})

describe('a POST to the login path (not a callback)', () => {
  const form = 'note=kept-for-the-app'
  const postLogin = (origin: string) =>
    fetch(`${origin}/login/capped`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    })

  it('leaves the body to the Express app', async () => {
    const server = await listen()
    listening = server
    const app = express()
    app.use(expressDance(blueprint()))
    app.post(
      '/login/capped',
      express.text({ type: '*/*' }),
      (req, res) => void res.send(`app read: ${req.body}`),
    )
    server.attach(app)
    const answer = await postLogin(server.origin)
    expect(answer.status).toBe(200)
    expect(await answer.text()).toBe(`app read: ${form}`)
  })

  it('leaves the body to the Hono app', async () => {
    const server = await listen()
    listening = server
    const app = new Hono()
    app.use(honoDance(blueprint()))
    app.post('/login/capped', async (c) => c.text(`app read: ${await c.req.text()}`))
    serveHono(server, app)
    const answer = await postLogin(server.origin)
    expect(answer.status).toBe(200)
    expect(await answer.text()).toBe(`app read: ${form}`)
  })
})
