/**
 * Recorded API calls for OAuth 1.0a: the Twitter preset (signature in the Authorization header) and a
 * blueprint signing in the query log in and call the API against the stand-in OAuth 1.0a provider,
 * each through its own recording. The files hold none of the consumer secrets or the temporary and
 * token credentials seen on the wire; then both replay with the provider shut down, whose nonces,
 * timestamps and signatures differ on every run.
 */
import { readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import type { Blueprint } from '../../src/consumer/blueprint.js'
import { makeOAuth1Blueprint } from '../../src/consumer/oauth1-blueprint.js'
import type { FetchLike } from '../../src/protocol/http.js'
import { makeTwitterBlueprint } from '../../src/providers/twitter.js'
import { type ApiRecording, apiRecording } from '../../src/testing/index.js'
import { logIn } from '../protocol/oauth1/browser-steps.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'
import { type OAuth1ProviderHandle, startOAuth1Provider } from '../support/oauth1-provider.js'

const dir = join(tmpdir(), `oauth-dance-oauth1-recordings-${process.pid}-${Date.now()}`)
const NAMES = ['twitter', 'query-signed'] as const
const SECRETS = { twitter: 'twitter-consumer-secret-7b2e', 'query-signed': 'query-consumer-secret-4c9d' }
let provider: OAuth1ProviderHandle
/** Credentials seen in the provider's answers on the wire. */
const seen = new Set<string>()

/** Collects the credentials of every form-encoded answer, then hands it on unread. */
const watching: FetchLike = async (input, init) => {
  const response = await fetch(input, init)
  const text = await response.clone().text()
  for (const [name, value] of new URLSearchParams(text)) if (name.startsWith('oauth_token')) seen.add(value)
  return response
}

async function startApp(
  mode: 'record' | 'replay',
  secrets: Record<(typeof NAMES)[number], string>,
): Promise<{ app: TestApp; tapes: Map<string, ApiRecording> }> {
  const tapes = new Map<string, ApiRecording>()
  const app = await startExpressApp((express, origin) => {
    const tape = (name: string) => {
      const recording = apiRecording({
        file: join(dir, `${name}.json`),
        mode,
        fetch: watching,
        scrub: { values: { app_origin: origin } },
      })
      tapes.set(name, recording)
      return recording.fetch
    }
    const endpoints = {
      requestTokenUrl: provider.requestTokenUrl,
      authorizationUrl: provider.authorizationUrl,
      accessTokenUrl: provider.accessTokenUrl,
      baseUrl: provider.apiBaseUrl,
      allowInsecureRequests: true,
      env: {},
      regenerateSession: false,
    }
    const blueprints: Blueprint[] = [
      makeTwitterBlueprint({
        ...endpoints,
        consumerKey: 'twitter-key',
        consumerSecret: secrets.twitter,
        fetch: tape('twitter'),
      }),
      makeOAuth1Blueprint({
        ...endpoints,
        name: 'query-signed',
        consumerKey: 'query-key',
        consumerSecret: secrets['query-signed'],
        signatureMethod: 'HMAC-SHA256',
        signatureLocation: 'query',
        fetch: tape('query-signed'),
      }),
    ]
    express.use(dance(...blueprints))
    express.get('/:name/me', async (req, res) => {
      const blueprint = blueprints.find((b) => b.name === req.params.name)!
      const answer = await blueprint.client.get('me')
      res.status(answer.status).send(await answer.text())
    })
  })
  return { app, tapes }
}

const recorded = new Map<string, string>()
const files = new Map<string, string>()

beforeAll(async () => {
  provider = await startOAuth1Provider({
    consumers: [
      { key: 'twitter-key', secret: SECRETS.twitter },
      { key: 'query-key', secret: SECRETS['query-signed'] },
    ],
  })
  const { app, tapes } = await startApp('record', SECRETS)
  try {
    for (const name of NAMES) {
      const browser = new HttpBrowser()
      expect((await logIn(browser, `${app.origin}/login/${name}`)).status).toBe(302)
      const me = await browser.fetch(`${app.origin}/${name}/me`)
      recorded.set(name, `${me.status} ${await me.text()}`)
    }
  } finally {
    await app.close()
  }
  for (const name of NAMES) {
    await tapes.get(name)!.save()
    files.set(name, await readFile(join(dir, `${name}.json`), 'utf8'))
  }
  await provider.close()
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe.each(NAMES)('%s', (name) => {
  it('recorded the login and the API call, with none of the credentials', () => {
    expect(recorded.get(name)).toMatch(/^200 /)
    const secrets = [...seen, ...provider.temporarySecrets, ...Object.values(SECRETS)]
    expect(seen.size).toBeGreaterThanOrEqual(8)
    for (const secret of secrets) {
      for (const form of new Set([secret, encodeURIComponent(secret)])) {
        expect(files.get(name)!.includes(form), `the recording holds ${form}`).toBe(false)
      }
    }
  })

  it('replays them offline, with another consumer secret', async () => {
    const { app, tapes } = await startApp('replay', {
      twitter: 'replayed-twitter-secret',
      'query-signed': 'replayed-query-secret',
    })
    try {
      const browser = new HttpBrowser()
      const login = await browser.fetch(`${app.origin}/login/${name}`)
      const authorize = new URL(login.headers.get('location')!)
      const callback = new URL(`${app.origin}/login/${name}/authorized`)
      callback.searchParams.set('oauth_token', authorize.searchParams.get('oauth_token')!)
      callback.searchParams.set('oauth_verifier', 'replayed-verifier')
      expect((await browser.fetch(callback)).status).toBe(302)
      const me = await browser.fetch(`${app.origin}/${name}/me`)
      expect(`${me.status} ${await me.text()}`).toBe(recorded.get(name))
    } finally {
      await app.close()
    }
    await tapes.get(name)!.save()
  })
})
