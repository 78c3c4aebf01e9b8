/**
 * Recorded API calls end to end: a real Express app with two blueprints logs in, calls the API, has a
 * token rejected and refreshed, and revokes, against a real provider on 127.0.0.1, through a recording.
 * The file must hold none of the secrets the provider issued or received; then, the provider shut
 * down, a fresh app with other client secrets replays the same calls and gets the same answers.
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Request as ExpressRequest, Response as ExpressResponse, NextFunction } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import { makeOAuth2Blueprint, type OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { isDanceError } from '../../src/errors.js'
import type { FetchLike } from '../../src/protocol/http.js'
import { type ApiRecording, apiRecording, type RecordingFile } from '../../src/testing/index.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'
import {
  CLIENT_SECRETS,
  PROVIDER,
  type RecordingProvider,
  startRecordingProvider,
} from './recording-provider.js'

const file = join(tmpdir(), `oauth-dance-recording-${process.pid}-${Date.now()}.json`)
/** A secret the app itself sends in an API body (a webhook secret, say). */
const APP_SECRET = 'app-webhook-secret-5c1e9d'

let provider: RecordingProvider

/** A recording for an app at `origin`; `mode` and the other options as the test needs. */
type TapeMaker = (origin: string) => ApiRecording

/** The recording of this file: the app's origin (its port changes between runs) scrubbed as a value. */
function tape(mode: 'record' | 'replay', more: { allowUnused?: boolean; file?: string } = {}): TapeMaker {
  return (origin) =>
    apiRecording({ file, mode, fetch: provider.fetch, scrub: { values: { app_origin: origin } }, ...more })
}

/** The app of one run: its two blueprints share one recording. */
async function startApp(
  makeTape: TapeMaker,
  secrets: Readonly<Record<string, string>>,
): Promise<{ app: TestApp; browser: HttpBrowser; tape: ApiRecording }> {
  let recording: ApiRecording | undefined
  const make = (name: 'json' | 'form', fetch: FetchLike): OAuth2Blueprint =>
    makeOAuth2Blueprint({
      name,
      clientId: `${name}-client`,
      clientSecret: secrets[`${name}-client`]!,
      authorizationUrl: `${PROVIDER}/authorize`,
      tokenUrl: `${PROVIDER}/token`,
      revocationUrl: `${PROVIDER}/revoke`,
      baseUrl: `${PROVIDER}/api/`,
      secret: 'Qm4vT8xK2pL9wR7zN3cF6hJ1bY5dG0sA',
      // Two blueprints log in one after the other in one session: keep the first one's token.
      regenerateSession: false,
      fetch,
      ...(name === 'form'
        ? { clientAuth: 'client_secret_post', quirks: { formEncodedTokenResponse: true } }
        : { quirks: { unvalidatedIdToken: true } }),
    })
  const app = await startExpressApp((express, origin) => {
    recording = makeTape(origin)
    const blueprints = { json: make('json', recording.fetch), form: make('form', recording.fetch) }
    express.use(dance(blueprints.json, blueprints.form))
    const route =
      (handler: (bp: OAuth2Blueprint, res: ExpressResponse) => Promise<void>) =>
      (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
        const bp = blueprints[String(req.params.name) as 'json' | 'form']
        handler(bp, res).catch(next)
      }
    const relay = async (res: ExpressResponse, answer: Response) => {
      res.json({ status: answer.status, body: await answer.json() })
    }
    express.get(
      '/me/:name',
      route(async (bp, res) => relay(res, await bp.client.get('me'))),
    )
    express.post(
      '/notes/:name',
      route(async (bp, res) =>
        relay(res, await bp.client.post('notes', { json: { text: 'hello', api_secret: APP_SECRET } })),
      ),
    )
    express.get(
      '/revoke/:name',
      route(async (bp, res) => {
        res.json({ revoked: await bp.protocol.revoke((await bp.client.token())!) })
      }),
    )
    express.use((error: unknown, _req: ExpressRequest, res: ExpressResponse, _next: NextFunction) => {
      res.status(500).json({ error: isDanceError(error) ? error.code : String(error) })
    })
  })
  return { app, browser: new HttpBrowser(), tape: recording! }
}

/** Logs in through the app; `code` stands in for the provider's redirect when there is no provider. */
async function login(app: TestApp, browser: HttpBrowser, name: string, code?: string): Promise<void> {
  const start = await browser.fetch(`${app.origin}/login/${name}`)
  expect(start.status).toBe(302)
  const authorize = new URL(start.headers.get('location')!)
  let callback: URL
  if (code === undefined) {
    const atProvider = await browser.fetch(provider.route(authorize))
    expect(atProvider.status).toBe(302)
    callback = new URL(atProvider.headers.get('location')!)
  } else {
    callback = new URL(`${app.origin}/login/${name}/authorized`)
    callback.searchParams.set('code', code)
    callback.searchParams.set('state', authorize.searchParams.get('state')!)
  }
  const done = await browser.fetch(callback)
  expect(done.status, await done.clone().text()).toBe(302)
  expect(done.headers.get('location')).toBe('/')
}

