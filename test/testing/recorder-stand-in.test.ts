/**
 * The recorder's scrub rule proven against the testing kit's own stand-in: a whole session (login,
 * API calls, refresh with rotation, revocation) recorded through a real app, then the file searched for
 * every code, token and secret the stand-in issued (the recorder's own tests replay recordings offline).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import express from 'express'
import session from 'express-session'
import { afterAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import type { Blueprint } from '../../src/consumer/blueprint.js'
import type { FetchLike } from '../../src/protocol/http.js'
import { makeDiscordBlueprint } from '../../src/providers/discord.js'
import { makeGoogleBlueprint } from '../../src/providers/google.js'
import { apiRecording, closeTestApps, loginAs, startStandIn } from '../../src/testing/index.js'

const dir = mkdtempSync(join(tmpdir(), 'oauth-dance-recordings-'))
afterAll(async () => {
  await closeTestApps()
  rmSync(dir, { recursive: true, force: true })
})

function appFor(blueprint: Blueprint): express.Express {
  const app = express()
  app.use(session({ secret: 'recorder-stand-in-session', resave: false, saveUninitialized: false }))
  app.use(dance(blueprint))
  app.get('/me', async (_req, res) => {
    const answer = await blueprint.client.get(
      blueprint.name === 'discord' ? '/users/@me' : '/oauth2/v2/userinfo',
    )
    res.status(answer.status).send(await answer.text())
  })
  app.get('/bye', async (_req, res) => {
    res.json(await blueprint.client.revoke())
  })
  return app
}

describe.each([
  ['discord', (fetch: FetchLike, options: object) => makeDiscordBlueprint({ ...options, fetch })],
  ['google', (fetch: FetchLike, options: object) => makeGoogleBlueprint({ ...options, fetch })],
] as const)('a %s session recorded against the stand-in', (id, make) => {
  it('holds none of the codes, tokens and secrets the stand-in issued', async () => {
    const standIn = await startStandIn(id, { behaviour: { tokenLifetime: 0 } })
    const file = join(dir, `${id}.json`)
    const tape = apiRecording({ file, mode: 'record' })
    const secret = 'recorder-stand-in-transaction-secret-0123'
    try {
      const alice = await loginAs(appFor(make(tape.fetch, { ...standIn.options, secret })), id, 'alice')
      standIn.reset()
      const profile = await (await alice.get('/me')).text() // refreshes first: the token was issued expired
      expect(JSON.parse(profile)).toBeTypeOf('object')
      await alice.get('/bye')
      await tape.save()
      const kinds = standIn.events.map((e) => e.kind)
      expect(kinds).toEqual(expect.arrayContaining(['token', 'refresh', 'api', 'revoke']))
      const written = readFileSync(file, 'utf8')
      const secrets = standIn.issuedSecrets()
      expect(secrets.length).toBeGreaterThanOrEqual(6)
      for (const value of secrets) {
        expect(written, `${value} leaked`).not.toContain(value)
        expect(written, `${value} leaked encoded`).not.toContain(encodeURIComponent(value))
        expect(written).not.toContain(Buffer.from(value).toString('base64'))
      }
      expect(written).toContain('SCRUBBED_')
    } finally {
      await standIn.close()
    }
  })
})
