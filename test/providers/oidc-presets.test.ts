/**
 * The OpenID Connect presets: issuer, discovery URL and authorization request per option (tenant,
 * domain, realm, hosted domain, offline). The real providers cannot be reached from here, so a stand-in
 * answers discovery with a document naming the issuer the preset must expect; a wrong issuer fails.
 */
import { describe, expect, it } from 'vitest'
import type { OidcBlueprint } from '../../src/consumer/oidc-blueprint.js'
import type { RequestScope } from '../../src/context.js'
import { isDanceError } from '../../src/errors.js'
import type { FetchLike } from '../../src/protocol/http.js'
import { makeAppleBlueprint } from '../../src/providers/apple.js'
import { makeAuth0Blueprint } from '../../src/providers/auth0.js'
import { makeAuthentikBlueprint } from '../../src/providers/authentik.js'
import { MICROSOFT_CONSUMER_TENANT, makeAzureBlueprint } from '../../src/providers/azure.js'
import { makeCognitoBlueprint } from '../../src/providers/cognito.js'
import { makeGitlabBlueprint } from '../../src/providers/gitlab.js'
import { makeGoogleBlueprint } from '../../src/providers/google.js'
import { makeKeycloakBlueprint } from '../../src/providers/keycloak.js'
import { makeLinkedinBlueprint } from '../../src/providers/linkedin.js'
import { makeOktaBlueprint } from '../../src/providers/okta.js'
import { makeSalesforceBlueprint } from '../../src/providers/salesforce.js'
import { appleKeyPair } from './apple-key.js'

const CREDENTIALS = { clientId: 'client', clientSecret: 'secret', env: {} }

/** A fetch that answers any discovery request with a document naming `issuer`, and records the URL. */
function standIn(issuer: string, requested: string[]): FetchLike {
  return async (input) => {
    const url = input instanceof Request ? input.url : String(input)
    requested.push(url)
    return Response.json({
      issuer,
      authorization_endpoint: 'https://idp.test/authorize',
      token_endpoint: 'https://idp.test/token',
      jwks_uri: 'https://idp.test/jwks',
    })
  }
}

function scopeFor(url: string): RequestScope {
  return {
    request: () => new Request(url),
    session: undefined,
    native: undefined,
    blueprints: new Map(),
    memo: new Map(),
  }
}

interface Started {
  discovery: string
  params: URLSearchParams
  cookie: string
}

/** Starts a login with `make(fetch)`; the stand-in serves `issuer`. */
async function start(issuer: string, make: (fetch: FetchLike) => OidcBlueprint): Promise<Started> {
  const requested: string[] = []
  const blueprint = make(standIn(issuer, requested))
  expect(blueprint.protocol.issuer).toBe(issuer)
  const response = await blueprint.login(scopeFor(`https://app.test${blueprint.loginPath}`))
  if (response.status !== 302) throw new Error(`login answered ${response.status}: ${await response.text()}`)
  const location = new URL(response.headers.get('location')!)
  expect(location.origin + location.pathname).toBe('https://idp.test/authorize')
  expect(requested).toHaveLength(1)
  return {
    discovery: requested[0]!,
    params: location.searchParams,
    cookie: response.headers.get('set-cookie') ?? '',
  }
}

function configError(make: () => unknown): string {
  try {
    make()
  } catch (error) {
    if (isDanceError(error)) return error.code
    throw error
  }
  return 'no error'
}

describe('Google', () => {
  it('discovers accounts.google.com and asks for openid email profile', async () => {
    const s = await start('https://accounts.google.com', (fetch) =>
      makeGoogleBlueprint({ ...CREDENTIALS, fetch }),
    )
    expect(s.discovery).toBe('https://accounts.google.com/.well-known/openid-configuration')
    expect(s.params.get('scope')).toBe('openid email profile')
    expect(s.params.get('nonce')).toBeTruthy()
    expect(s.params.get('code_challenge_method')).toBe('S256')
    expect(s.params.has('access_type')).toBe(false)
    expect(s.params.has('hd')).toBe(false)
  })

  it('offline: access_type=offline with prompt=consent; hostedDomain: hd', async () => {
    const s = await start('https://accounts.google.com', (fetch) =>
      makeGoogleBlueprint({ ...CREDENTIALS, fetch, offline: true, hostedDomain: 'example.com' }),
    )
    expect(s.params.get('access_type')).toBe('offline')
    expect(s.params.get('prompt')).toBe('consent')
    expect(s.params.get('hd')).toBe('example.com')
  })
})

