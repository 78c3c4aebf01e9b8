/**
 * Recorded API calls across every OAuth 2 preset: each one logs in, calls its API, refreshes and
 * revokes where its provider does, against the stand-in that enforces the provider's documentation,
 * each through its own recording. No recording may hold a code, token or client secret the stand-in
 * issued or accepted, whatever the preset's quirks put where (tokens in the query, a form body, a
 * custom header, secrets in the token request's query); then each replays with the stand-in shut down.
 */
import { readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Request as ExpressRequest, Response as ExpressResponse, NextFunction } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import type { OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { currentScope } from '../../src/context.js'
import { isDanceError } from '../../src/errors.js'
import { type ApiRecording, apiRecording } from '../../src/testing/index.js'
import { type ProviderSpec, SPECS } from '../providers/specs.js'
import { clientIdOf, clientSecretOf, type StandIn, startStandIn } from '../providers/stand-in.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { HttpBrowser } from '../support/http-browser.js'

const dir = join(tmpdir(), `oauth-dance-recordings-${process.pid}-${Date.now()}`)
let standIn: StandIn

/** An app with every preset, each blueprint on its own recording. */
async function startApp(
  mode: 'record' | 'replay',
  secretOf: (spec: ProviderSpec) => string,
): Promise<{ app: TestApp; tapes: Map<string, ApiRecording>; blueprints: Map<string, OAuth2Blueprint> }> {
  const tapes = new Map<string, ApiRecording>()
  const blueprints = new Map<string, OAuth2Blueprint>()
  const app = await startExpressApp((express, origin) => {
    for (const spec of SPECS) {
      const tape = apiRecording({
        file: join(dir, `${spec.name}.json`),
        mode,
        fetch: standIn.fetch,
        scrub: { values: { app_origin: origin } },
      })
      tapes.set(spec.name, tape)
      blueprints.set(
        spec.name,
        spec.make({
          name: spec.name,
          clientId: clientIdOf(spec),
          clientSecret: secretOf(spec),
          fetch: tape.fetch,
          secret: 'Wq8rZ2mN5xT1vB7cK4jH9gF3dS6aL0pY',
        }),
      )
    }
    express.use(dance(...blueprints.values()))
    const route =
      (handler: (bp: OAuth2Blueprint, spec: ProviderSpec) => Promise<unknown>) =>
      (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
        const name = String(req.params.name)
        handler(blueprints.get(name)!, SPECS.find((s) => s.name === name)!).then(
          (body) => res.json(body),
          next,
        )
      }
    express.get(
      '/call/:name',
      route(async (bp, spec) => {
        const answer = await bp.client.request(spec.api.method, spec.api.path, spec.api.init)
        return { status: answer.status, body: await answer.text() }
      }),
    )
    express.get(
      '/refresh/:name',
      route(async (bp) => {
        const scope = currentScope()!
        const key = await bp.tokenKey(scope)
        const after = await bp.refresh(scope, key, (await bp.loadToken(scope, key))!, 'rejected')
        return { type: after.token_type }
      }),
    )
    express.get(
      '/revoke/:name',
      route(async (bp) => ({ revoked: await bp.protocol.revoke((await bp.client.token())!) })),
    )
    express.use((error: unknown, _req: ExpressRequest, res: ExpressResponse, _next: NextFunction) => {
      res.status(500).json({ error: isDanceError(error) ? error.code : String(error) })
    })
  })
  return { app, tapes, blueprints }
}

/** One preset's session: login (at the stand-in, or with a made-up code), API call, refresh, revoke. */
async function run(app: TestApp, spec: ProviderSpec, replayCode?: string): Promise<unknown[]> {
  const browser = new HttpBrowser()
  const start = await browser.fetch(`${app.origin}/login/${spec.name}`)
  const authorize = new URL(start.headers.get('location')!)
  let callback: URL
  if (replayCode === undefined) {
    const atStandIn = await browser.fetch(standIn.route(authorize))
    callback = new URL(atStandIn.headers.get('location')!)
  } else {
    callback = new URL(`${app.origin}/login/${spec.name}/authorized`)
    callback.searchParams.set('code', replayCode)
    callback.searchParams.set('state', authorize.searchParams.get('state')!)
    for (const [k, v] of Object.entries(spec.callbackExtras ?? {})) callback.searchParams.set(k, v)
  }
  const back = await browser.fetch(callback)
  const answers: unknown[] = [back.status]
  const get = async (path: string) => {
    const response = await browser.fetch(`${app.origin}${path}`)
    answers.push({ path, status: response.status, body: await response.json() })
  }
  await get(`/call/${spec.name}`)
  if (spec.refreshes) {
    await get(`/refresh/${spec.name}`)
    await get(`/call/${spec.name}`)
  }
  if (spec.revocation) await get(`/revoke/${spec.name}`)
  return answers
}

const recorded = new Map<string, unknown[]>()
const files = new Map<string, string>()

beforeAll(async () => {
  standIn = await startStandIn(SPECS)
  const { app, tapes } = await startApp('record', clientSecretOf)
  try {
    await Promise.all(SPECS.map(async (spec) => recorded.set(spec.name, await run(app, spec))))
  } finally {
    await app.close()
  }
  for (const spec of SPECS) {
    await tapes.get(spec.name)!.save()
    files.set(spec.name, await readFile(join(dir, `${spec.name}.json`), 'utf8'))
  }
  await standIn.close()
}, 60_000)

let player: Awaited<ReturnType<typeof startApp>>

// One app replays every preset: each has its own recording, so their calls cannot mix.
beforeAll(async () => {
  player = await startApp('replay', (s) => `replayed-${s.name}-secret`)
})

afterAll(async () => {
  await player?.app.close()
  await rm(dir, { recursive: true, force: true })
})

describe.concurrent.each(SPECS.map((spec) => [spec.name, spec] as const))('%s', (name, spec) => {
  it('recorded a whole session, with none of the codes, tokens or client secrets of the stand-in', () => {
    const answers = recorded.get(name)!
    expect(answers[0], standIn.failures.join('; ')).toBe(302)
    expect(answers.slice(1), standIn.failures.join('; ')).not.toContainEqual(
      expect.objectContaining({ status: 500 }),
    )
    const file = files.get(name)!
    // The stand-in's formats: at-<name>-<n>-<hex>, rt-..., code-<hex>, and the client secret.
    expect(file).not.toMatch(/\b(?:at|rt)-[\w-]+-\d+-[0-9a-f]{12}\b/)
    expect(file).not.toMatch(/\bcode-[0-9a-f]{16}\b/)
    expect(file).not.toContain(clientSecretOf(spec))
    expect(file).not.toContain('xoxp-user')
    expect(file).toContain('SCRUBBED_')
  })

  it('replays the session offline with another client secret, every recorded call used', async () => {
    expect(await run(player.app, spec, `replayed-code-${name}`)).toEqual(recorded.get(name))
    await player.tapes.get(name)!.save()
  })
})
