/**
 * Pushed Authorization Requests (RFC 9126) against oidc-provider over HTTP: turned on by the provider's
 * metadata (`require_pushed_authorization_requests`) for an OpenID Connect blueprint and by the option
 * for an OAuth 2 one; the browser carries only `client_id` and `request_uri`; login, refresh and API
 * call work. A refused push is `par_rejected` with no transaction cookie and nothing stored; a missing
 * endpoint is `config_invalid`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeOAuth2Blueprint } from '../../../src/consumer/oauth2-blueprint.js'
import { makeOidcBlueprint } from '../../../src/consumer/oidc-blueprint.js'
import { isDanceError } from '../../../src/errors.js'
import { startExpressApp, type TestApp } from '../../support/express-app.js'
import { HttpBrowser } from '../../support/http-browser.js'
import {
  localBlueprintOptions,
  type OidcProviderHandle,
  startOidcProvider,
} from '../../support/oidc-provider.js'
import { ModernApp } from './modern-dance.js'

let app: TestApp
let required: OidcProviderHandle
let optional: OidcProviderHandle
let modern: ModernApp
const grants = ['authorization_code', 'refresh_token']
const redirect = (name: string) => `${app.origin}/login/${name}/authorized`

beforeAll(async () => {
  app = await startExpressApp()
  modern = new ModernApp(app)
  required = await startOidcProvider({
    clients: [
      {
        client_id: 'app',
        client_secret: 'app-secret',
        redirect_uris: [redirect('required')],
        grant_types: grants,
      },
    ],
    configuration: {
      features: {
        devInteractions: { enabled: true },
        userinfo: { enabled: true },
        pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true },
      },
    },
  })
  optional = await startOidcProvider({
    clients: [
      {
        client_id: 'app',
        client_secret: 'app-secret',
        redirect_uris: [redirect('asked'), redirect('refused')],
        grant_types: grants,
      },
    ],
  })
  const options = (op: OidcProviderHandle, name: string) =>
    localBlueprintOptions(op, {
      name,
      scope: ['openid', 'profile', 'offline_access'],
      fetch: modern.recordingFetch(name),
    })
  modern.mount(makeOidcBlueprint({ ...options(required, 'required'), issuer: required.issuer }))
  modern.mount(
    makeOAuth2Blueprint({
      ...options(optional, 'asked'),
      pushedAuthorizationRequests: true,
      pushedAuthorizationRequestUrl: `${optional.issuer}/request`,
    }),
  )
  modern.mount(
    makeOAuth2Blueprint({
      ...options(optional, 'refused'),
      clientSecret: 'not-the-secret',
      pushedAuthorizationRequests: true,
      pushedAuthorizationRequestUrl: `${optional.issuer}/request`,
    }),
  )
})

afterAll(async () => {
  await app?.close()
  await required?.close()
  await optional?.close()
})

/** Where the login route sends the browser. */
async function loginRedirect(name: string): Promise<URL> {
  const response = await new HttpBrowser().fetch(`${app.origin}/login/${name}`)
  expect(response.status).toBe(302)
  return new URL(response.headers.get('location')!)
}

describe('pushed authorization requests against oidc-provider', () => {
  it('pushes when the discovery document requires it; the browser carries only client_id and request_uri', async () => {
    const url = await loginRedirect('required')
    expect(url.origin + url.pathname).toBe(`${required.issuer}/auth`)
    expect([...url.searchParams.keys()]).toEqual(['client_id', 'request_uri'])
    expect(url.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/)
    const [pushed] = modern.sentTo('required', '/request')
    expect(pushed?.body.get('code_challenge_method')).toBe('S256')
    expect(pushed?.body.get('redirect_uri')).toBe(redirect('required'))
    expect(pushed?.headers.get('authorization')).toMatch(/^Basic /)
    await modern.danceAndRefresh('required', 'alice')
  })

  it('pushes when the option asks for it, at a provider that does not require it', async () => {
    const url = await loginRedirect('asked')
    expect([...url.searchParams.keys()]).toEqual(['client_id', 'request_uri'])
    await modern.danceAndRefresh('asked', 'bob')
  })

  it('a refused push is par_rejected: no transaction cookie, nothing stored', async () => {
    const browser = new HttpBrowser()
    const response = await browser.fetch(`${app.origin}/login/refused`)
    expect(response.status).toBe(502)
    expect(await response.text()).toContain('par_rejected')
    expect(response.headers.getSetCookie()).toEqual([])
    expect(modern.sentTo('refused', '/request')).toHaveLength(1)
    expect(modern.sentTo('refused', '/token')).toHaveLength(0)
    expect(modern.storages.get('refused')!.size).toBe(0)
  })

  it('the provider error of a refused push is kept apart from the message', async () => {
    const blueprint = makeOAuth2Blueprint({
      ...localBlueprintOptions(optional, { name: 'direct', clientSecret: 'wrong' }),
      pushedAuthorizationRequests: true,
      pushedAuthorizationRequestUrl: `${optional.issuer}/request`,
    })
    const error = await blueprint.protocol.startLogin(redirect('asked')).catch((e: unknown) => e)
    expect(isDanceError(error, 'par_rejected')).toBe(true)
    expect(isDanceError(error) && error.providerError).toBe('invalid_client')
    expect(isDanceError(error) && error.message).not.toContain('invalid_client')
  })

  it('refuses to start without a pushed authorization request endpoint', () => {
    const make = () =>
      makeOAuth2Blueprint({
        ...localBlueprintOptions(optional, { name: 'nowhere' }),
        pushedAuthorizationRequests: true,
      })
    expect(make).toThrow(expect.objectContaining({ code: 'config_invalid' }))
  })
})
