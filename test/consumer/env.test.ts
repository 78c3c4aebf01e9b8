import { describe, expect, it } from 'vitest'
import { makeOAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { envName, envPrefix } from '../../src/env.js'
import { DanceError } from '../../src/errors.js'
import { makeGithubBlueprint } from '../../src/providers/github.js'

const endpoints = { authorizationUrl: 'https://id.example/authorize', tokenUrl: 'https://id.example/token' }

describe('configuration from the environment', () => {
  it('derives names from the blueprint name', () => {
    expect(envPrefix('github')).toBe('GITHUB')
    expect(envPrefix('github-work')).toBe('GITHUB_WORK')
    expect(envPrefix('my--idp_2')).toBe('MY_IDP_2')
    expect(envName('github', 'CLIENT_ID')).toBe('GITHUB_OAUTH_CLIENT_ID')
    expect(envName('azure-ad', 'CLIENT_SECRET')).toBe('AZURE_AD_OAUTH_CLIENT_SECRET')
  })

  it('reads credentials from the environment when not passed', () => {
    const env = { GITHUB_OAUTH_CLIENT_ID: 'from-env', GITHUB_OAUTH_CLIENT_SECRET: 's' }
    expect(makeGithubBlueprint({ env }).protocol.clientId).toBe('from-env')
    expect(makeGithubBlueprint({ env, clientId: 'explicit' }).protocol.clientId).toBe('explicit')
    const acme = makeOAuth2Blueprint({
      name: 'acme-eu',
      ...endpoints,
      env: { ACME_EU_OAUTH_CLIENT_ID: 'id', ACME_EU_OAUTH_CLIENT_SECRET: 's' },
    })
    expect(acme.protocol.clientId).toBe('id')
  })

  it('fails at start-up naming the missing variable', () => {
    let caught: unknown
    try {
      makeGithubBlueprint({ env: { GITHUB_OAUTH_CLIENT_ID: 'id' } })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(DanceError)
    expect((caught as DanceError).code).toBe('config_missing_credentials')
    expect((caught as DanceError).message).toContain('GITHUB_OAUTH_CLIENT_SECRET')
    expect(() => makeOAuth2Blueprint({ name: 'acme', ...endpoints, env: {} })).toThrow(/ACME_OAUTH_CLIENT_ID/)
  })

  it('needs no secret for a public client', () => {
    const pub = makeOAuth2Blueprint({
      name: 'pub',
      ...endpoints,
      clientAuth: 'none',
      env: { PUB_OAUTH_CLIENT_ID: 'p' },
    })
    expect(pub.protocol.clientId).toBe('p')
  })

  it('refuses bad names and URLs', () => {
    expect(() =>
      makeOAuth2Blueprint({ name: 'Bad Name', ...endpoints, clientId: 'a', clientSecret: 'b' }),
    ).toThrow(DanceError)
    expect(() =>
      makeOAuth2Blueprint({
        name: 'x',
        authorizationUrl: 'not a url',
        tokenUrl: endpoints.tokenUrl,
        clientId: 'a',
        clientSecret: 'b',
      }),
    ).toThrow(/not a URL/)
  })
})
