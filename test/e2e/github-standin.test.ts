/**
 * The GitHub stand-in itself behaves as GitHub's documentation says, so tests that pass against it
 * mean something: form-encoded token answers unless JSON is accepted, errors with HTTP 200, single-use
 * codes, PKCE, and `GET /user` with 401 for a missing or bad token. Reached under the real host names.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GITHUB_HOSTS, type GithubStandin, startGithubStandin } from '../support/github-standin.js'
import { routeHostsTo } from '../support/host-routing.js'
import { makeSelfSignedCert } from '../support/tls-cert.js'

let standin: GithubStandin
let unroute: () => Promise<void>
const REDIRECT = 'http://127.0.0.1:9/cb'
const VERIFIER = 'a'.repeat(43)

beforeAll(async () => {
  const certificate = makeSelfSignedCert(GITHUB_HOSTS)
  standin = await startGithubStandin({ certificate, clientId: 'id', clientSecret: 'secret' })
  unroute = routeHostsTo(GITHUB_HOSTS, standin.port, certificate.cert)
})

afterAll(async () => {
  await unroute?.()
  await standin?.close()
})

async function code(): Promise<string> {
  const url = new URL('https://github.com/login/oauth/authorize')
  url.search = new URLSearchParams({
    client_id: 'id',
    redirect_uri: REDIRECT,
    state: 'st',
    scope: 'repo gist',
    code_challenge: createHash('sha256').update(VERIFIER).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString()
  const response = await fetch(url, { redirect: 'manual' })
  expect(response.status).toBe(302)
  const back = new URL(response.headers.get('location')!)
  expect(back.origin + back.pathname).toBe(REDIRECT)
  expect(back.searchParams.get('state')).toBe('st')
  return back.searchParams.get('code')!
}

const exchange = (fields: Record<string, string>, accept?: string) =>
  fetch('https://github.com/login/oauth/access_token', {
    method: 'POST',
    body: new URLSearchParams({
      client_id: 'id',
      client_secret: 'secret',
      redirect_uri: REDIRECT,
      ...fields,
    }),
    headers: accept ? { accept } : {},
  })

describe('the GitHub stand-in', () => {
  it('answers form-encoded by default, with comma-joined scopes', async () => {
    const response = await exchange({ code: await code(), code_verifier: VERIFIER })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/)
    const body = new URLSearchParams(await response.text())
    expect(body.get('access_token')).toMatch(/^gho_/)
    expect(body.get('scope')).toBe('repo,gist')
    expect(body.get('token_type')).toBe('bearer')
  })

  it('answers JSON when asked, and the token works on api.github.com/user', async () => {
    const response = await exchange({ code: await code(), code_verifier: VERIFIER }, 'application/json')
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const { access_token } = (await response.json()) as { access_token: string }
    const user = await fetch('https://api.github.com/user', {
      headers: { authorization: `Bearer ${access_token}` },
    })
    expect(user.status).toBe(200)
    expect(await user.json()).toMatchObject({ login: 'octocat' })
  })

  it('reports errors with HTTP 200: reused code, wrong verifier, wrong secret', async () => {
    const once = await code()
    await exchange({ code: once, code_verifier: VERIFIER })
    const reused = await exchange({ code: once, code_verifier: VERIFIER }, 'application/json')
    expect(reused.status).toBe(200)
    expect(await reused.json()).toMatchObject({ error: 'bad_verification_code' })
    const wrongVerifier = await exchange({ code: await code(), code_verifier: 'b'.repeat(43) })
    expect(new URLSearchParams(await wrongVerifier.text()).get('error')).toBe('bad_verification_code')
    const wrongSecret = await exchange({ code: await code(), client_secret: 'nope', code_verifier: VERIFIER })
    expect(wrongSecret.status).toBe(200)
    expect(new URLSearchParams(await wrongSecret.text()).get('error')).toBe('incorrect_client_credentials')
  })

  it('answers 401 on /user without a token or with a bad one', async () => {
    const none = await fetch('https://api.github.com/user')
    expect(none.status).toBe(401)
    expect(await none.json()).toMatchObject({ message: 'Requires authentication' })
    const bad = await fetch('https://api.github.com/user', {
      headers: { authorization: 'Bearer gho_forged' },
    })
    expect(bad.status).toBe(401)
    expect(await bad.json()).toMatchObject({ message: 'Bad credentials' })
  })
})
