/**
 * A self-hosted provider behind a private certificate authority: the blueprint's `tls.ca` makes its
 * back channel trust that authority (and only that blueprint's), with certificate checks on. Run
 * against the testing kit's stand-in serving https with a throwaway certificate.
 */
import express from 'express'
import session from 'express-session'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import type { Blueprint } from '../../src/consumer/blueprint.js'
import { makeGitlabBlueprint } from '../../src/providers/gitlab.js'
import { closeTestApps, loginAs, type StandIn, startStandIn } from '../../src/testing/index.js'
import { makeSelfSignedCert } from '../support/tls-cert.js'

const secret = 'private-ca-transaction-secret-0123456789abc'
const served = makeSelfSignedCert(['127.0.0.1'])
const stranger = makeSelfSignedCert(['127.0.0.1'])
let standIn: StandIn

beforeAll(async () => {
  standIn = await startStandIn('gitlab', { tls: served })
})
afterAll(async () => {
  await closeTestApps()
  await standIn.close()
})

function appWith(blueprint: Blueprint): express.Express {
  const app = express()
  app.use(session({ secret: 'private-ca-session', resave: false, saveUninitialized: false }))
  app.use(dance(blueprint))
  app.get('/me', async (_req, res) => {
    try {
      res.json(await (await blueprint.client.get('/user')).json())
    } catch (error) {
      res.status(599).json({ code: (error as { code?: string }).code, message: String(error) })
    }
  })
  return app
}

/** The GitLab preset pointed at the https stand-in, with certificate checks on. */
function gitlab(extra: Record<string, unknown>): Blueprint {
  return makeGitlabBlueprint({
    ...standIn.options,
    allowInsecureRequests: false,
    hostname: 'gitlab.example.test',
    secret,
    ...extra,
  })
}

describe('a private CA for a self-hosted provider', () => {
  it('with tls.ca the whole login and API call succeed over verified https', async () => {
    expect(standIn.origin).toMatch(/^https:/)
    const alice = await loginAs(appWith(gitlab({ tls: { ca: served.cert } })), 'gitlab', 'alice')
    expect(await (await alice.get('/me')).json()).toMatchObject({ username: 'alice' })
  })

  it('without it (or with another authority) the login fails: nothing trusts the certificate by default', async () => {
    for (const extra of [{}, { tls: { ca: stranger.cert } }]) {
      const before = standIn.events.length
      const attempt = loginAs(appWith(gitlab(extra)), 'gitlab', 'bob')
      await expect(attempt).rejects.toMatchObject({ code: 'test_login_failed' })
      // The TLS handshake failed before any request reached the stand-in.
      expect(standIn.events.length).toBe(before)
    }
  })

  it("one blueprint's CA is not another's: the shared agent still refuses the certificate", async () => {
    await loginAs(appWith(gitlab({ tls: { ca: served.cert }, name: 'gitlab' })), 'gitlab', 'carol')
    await expect(loginAs(appWith(gitlab({})), 'gitlab', 'dave')).rejects.toMatchObject({
      code: 'test_login_failed',
    })
  })

  it('refuses an empty or unreadable tls.ca, which would trust the public authorities (or none)', () => {
    for (const ca of [
      '',
      [],
      [''],
      'not a certificate',
      `-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----`,
    ]) {
      expect(() => gitlab({ tls: { ca } }), JSON.stringify(ca)).toThrow(
        expect.objectContaining({ code: 'config_invalid' }),
      )
    }
    expect(() => gitlab({ tls: { ca: `${served.cert}\n${stranger.cert}` } })).not.toThrow()
    expect(() => gitlab({ tls: { ca: [served.cert, stranger.cert] } })).not.toThrow()
  })

  it('refuses tls with an injected fetch, which it could not apply to', () => {
    expect(() => gitlab({ tls: { ca: served.cert }, fetch: globalThis.fetch })).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    )
  })
})
