/**
 * The named options Flask-Dance users reach for, read from the authorization URL the login route
 * produces: Google's reprompts, Entra ID's prompt and hints and a tenant named by its domain,
 * Salesforce's reprompt and Discord's consent prompt.
 */
import { describe, expect, it } from 'vitest'
import type { Blueprint } from '../../src/consumer/blueprint.js'
import { isDanceError } from '../../src/errors.js'
import type { FetchLike } from '../../src/protocol/http.js'
import { makeAzureBlueprint } from '../../src/providers/azure.js'
import { makeDiscordBlueprint } from '../../src/providers/discord.js'
import { makeGoogleBlueprint } from '../../src/providers/google.js'
import { makeSalesforceBlueprint } from '../../src/providers/salesforce.js'
import { testScope } from '../support/scope.js'

const CREDENTIALS = { clientId: 'client', clientSecret: 'secret', env: {} }
const CONTOSO_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47'

/** A discovery stand-in: any URL answers a document naming `issuer` (a function of the URL asked). */
function discovery(issuer: (url: string) => string, requested: string[] = []): FetchLike {
  return async (input) => {
    const url = input instanceof Request ? input.url : String(input)
    requested.push(url)
    return Response.json({
      issuer: issuer(url),
      authorization_endpoint: 'https://idp.test/authorize',
      token_endpoint: 'https://idp.test/token',
      jwks_uri: 'https://idp.test/jwks',
    })
  }
}

/** The query of the provider URL the login route redirects to. */
async function authorizationParams(blueprint: Blueprint): Promise<URLSearchParams> {
  const response = await blueprint.login(testScope(new Request(`https://app.test${blueprint.loginPath}`)))
  if (response.status !== 302) throw new Error(`login answered ${response.status}: ${await response.text()}`)
  return new URL(response.headers.get('location')!).searchParams
}

const google = (options: Parameters<typeof makeGoogleBlueprint>[0]) =>
  makeGoogleBlueprint({ ...CREDENTIALS, fetch: discovery(() => 'https://accounts.google.com'), ...options })

describe('Google reprompts', () => {
  it.each([
    [{}, null],
    [{ repromptConsent: true }, 'consent'],
    [{ repromptSelectAccount: true }, 'select_account'],
    [{ repromptConsent: true, repromptSelectAccount: true }, 'consent select_account'],
    // offline asks for consent already; the account chooser joins it rather than replacing it.
    [{ offline: true, repromptSelectAccount: true }, 'consent select_account'],
    [{ offline: true }, 'consent'],
  ])('%j → prompt=%s', async (options, prompt) => {
    expect((await authorizationParams(google(options))).get('prompt')).toBe(prompt)
  })

  it('lets the app’s own prompt win', async () => {
    const params = await authorizationParams(
      google({ repromptConsent: true, authorizationParams: { prompt: 'none' } }),
    )
    expect(params.get('prompt')).toBe('none')
  })
})

describe('Entra ID prompt, hints and a tenant named by its domain', () => {
  const azure = (options: Parameters<typeof makeAzureBlueprint>[0], requested: string[] = []) =>
    makeAzureBlueprint({
      ...CREDENTIALS,
      fetch: discovery(() => 'https://login.microsoftonline.com/{tenantid}/v2.0', requested),
      ...options,
    })

  it('sends prompt, domain_hint and login_hint', async () => {
    const params = await authorizationParams(
      azure({ prompt: 'select_account', domainHint: 'contoso.com', loginHint: 'ada@contoso.com' }),
    )
    expect(params.get('prompt')).toBe('select_account')
    expect(params.get('domain_hint')).toBe('contoso.com')
    expect(params.get('login_hint')).toBe('ada@contoso.com')
  })

  it('sends none of them unless asked', async () => {
    const params = await authorizationParams(azure({}))
    expect(['prompt', 'domain_hint', 'login_hint'].map((name) => params.get(name))).toEqual([
      null,
      null,
      null,
    ])
  })

  it('logs in through a domain-name tenant, held to the tenant ID its discovery document names', async () => {
    const requested: string[] = []
    const blueprint = makeAzureBlueprint({
      ...CREDENTIALS,
      tenant: 'Contoso.onmicrosoft.com',
      fetch: discovery(() => `https://login.microsoftonline.com/${CONTOSO_ID}/v2.0`, requested),
    })
    const params = await authorizationParams(blueprint)
    expect(params.get('client_id')).toBe('client')
    expect(requested).toEqual([
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration',
    ])
    expect((await blueprint.protocol.metadata()).issuer).toBe(
      `https://login.microsoftonline.com/${CONTOSO_ID}/v2.0`,
    )
  })

  it('refuses a domain tenant’s document naming any other issuer', async () => {
    for (const issuer of [
      'https://login.microsoftonline.com/{tenantid}/v2.0',
      'https://evil.example/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0',
      `https://login.microsoftonline.com/${CONTOSO_ID}/v2.0/`,
      `https://login.microsoftonline.com/${CONTOSO_ID}`,
    ]) {
      const blueprint = makeAzureBlueprint({
        ...CREDENTIALS,
        tenant: 'contoso.onmicrosoft.com',
        fetch: discovery(() => issuer),
      })
      const error = await blueprint.protocol.metadata().then(
        () => undefined,
        (failure: unknown) => failure,
      )
      expect(isDanceError(error, 'discovery_failed'), issuer).toBe(true)
    }
  })

  it.each(['contoso', 'contoso.com/evil', 'https://contoso.com', 'a b.com'])(
    'refuses the tenant %j at startup',
    (tenant) => {
      let code: string | undefined
      try {
        makeAzureBlueprint({ ...CREDENTIALS, tenant })
      } catch (error) {
        code = isDanceError(error) ? error.code : 'not a DanceError'
      }
      expect(code).toBe('config_invalid')
    },
  )
})

describe('Salesforce reprompt', () => {
  const salesforce = (options: Parameters<typeof makeSalesforceBlueprint>[0]) =>
    makeSalesforceBlueprint({
      ...CREDENTIALS,
      fetch: discovery(() => 'https://login.salesforce.com'),
      ...options,
    })

  it('sends prompt=consent with repromptConsent, nothing without', async () => {
    expect((await authorizationParams(salesforce({ repromptConsent: true }))).get('prompt')).toBe('consent')
    expect((await authorizationParams(salesforce({}))).get('prompt')).toBeNull()
  })
})

describe('Discord consent prompt', () => {
  it.each([
    ['consent', 'consent'],
    ['none', 'none'],
    [undefined, null],
  ] as const)('prompt %s → %s', async (prompt, expected) => {
    const blueprint = makeDiscordBlueprint({ ...CREDENTIALS, ...(prompt && { prompt }) })
    expect((await authorizationParams(blueprint)).get('prompt')).toBe(expected)
  })
})
