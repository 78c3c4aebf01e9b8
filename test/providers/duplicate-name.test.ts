/**
 * Two blueprints may not share a name (scoped clients find blueprints by name) or a route (each
 * provider needs its own callback). A second instance of one preset gets its own `name:`, and with it
 * its own routes, environment names and client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import { scopedClient } from '../../src/consumer/scoped-client.js'
import { envName } from '../../src/env.js'
import { isDanceError } from '../../src/errors.js'
import { github, makeGithubBlueprint } from '../../src/providers/github.js'
import { makeSlackBlueprint } from '../../src/providers/slack.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'
import { SPECS } from './specs.js'
import { type StandIn, startStandIn } from './stand-in.js'

const credentials = { clientId: 'id', clientSecret: 'secret' }

function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  return undefined
}

describe('blueprint names', () => {
  it('refuses two blueprints with the same name, and says how to fix it', () => {
    const error = thrown(() => dance(makeGithubBlueprint(credentials), makeGithubBlueprint(credentials)))
    expect(isDanceError(error, 'duplicate_blueprint')).toBe(true)
    expect((error as Error).message).toContain('Two blueprints are named "github"')
    expect((error as Error).message).toContain("name: 'github-2'")
  })

  it('refuses two blueprints that would share a route', () => {
    const error = thrown(() =>
      dance(
        makeGithubBlueprint(credentials),
        makeSlackBlueprint({ ...credentials, loginPath: '/login/github' }),
      ),
    )
    expect(isDanceError(error, 'duplicate_blueprint')).toBe(true)
    expect((error as Error).message).toContain('/login/github')
  })

  it('refuses names that cannot be routes and environment stems', () => {
    const error = thrown(() => makeGithubBlueprint({ ...credentials, name: 'GitHub Work' }))
    expect(isDanceError(error, 'config_invalid')).toBe(true)
  })
})

describe('a second instance of a preset, named', () => {
  let app: TestApp
  let standIn: StandIn
  const base = SPECS.find((s) => s.name === 'github')!
  const specs = [base, { ...base, name: 'github-work' }]

  beforeAll(async () => {
    standIn = await startStandIn(specs)
    // Credentials only from the environment, by the rule: GITHUB_… and GITHUB_WORK_….
    const env = {
      [envName('github', 'CLIENT_ID')]: 'cid-github',
      [envName('github', 'CLIENT_SECRET')]: 'secret-github',
      [envName('github-work', 'CLIENT_ID')]: 'cid-github-work',
      [envName('github-work', 'CLIENT_SECRET')]: 'secret-github-work',
    }
    const common = { env, fetch: standIn.fetch, secret: 'duplicate-name-test-secret-0123456789' }
    const personal = makeGithubBlueprint(common)
    const work = makeGithubBlueprint({ ...common, name: 'github-work' })
    const githubWork = scopedClient('github-work')
    app = await startExpressApp((express) => {
      express.use(dance(personal, work))
      express.get('/who', async (_req, res) => {
        res.json({ personal: await github.authorized(), work: await githubWork.authorized() })
      })
    })
  })

  afterAll(async () => {
    await app?.close()
    await standIn?.close()
  })

  it('has its own routes, environment names, token and client', async () => {
    expect(envName('github-work', 'CLIENT_ID')).toBe('GITHUB_WORK_OAUTH_CLIENT_ID')
    const browser = new HttpBrowser()
    const login = await browser.fetch(`${app.origin}/login/github-work`)
    expect(login.status).toBe(302)
    const authUrl = new URL(login.headers.get('location')!)
    expect(authUrl.searchParams.get('client_id')).toBe('cid-github-work')
    expect(authUrl.searchParams.get('redirect_uri')).toBe(`${app.origin}/login/github-work/authorized`)
    const atStandIn = await browser.fetch(standIn.route(authUrl))
    const back = await browser.fetch(atStandIn.headers.get('location')!)
    expect(back.status, standIn.failures.join('; ')).toBe(302)
    const who = await browser.fetch(`${app.origin}/who`)
    expect(await who.json()).toEqual({ personal: false, work: true })
  })
})