/** What the app's routes answered, in order. */
async function session(
  app: TestApp,
  browser: HttpBrowser,
  between?: { afterNote(): void },
): Promise<unknown[]> {
  const answers: unknown[] = []
  const get = async (path: string, init?: RequestInit) => {
    const response = await browser.fetch(`${app.origin}${path}`, init)
    answers.push({ path, status: response.status, body: await response.json() })
  }
  await get('/me/json')
  await get('/notes/json', { method: 'POST' })
  between?.afterNote()
  // The provider now rejects the token: the client refreshes and retries (same method, URL and body).
  await get('/me/json')
  await get('/me/form')
  await get('/revoke/json')
  return answers
}

let recordedAnswers: unknown[]
let recording: string

/** Records the whole session to `to`; the app's answers. */
async function record(to: string): Promise<unknown[]> {
  const { app, browser, tape: recorder } = await startApp(tape('record', { file: to }), CLIENT_SECRETS)
  let answers: unknown[]
  try {
    await login(app, browser, 'json')
    await login(app, browser, 'form')
    answers = await session(app, browser, { afterNote: () => provider.expireAccessTokens() })
  } finally {
    await app.close()
  }
  await recorder.save()
  return answers
}

/** Every secret both providers issued or received. */
const issued: string[] = []
/** The same session recorded again, on another port, with other tokens: the file must not change. */
let rerecording: string

beforeAll(async () => {
  provider = await startRecordingProvider()
  recordedAnswers = await record(file)
  recording = await readFile(file, 'utf8')
  if (process.env.SHOW_RECORDING) console.log(recording)
  // A provider that starts afresh (its note ids count from 1 again), as a real one would be the same.
  issued.push(...provider.secrets)
  await provider.close()
  provider = await startRecordingProvider()
  await record(`${file}.again`)
  rerecording = await readFile(`${file}.again`, 'utf8')
  issued.push(...provider.secrets)
})

afterAll(async () => {
  await provider?.close()
  await rm(file, { force: true })
  await rm(`${file}.again`, { force: true })
})

describe('recording', () => {
  it('recorded what the app did, and the app got real answers', () => {
    expect(recordedAnswers).toEqual([
      {
        path: '/me/json',
        status: 200,
        body: { status: 200, body: { login: 'octocat', id: 1, plan: { name: 'pro' } } },
      },
      { path: '/notes/json', status: 200, body: { status: 201, body: { id: 1, text: 'hello' } } },
      {
        path: '/me/json',
        status: 200,
        body: { status: 200, body: { login: 'octocat', id: 1, plan: { name: 'pro' } } },
      },
      {
        path: '/me/form',
        status: 200,
        body: { status: 200, body: { login: 'octocat', id: 1, plan: { name: 'pro' } } },
      },
      { path: '/revoke/json', status: 200, body: { revoked: true } },
    ])
    const calls = (JSON.parse(recording) as RecordingFile).calls.map(
      (c) => `${c.request.method} ${c.request.url}`,
    )
    expect(calls).toEqual([
      'POST https://provider.test/token',
      'POST https://provider.test/token',
      'GET https://provider.test/api/me',
      'POST https://provider.test/api/notes',
      'GET https://provider.test/api/me',
      'POST https://provider.test/token',
      'GET https://provider.test/api/me',
      'GET https://provider.test/api/me',
      'POST https://provider.test/token',
      'GET https://provider.test/api/me',
      'POST https://provider.test/revoke',
    ])
  })

  it('holds none of the secrets the provider issued or received', () => {
    const secrets = [...issued, ...Object.values(CLIENT_SECRETS), APP_SECRET]
    // Codes, two logins' tokens (plus nested ones) and a refresh, verifiers, cookies, CSRF headers...
    expect(secrets.length).toBeGreaterThan(50)
    for (const secret of secrets) {
      for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
        expect(recording.includes(form), `the recording holds ${form}`).toBe(false)
      }
    }
  })

  it('is the same file when the same session is recorded again (new tokens, new port)', () => {
    expect(rerecording).toBe(recording)
  })

  it('gives each secret one placeholder: a token is recognizable where it is sent back', () => {
    const { calls } = JSON.parse(recording) as RecordingFile
    const answer = JSON.parse(calls[0]!.response.text!) as Record<string, string>
    expect(answer.access_token).toMatch(/^SCRUBBED_ACCESS_TOKEN_\d+$/)
    expect(calls[2]!.request.headers.authorization).toBe(`Bearer ${answer.access_token}`)
    expect(calls[5]!.request.text).toBe(`refresh_token=${answer.refresh_token}&grant_type=refresh_token`)
    expect(calls[0]!.request.text).toBe(
      'redirect_uri=SCRUBBED_APP_ORIGIN%2Flogin%2Fjson%2Fauthorized&code=SCRUBBED_CODE_1' +
        '&code_verifier=SCRUBBED_CODE_VERIFIER_1&grant_type=authorization_code',
    )
    expect(calls[1]!.response.text).toMatch(
      /^access_token=SCRUBBED_ACCESS_TOKEN_\d+&refresh_token=SCRUBBED_REFRESH_TOKEN_\d+&token_type=bearer&scope=read$/,
    )
    expect(calls[3]!.request.json).toEqual({ text: 'hello', api_secret: 'SCRUBBED_API_SECRET_1' })
    expect(calls[4]!.response.status).toBe(401)
    expect(calls[2]!.response.headers['set-cookie']).toEqual([
      expect.stringMatching(/^api_session=SCRUBBED_COOKIE_\d+; Path=\/; HttpOnly$/),
    ])
  })
})

