/**
 * The offline-access switches and refresh wiring of a few presets, driven through real blueprints:
 * the login redirect carries the switch (Dropbox `token_access_type=offline`, Reddit
 * `duration=permanent`, Google `access_type=offline`, scope `offline_access`), refresh goes to the
 * preset's token endpoint, and Reddit's logout revokes at its revocation endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Blueprint } from '../../src/consumer/blueprint.js'
import type { RequestScope } from '../../src/context.js'
import { runInScope } from '../../src/context.js'
import { atlassianPreset } from '../../src/providers/atlassian.js'
import { azurePreset } from '../../src/providers/azure.js'
import { presetOptions } from '../../src/providers/define.js'
import { oidcPresetOptions } from '../../src/providers/define-oidc.js'
import { makeDropboxBlueprint } from '../../src/providers/dropbox.js'
import { makeGoogleBlueprint } from '../../src/providers/google.js'
import { makeRedditBlueprint } from '../../src/providers/reddit.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { startStandInProvider } from '../refresh/support.js'
import { type OidcProviderHandle, startOidcProvider } from '../support/oidc-provider.js'

let provider: Awaited<ReturnType<typeof startStandInProvider>>
let op: OidcProviderHandle
const credentials = { clientId: 'app', clientSecret: 'app-secret', allowInsecureRequests: true }

beforeAll(async () => {
  provider = await startStandInProvider()
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'app',
        client_secret: 'app-secret',
        redirect_uris: ['http://app.test/login/google/authorized'],
        grant_types: ['authorization_code', 'refresh_token'],
      },
    ],
  })
})

afterAll(async () => {
  await provider?.close()
  await op?.close()
})

function scopeFor(blueprint: Blueprint, path: string): RequestScope {
  return {
    request: () => new Request(`http://app.test${path}`),
    session: undefined,
    native: undefined,
    blueprints: new Map([[blueprint.name, blueprint]]),
    memo: new Map(),
  }
}

/** The authorization request the login route redirects to. */
async function loginRedirect(blueprint: Blueprint): Promise<URLSearchParams> {
  const response = await blueprint.login(scopeFor(blueprint, blueprint.loginPath))
  expect(response.status).toBe(302)
  return new URL(response.headers.get('location')!).searchParams
}

const standIn = () => ({
  ...credentials,
  authorizationUrl: `${provider.origin}/authorize`,
  tokenUrl: `${provider.origin}/token`,
  baseUrl: `${provider.origin}/api/`,
  storage: new MemoryStorage({ singleUser: true }),
})

describe('offline switches', () => {
  it('Dropbox: token_access_type=offline only with offline: true', async () => {
    expect(
      (await loginRedirect(makeDropboxBlueprint({ ...standIn(), offline: true }))).get('token_access_type'),
    ).toBe('offline')
    expect((await loginRedirect(makeDropboxBlueprint(standIn()))).has('token_access_type')).toBe(false)
  })

  it('Reddit: duration=permanent only with offline: true', async () => {
    expect((await loginRedirect(makeRedditBlueprint({ ...standIn(), offline: true }))).get('duration')).toBe(
      'permanent',
    )
    expect((await loginRedirect(makeRedditBlueprint(standIn()))).has('duration')).toBe(false)
  })

  it('Google: access_type=offline and prompt=consent, against a real OpenID provider', async () => {
    const google = makeGoogleBlueprint({ ...credentials, issuer: op.issuer, offline: true })
    const params = await loginRedirect(google)
    expect(params.get('access_type')).toBe('offline')
    expect(params.get('prompt')).toBe('consent')
    expect(params.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'profile']))
    expect(
      (await loginRedirect(makeGoogleBlueprint({ ...credentials, issuer: op.issuer }))).has('access_type'),
    ).toBe(false)
  })

  it('scope offline_access: added once for Atlassian (OAuth 2) and Azure (OIDC)', () => {
    expect(presetOptions(atlassianPreset, { offline: true }).scope).toContain('offline_access')
    expect(presetOptions(atlassianPreset, {}).scope ?? []).not.toContain('offline_access')
    expect(oidcPresetOptions(azurePreset, { offline: true }).scope).toContain('offline_access')
    const twice = oidcPresetOptions(azurePreset, { offline: true, scope: ['openid', 'offline_access'] }).scope
    expect([...(twice ?? [])].filter((scope) => scope === 'offline_access')).toHaveLength(1)
  })
})

describe('refresh and revocation through presets', () => {
  it('Dropbox refreshes an expired token at its token endpoint and keeps the refresh token', async () => {
    provider.mode = 'ok-without-refresh-token'
    const dropbox = makeDropboxBlueprint({ ...standIn(), offline: true, user: () => 'alice' })
    const scope = scopeFor(dropbox, '/files')
    await runInScope(scope, () =>
      dropbox.client.setToken({ access_token: 'a', refresh_token: 'keep-me', expires_at: 1 }),
    )
    const response = await runInScope(scope, () => dropbox.client.get('me'))
    expect(response.status).toBe(200)
    const stored = await runInScope(scopeFor(dropbox, '/'), () => dropbox.client.token())
    expect(stored?.refresh_token).toBe('keep-me')
    expect(provider.grants.at(-1)).toEqual({ grantType: 'refresh_token', refreshToken: 'keep-me' })
  })

  it('Reddit revokes at its revocation endpoint on logout and deletes the token', async () => {
    provider.revokeMode = 'ok'
    const reddit = makeRedditBlueprint({ ...standIn(), revocationUrl: `${provider.origin}/revoke` })
    const scope = scopeFor(reddit, '/logout')
    await runInScope(scope, () => reddit.client.setToken({ access_token: 'a', refresh_token: 'reddit-rt' }))
    expect(await runInScope(scope, () => reddit.client.revoke())).toEqual({ revoked: true })
    expect(provider.revocations.at(-1)).toBe('reddit-rt')
    expect(await runInScope(scopeFor(reddit, '/'), () => reddit.client.token())).toBeUndefined()
  })

  it('a preset without refresh support does not try to refresh', async () => {
    const dropbox = makeDropboxBlueprint({ ...standIn(), refresh: false })
    expect(dropbox.canRefresh({ access_token: 'a', refresh_token: 'r' })).toBe(false)
  })
})