describe('Microsoft Entra ID', () => {
  const login = 'https://login.microsoftonline.com'
  it.each(['common', 'organizations'])(
    '%s: the template issuer, discovered under the tenant alias',
    async (tenant) => {
      const s = await start(`${login}/{tenantid}/v2.0`, (fetch) =>
        makeAzureBlueprint({ ...CREDENTIALS, fetch, tenant }),
      )
      expect(s.discovery).toBe(`${login}/${tenant}/v2.0/.well-known/openid-configuration`)
      expect(s.params.get('scope')).toBe('openid email profile User.Read')
    },
  )

  it('consumers: the personal-accounts tenant issuer', async () => {
    const s = await start(`${login}/${MICROSOFT_CONSUMER_TENANT}/v2.0`, (fetch) =>
      makeAzureBlueprint({ ...CREDENTIALS, fetch, tenant: 'consumers' }),
    )
    expect(s.discovery).toBe(`${login}/consumers/v2.0/.well-known/openid-configuration`)
  })

  it('a tenant id: its own issuer; offline adds offline_access', async () => {
    const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47'
    const s = await start(`${login}/${tenant}/v2.0`, (fetch) =>
      makeAzureBlueprint({ ...CREDENTIALS, fetch, tenant, offline: true }),
    )
    expect(s.discovery).toBe(`${login}/${tenant}/v2.0/.well-known/openid-configuration`)
    expect(s.params.get('scope')).toBe('openid email profile User.Read offline_access')
  })

  it('refuses a tenant that is neither an alias, a GUID nor a domain, and allowedTenants without a multi-tenant alias', () => {
    expect(configError(() => makeAzureBlueprint({ ...CREDENTIALS, tenant: 'contoso' }))).toBe(
      'config_invalid',
    )
    expect(
      configError(() =>
        makeAzureBlueprint({ ...CREDENTIALS, tenant: 'contoso.onmicrosoft.com', allowedTenants: ['x'] }),
      ),
    ).toBe('config_invalid')
    expect(
      configError(() => makeAzureBlueprint({ ...CREDENTIALS, tenant: 'consumers', allowedTenants: ['x'] })),
    ).toBe('config_invalid')
  })
})

describe('Okta, Auth0, Keycloak, authentik, Cognito', () => {
  it('Okta: the default custom authorization server, or the org one', async () => {
    const custom = await start('https://dev-1.okta.com/oauth2/default', (fetch) =>
      makeOktaBlueprint({ ...CREDENTIALS, fetch, domain: 'dev-1.okta.com', offline: true }),
    )
    expect(custom.discovery).toBe('https://dev-1.okta.com/oauth2/default/.well-known/openid-configuration')
    expect(custom.params.get('scope')).toBe('openid email profile offline_access')
    const org = await start('https://dev-1.okta.com', (fetch) =>
      makeOktaBlueprint({
        ...CREDENTIALS,
        fetch,
        env: { OKTA_OAUTH_DOMAIN: 'dev-1.okta.com' },
        authorizationServer: null,
      }),
    )
    expect(org.discovery).toBe('https://dev-1.okta.com/.well-known/openid-configuration')
    expect(configError(() => makeOktaBlueprint(CREDENTIALS))).toBe('config_invalid')
    expect(configError(() => makeOktaBlueprint({ ...CREDENTIALS, domain: 'https://dev-1.okta.com/x' }))).toBe(
      'config_invalid',
    )
  })

  it('Auth0: the issuer has a trailing slash; audience is sent', async () => {
    const s = await start('https://acme.eu.auth0.com/', (fetch) =>
      makeAuth0Blueprint({
        ...CREDENTIALS,
        fetch,
        domain: 'acme.eu.auth0.com',
        audience: 'https://api.acme.test',
      }),
    )
    expect(s.discovery).toBe('https://acme.eu.auth0.com/.well-known/openid-configuration')
    expect(s.params.get('audience')).toBe('https://api.acme.test')
  })

  it('Auth0: the secret goes in the body (Client Secret (Post)) unless the app says Basic', () => {
    const auth0 = (clientAuth?: 'client_secret_basic') =>
      makeAuth0Blueprint({ ...CREDENTIALS, domain: 'acme.eu.auth0.com', ...(clientAuth && { clientAuth }) })
    expect(auth0().protocol.settings.clientAuth).toBe('client_secret_post')
    expect(auth0('client_secret_basic').protocol.settings.clientAuth).toBe('client_secret_basic')
  })

  it('Keycloak: /realms/<realm>, or under a legacy base path', async () => {
    const s = await start('https://sso.example.com/realms/demo', (fetch) =>
      makeKeycloakBlueprint({ ...CREDENTIALS, fetch, hostname: 'sso.example.com', realm: 'demo' }),
    )
    expect(s.discovery).toBe('https://sso.example.com/realms/demo/.well-known/openid-configuration')
    const legacy = await start('https://sso.example.com:8443/auth/realms/demo', (fetch) =>
      makeKeycloakBlueprint({
        ...CREDENTIALS,
        fetch,
        hostname: 'sso.example.com:8443',
        realm: 'demo',
        basePath: '/auth',
      }),
    )
    expect(legacy.discovery).toBe(
      'https://sso.example.com:8443/auth/realms/demo/.well-known/openid-configuration',
    )
    expect(
      configError(() => makeKeycloakBlueprint({ ...CREDENTIALS, hostname: 'sso.example.com', realm: 'a/b' })),
    ).toBe('config_invalid')
  })

  it('authentik: one issuer per application slug, with the trailing slash', async () => {
    const s = await start('https://auth.example.com/application/o/my-app/', (fetch) =>
      makeAuthentikBlueprint({ ...CREDENTIALS, fetch, hostname: 'auth.example.com', slug: 'my-app' }),
    )
    expect(s.discovery).toBe('https://auth.example.com/application/o/my-app/.well-known/openid-configuration')
  })

  it('Cognito: the region comes from the user pool id', async () => {
    const s = await start('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123', (fetch) =>
      makeCognitoBlueprint({ ...CREDENTIALS, fetch, userPoolId: 'eu-west-1_AbC123' }),
    )
    expect(s.discovery).toBe(
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123/.well-known/openid-configuration',
    )
    expect(configError(() => makeCognitoBlueprint({ ...CREDENTIALS, userPoolId: 'AbC123' }))).toBe(
      'config_invalid',
    )
  })
})