describe('replaying', () => {
  it('answers the same calls with the provider shut down, and fails on one it never recorded', async () => {
    await provider.close()
    // Other client secrets than at recording time: none reaches the file, so none is needed.
    const {
      app,
      browser,
      tape: player,
    } = await startApp(tape('replay'), {
      'json-client': 'replay-secret-json-0000',
      'form-client': 'replay-secret-form-0000',
    })
    try {
      await login(app, browser, 'json', 'replayed-code-json')
      await login(app, browser, 'form', 'replayed-code-form')
      expect(await session(app, browser)).toEqual(recordedAnswers)
      await player.save()
      // A fourth GET /api/me: the three recorded ones were answered.
      const extra = await browser.fetch(`${app.origin}/me/json`)
      expect(await extra.json()).toEqual({ error: 'recorded_call_missing' })
      await expect(player.fetch(`${PROVIDER}/api/elsewhere`)).rejects.toMatchObject({
        code: 'recorded_call_missing',
      })
      // The app turned the first miss into an answer of its own; save() still reports it.
      await expect(player.save()).rejects.toMatchObject({ code: 'recorded_call_missing' })
    } finally {
      await app.close()
    }
  })

  it('fails save() when recorded calls were never made, unless allowed', async () => {
    const players: ApiRecording[] = []
    for (const more of [{}, { allowUnused: true }]) {
      const { app, browser, tape: player } = await startApp(tape('replay', more), CLIENT_SECRETS)
      players.push(player)
      try {
        await login(app, browser, 'json', 'only-login')
      } finally {
        await app.close()
      }
    }
    const [strict, lenient] = players as [ApiRecording, ApiRecording]
    await expect(strict.save()).rejects.toMatchObject({ code: 'recorded_call_unused' })
    await expect(lenient.save()).resolves.toBeUndefined()
  })

  it('answers the recorded bytes, status and headers', async () => {
    const player = apiRecording({ file, mode: 'replay', allowUnused: true })
    const { calls } = JSON.parse(recording) as RecordingFile
    const first = calls[2]!
    const answer = await player.fetch(first.request.url, {
      headers: { authorization: first.request.headers.authorization! },
    })
    expect(answer.status).toBe(200)
    expect(answer.url).toBe(`${PROVIDER}/api/me`)
    expect(answer.headers.getSetCookie()).toEqual(first.response.headers['set-cookie'])
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('4999')
    expect(answer.headers.get('date')).toBeNull()
    expect(await answer.text()).toBe(JSON.stringify(first.response.json))
    // The pretty-printed token answer, asked for with the file's own (placeholder) body: kept as it is.
    const exchange = calls[0]!
    const token = await player.fetch(exchange.request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: exchange.request.text!,
    })
    expect(token.headers.get('cache-control')).toBe('no-store')
    expect(await token.text()).toBe(exchange.response.text)
    expect(exchange.response.text).toContain('\n  "access_token": "SCRUBBED_ACCESS_TOKEN_1",\n')
  })
})

describe('refusing what it cannot replay', () => {
  it('is refused when NODE_ENV says production: a replay would log every user in as the recorded one', () => {
    const saved = process.env.NODE_ENV
    try {
      for (const value of ['production', 'Production']) {
        process.env.NODE_ENV = value
        for (const mode of ['record', 'replay'] as const) {
          expect(() => apiRecording({ file, mode }), `${value} ${mode}`).toThrow(
            expect.objectContaining({ code: 'config_invalid' }),
          )
        }
      }
    } finally {
      process.env.NODE_ENV = saved
    }
  })

  it('refuses a mode it does not know, a missing file and a file of another version (config_invalid)', async () => {
    expect(() => apiRecording({ file, mode: 'RECORD' as 'record' })).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    )
    const missingFile = apiRecording({ file: `${file}.missing`, mode: 'replay' })
    await expect(missingFile.fetch(`${PROVIDER}/api/me`)).rejects.toMatchObject({ code: 'config_invalid' })
    const future = `${file}.v2`
    await writeFile(future, JSON.stringify({ version: 2, calls: [] }))
    try {
      const player = apiRecording({ file: future, mode: 'replay' })
      await expect(player.fetch(`${PROVIDER}/api/me`)).rejects.toMatchObject({ code: 'config_invalid' })
    } finally {
      await rm(future, { force: true })
    }
  })
})
