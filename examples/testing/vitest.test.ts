import { randomBytes } from 'node:crypto'
import { closeTestApps, loginAs, type StandIn, startStandIn } from 'oauth-dance/testing'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { makeApp } from './app.js'

let standIn: StandIn
let app: ReturnType<typeof makeApp>

beforeAll(async () => {
  standIn = await startStandIn('github', { users: [{ login: 'alice', name: 'Alice Liddell' }] })
  app = makeApp({ ...standIn.options, secret: randomBytes(32).toString('base64url') })
})
afterEach(() => standIn.reset()) // back to a provider where everything works
afterAll(async () => {
  await closeTestApps()
  await standIn.close()
})

/** What the stand-in answers from now on, as `kind status` lines. */
function watch(): () => string[] {
  const from = standIn.events.length
  return () => standIn.events.slice(from).map((event) => `${event.kind} ${event.status}`)
}

describe('GET /profile', () => {
  it('shows the GitHub user who logged in', async () => {
    const alice = await loginAs(app, 'github', 'alice')
    const answer = await alice.get('/profile')
    expect(answer.status).toBe(200)
    expect(await answer.json()).toEqual({ login: 'alice', name: 'Alice Liddell' })
  })

  it('refreshes an expired token before calling GitHub', async () => {
    standIn.behave({ tokenLifetime: 0 }) // the login's token has already expired
    const alice = await loginAs(app, 'github', 'alice')
    standIn.reset()
    const seen = watch()
    expect((await alice.get('/profile')).status).toBe(200)
    expect(seen()).toEqual(['refresh 200', 'api 200'])
  })

  it('sends the user back to log in when GitHub refuses the refresh', async () => {
    standIn.behave({ tokenLifetime: 0, refuseRefresh: true }) // the user revoked the app on GitHub
    const alice = await loginAs(app, 'github', 'alice')
    const answer = await alice.get('/profile')
    expect(answer.status).toBe(302)
    expect(answer.headers.get('location')).toBe('/login/github?next=%2Fprofile')
  })

  it('answers 401 when the API refuses the token, even after a refresh', async () => {
    const alice = await loginAs(app, 'github', 'alice')
    standIn.behave({ apiStatus: 401 })
    const seen = watch()
    const answer = await alice.get('/profile')
    expect(answer.status).toBe(401)
    expect(await answer.json()).toEqual({ error: 'api_unauthorized' })
    expect(seen()).toEqual(['api 401', 'refresh 200', 'api 401'])
  })

  it('answers 502 when the API fails', async () => {
    const alice = await loginAs(app, 'github', 'alice')
    standIn.behave({ apiStatus: 503 })
    const answer = await alice.get('/profile')
    expect(answer.status).toBe(502)
    expect(await answer.json()).toEqual({ error: 'github_unavailable' })
  })
})
