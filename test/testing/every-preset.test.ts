/**
 * Every preset has a stand-in an app can log in to: for each preset of the catalogue still in service
 * (a retired preset's factory refuses to start), its own factory
 * (as an app calls it, plus the stand-in's options), a real Express app, `loginAs`, an API call through
 * the blueprint's client, refresh where the provider refreshes, and revocation where it revokes.
 */
import { generateKeyPairSync } from 'node:crypto'
import express from 'express'
import session from 'express-session'
import { afterAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import type { Blueprint } from '../../src/consumer/blueprint.js'
import { presets } from '../../src/providers/index.js'
import { isRetired } from '../../src/providers/retired.js'
import { closeTestApps, loginAs, type StandInOptions, startStandIn } from '../../src/testing/index.js'
import { appleKeyPair } from '../providers/apple-key.js'

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const rsaPrivate = rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
const rsaPublic = rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString()

/** The options an app must give some factories whatever the provider (a shop, a host, a key). */
const REQUIRED: Readonly<Record<string, Record<string, unknown>>> = {
  apple: { teamId: 'TEAM123456', keyId: 'KEY1234567', privateKey: appleKeyPair().pem },
  auth0: { domain: 'tenant.example.test' },
  authentik: { hostname: 'auth.example.test', slug: 'app' },
  keycloak: { hostname: 'sso.example.test', realm: 'test' },
  okta: { domain: 'org.example.test' },
  shopify: { shop: 'acme.myshopify.com' },
  homeassistant: { hostname: 'home.example.test' },
  nextcloud: { hostname: 'cloud.example.test' },
  zendesk: { subdomain: 'acme' },
  mastodon: { instance: 'mastodon.example.test' },
  jira: { baseUrl: 'https://jira.example.test', rsaKey: rsaPrivate },
  cognito: { domain: 'auth.example.test', region: 'eu-west-1', userPoolId: 'eu-west-1_abc' },
}

/** What the stand-in needs to check the signatures of the two presets that sign with the app's key. */
const STAND_IN_OPTIONS: Readonly<Record<string, StandInOptions>> = {
  apple: { clientSecretKey: REQUIRED.apple!.privateKey as string },
  jira: { rsaPublicKey: rsaPublic },
}

/** Jira's factory puts its API under the server URL it is given (`/rest/api/2/`), not a preset path. */
const API_PATH_PREFIX: Readonly<Record<string, string>> = { jira: '/rest/api/2/' }

type Factory = (options: Record<string, unknown>) => Blueprint

/** The preset module's `make…Blueprint` factory. */
async function factoryOf(id: string): Promise<Factory> {
  const module = (await import(`../../src/providers/${id}.ts`)) as Record<string, unknown>
  const entry = Object.entries(module).find(
    ([key, value]) => /^make\w+Blueprint$/.test(key) && typeof value === 'function',
  )
  if (!entry) throw new Error(`${id}: no make…Blueprint export`)
  return entry[1] as Factory
}

afterAll(() => closeTestApps())

// A preset whose provider has turned the service off has no login to test: its factory refuses to
// start (test/providers/retired.test.ts).
const inService = presets.filter((p) => !isRetired(p))

describe.each(inService.map((p) => [p.id, p] as const))('%s stand-in', (id, preset) => {
  it('logs in through the app, calls the API, refreshes and revokes where the provider does', async () => {
    const standIn = await startStandIn(id, STAND_IN_OPTIONS[id] ?? {})
    try {
      const prefix = API_PATH_PREFIX[id] ?? new URL(standIn.options.baseUrl).pathname.replace(/^\/api/, '')
      const apiPath = `${prefix}stand-in-check`
      standIn.route(`GET ${apiPath}`, ({ user }) => ({ login: user.login }))
      const blueprint = (await factoryOf(id))({
        ...REQUIRED[id],
        ...standIn.options,
        secret: 'every-preset-transaction-secret-0123456789',
      })
      const app = express()
      app.use(session({ secret: 'every-preset-session', resave: false, saveUninitialized: false }))
      app.use(dance(blueprint))
      app.get('/check', async (_req, res) => {
        const answer = await blueprint.client.get('/stand-in-check')
        res.status(answer.status).send(await answer.text())
      })
      app.get('/bye', async (_req, res) => {
        res.json(await blueprint.client.revoke())
      })

      const refreshes = () => standIn.events.filter((e) => e.kind === 'refresh' && e.status === 200).length
      const refreshable = preset.protocol !== 'oauth1' && preset.refresh
      if (refreshable) standIn.behave({ tokenLifetime: 0 })
      const alice = await loginAs(app, id, 'alice')
      standIn.reset()
      const answer = await alice.get('/check')
      expect(answer.status, await answer.clone().text()).toBe(200)
      expect(await answer.json()).toEqual({ login: 'alice' })
      if (refreshable) expect(refreshes()).toBe(1)

      const revocable = preset.protocol === 'oidc' || preset.revocationUrl !== undefined
      if (revocable) {
        await alice.get('/bye')
        expect(
          standIn.events.filter((e) => e.kind === 'revoke' && e.status === 200 && !e.problem),
        ).toHaveLength(1)
      }
    } catch (error) {
      // What the stand-in refused says more than the app's error page.
      throw new Error(`${String(error)}\nrefused: ${JSON.stringify(standIn.events.filter((e) => e.problem))}`)
    } finally {
      await standIn.close()
    }
  })
})