describe('GitLab, LinkedIn, Salesforce, Apple', () => {
  it('GitLab: gitlab.com, or a self-managed hostname (API base moves too)', async () => {
    await start('https://gitlab.com', (fetch) => makeGitlabBlueprint({ ...CREDENTIALS, fetch }))
    const own = await start('https://git.example.com', (fetch) =>
      makeGitlabBlueprint({ ...CREDENTIALS, fetch, hostname: 'git.example.com' }),
    )
    expect(own.discovery).toBe('https://git.example.com/.well-known/openid-configuration')
    expect(makeGitlabBlueprint({ ...CREDENTIALS, hostname: 'git.example.com' }).baseUrl).toBe(
      'https://git.example.com/api/v4/',
    )
  })

  it('LinkedIn: neither PKCE nor nonce, which it does not support', async () => {
    const s = await start('https://www.linkedin.com/oauth', (fetch) =>
      makeLinkedinBlueprint({ ...CREDENTIALS, fetch }),
    )
    expect(s.discovery).toBe('https://www.linkedin.com/oauth/.well-known/openid-configuration')
    expect(s.params.has('code_challenge')).toBe(false)
    expect(s.params.has('nonce')).toBe(false)
    expect(s.params.get('scope')).toBe('openid profile email')
  })

  it('Salesforce: production, sandbox or My Domain; offline asks for refresh_token', async () => {
    const prod = await start('https://login.salesforce.com', (fetch) =>
      makeSalesforceBlueprint({ ...CREDENTIALS, fetch, offline: true }),
    )
    expect(prod.params.get('scope')).toBe('openid email profile refresh_token')
    await start('https://test.salesforce.com', (fetch) =>
      makeSalesforceBlueprint({ ...CREDENTIALS, fetch, sandbox: true }),
    )
    await start('https://acme.my.salesforce.com', (fetch) =>
      makeSalesforceBlueprint({ ...CREDENTIALS, fetch, domain: 'acme.my.salesforce.com' }),
    )
  })

  it('Apple: form_post, so the transaction cookie is SameSite=None; Secure', async () => {
    const { pem } = appleKeyPair()
    const s = await start('https://appleid.apple.com', (fetch) =>
      makeAppleBlueprint({
        clientId: 'com.example.web',
        teamId: 'TEAM123456',
        keyId: 'KEY1234567',
        privateKey: pem,
        env: {},
        fetch,
      }),
    )
    expect(s.params.get('response_mode')).toBe('form_post')
    expect(s.params.get('scope')).toBe('openid name email')
    expect(s.cookie).toMatch(/SameSite=None/i)
    expect(s.cookie).toMatch(/Secure/i)
    expect(
      configError(() =>
        makeAppleBlueprint({ clientId: 'x', teamId: 't', keyId: 'k', privateKey: 'nope', env: {} }),
      ),
    ).toBe('config_invalid')
    expect(configError(() => makeAppleBlueprint({ clientId: 'x', env: {} }))).toBe(
      'config_missing_credentials',
    )
  })
})
