/**
 * Every OpenID Connect preset's factory reads its credentials from the environment names of the rule
 * (`<NAME>_OAUTH_CLIENT_ID`, `_CLIENT_SECRET`), as Flask-Dance's factories read theirs from config, and
 * names the missing variable when there is none.
 */
import { describe, expect, it } from 'vitest'
import type { Blueprint } from '../../src/consumer/blueprint.js'
import { envName } from '../../src/env.js'
import type { Protocol } from '../../src/protocol/protocol.js'
import { makeAppleBlueprint } from '../../src/providers/apple.js'
import { makeAuth0Blueprint } from '../../src/providers/auth0.js'
import { makeAuthentikBlueprint } from '../../src/providers/authentik.js'
import { makeAzureBlueprint } from '../../src/providers/azure.js'
import { makeCognitoBlueprint } from '../../src/providers/cognito.js'
import { makeGitlabBlueprint } from '../../src/providers/gitlab.js'
import { makeGoogleBlueprint } from '../../src/providers/google.js'
import { presets } from '../../src/providers/index.js'
import { makeKeycloakBlueprint } from '../../src/providers/keycloak.js'
import { makeLinkedinBlueprint } from '../../src/providers/linkedin.js'
import { makeOktaBlueprint } from '../../src/providers/okta.js'
import { makeSalesforceBlueprint } from '../../src/providers/salesforce.js'
import { appleKeyPair } from './apple-key.js'

/** Options a factory cannot do without (a tenant domain, a signing key...), by preset id. */
const REQUIRED_OPTIONS: Record<string, Record<string, unknown>> = {
  apple: { teamId: 'TEAM123456', keyId: 'KEY1234567', privateKey: appleKeyPair().pem },
  auth0: { domain: 'acme.eu.auth0.com' },
  authentik: { hostname: 'auth.example.com', slug: 'app' },
  cognito: { userPoolId: 'eu-west-1_AbCdEf123', domain: 'acme.auth.eu-west-1.amazoncognito.com' },
  keycloak: { hostname: 'sso.example.com', realm: 'acme' },
  okta: { domain: 'dev-1.okta.com' },
}

/** Presets whose client secret is not a credential read from the environment. */
const NO_CLIENT_SECRET = new Set(['apple'])

const oidc = presets.filter((p) => p.protocol === 'oidc')
type Make = (options: Record<string, unknown>) => Blueprint<Protocol & { clientId?: string }>

const FACTORIES: Record<string, unknown> = {
  apple: makeAppleBlueprint,
  auth0: makeAuth0Blueprint,
  authentik: makeAuthentikBlueprint,
  azure: makeAzureBlueprint,
  cognito: makeCognitoBlueprint,
  gitlab: makeGitlabBlueprint,
  google: makeGoogleBlueprint,
  keycloak: makeKeycloakBlueprint,
  linkedin: makeLinkedinBlueprint,
  okta: makeOktaBlueprint,
  salesforce: makeSalesforceBlueprint,
}

describe('every OpenID Connect factory reads credentials from the environment', () => {
  it('covers every OpenID Connect preset of the catalogue', () => {
    expect(Object.keys(FACTORIES).sort()).toEqual(oidc.map((p) => p.id).sort())
  })

  it.each(oidc.map((p) => [p.id] as const))('%s', (id) => {
    const make = FACTORIES[id] as Make
    const env = { [envName(id, 'CLIENT_ID')]: `env-id-${id}`, [envName(id, 'CLIENT_SECRET')]: 'env-secret' }
    const blueprint = make({ ...REQUIRED_OPTIONS[id], env })
    expect(blueprint.name).toBe(id)
    expect(blueprint.protocol.clientId).toBe(`env-id-${id}`)
    expect(() => make({ ...REQUIRED_OPTIONS[id], env: {} })).toThrow(envName(id, 'CLIENT_ID'))
    if (!NO_CLIENT_SECRET.has(id)) {
      const withoutSecret = { [envName(id, 'CLIENT_ID')]: 'id' }
      expect(() => make({ ...REQUIRED_OPTIONS[id], env: withoutSecret })).toThrow(
        envName(id, 'CLIENT_SECRET'),
      )
    }
  })
})
