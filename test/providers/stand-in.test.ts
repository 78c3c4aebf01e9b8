/**
 * The stand-in's client authentication rule for providers whose documentation accepts HTTP Basic or the
 * secret in the body (`either`): it takes each alone and refuses a request that sends the secret both
 * ways (RFC 6749 §2.3.1 allows one method per request) or none at all. Requests go over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SPECS } from './specs.js'
import { clientIdOf, clientSecretOf, type StandIn, startStandIn } from './stand-in.js'

const spec = SPECS.find((s) => s.clientAuth === 'either')!
let standIn: StandIn

beforeAll(async () => {
  standIn = await startStandIn([spec])
})
afterAll(() => standIn.close())

/** A code exchange with an unknown code, so a request that passes client authentication fails later. */
async function exchange(basic: boolean, body: Record<string, string>): Promise<string> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
  if (basic) {
    const pair = `${clientIdOf(spec)}:${clientSecretOf(spec)}`
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`
  }
  const form = new URLSearchParams({ grant_type: 'authorization_code', code: 'unknown', ...body })
  const answer = await standIn.fetch(spec.token, { method: 'POST', headers, body: form })
  const json = (await answer.json()) as { error_description?: string }
  return json.error_description ?? ''
}

describe('clientAuth: either', () => {
  it('takes HTTP Basic alone', async () => {
    expect(await exchange(true, {})).toBe('token: bad code')
  })

  it('takes the secret in the body alone', async () => {
    const body = { client_id: clientIdOf(spec), client_secret: clientSecretOf(spec) }
    expect(await exchange(false, body)).toBe('token: bad code')
  })

  it('refuses the secret sent both ways', async () => {
    expect(await exchange(true, { client_secret: clientSecretOf(spec) })).toMatch(
      /both in HTTP Basic and in the body/,
    )
  })

  it('refuses a wrong secret in the body', async () => {
    const body = { client_id: clientIdOf(spec), client_secret: 'guess' }
    expect(await exchange(false, body)).toBe('token: wrong client secret')
  })
})
