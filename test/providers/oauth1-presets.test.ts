import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { makeOAuth1Blueprint, type OAuth1Blueprint } from '../../src/consumer/oauth1-blueprint.js'
import { type DanceErrorCode, isDanceError } from '../../src/errors.js'
import { discogsPreset, makeDiscogsBlueprint } from '../../src/providers/discogs.js'
import { flickrPreset, makeFlickrBlueprint } from '../../src/providers/flickr.js'
import { jiraPreset, makeJiraBlueprint } from '../../src/providers/jira.js'
import { makeTrelloBlueprint, trelloPreset } from '../../src/providers/trello.js'
import { makeTwitterBlueprint, twitterPreset } from '../../src/providers/twitter.js'
import type { OAuth1Preset } from '../../src/providers/types.js'

const dir = mkdtempSync(join(tmpdir(), 'oauth1-presets-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
})
const keyFile = join(dir, 'jira.pem')
writeFileSync(keyFile, privateKey)

function failure(fn: () => unknown): { code: DanceErrorCode; message: string } | undefined {
  try {
    fn()
  } catch (error) {
    if (isDanceError(error)) return { code: error.code, message: error.message }
    throw error
  }
  return undefined
}

/** The authorization parameters a blueprint was configured with. */
function authorizationParams(blueprint: OAuth1Blueprint): Record<string, string> {
  return {
    ...blueprint.protocol.settings.authorizationParams,
  }
}

const presets: OAuth1Preset[] = [twitterPreset, jiraPreset, discogsPreset, flickrPreset, trelloPreset]

describe('OAuth 1.0a presets', () => {
  it.each(presets.map((p) => [p.id, p] as const))(
    '%s: https endpoints, a docs link, a known signature method',
    (_id, preset) => {
      for (const url of [
        preset.requestTokenUrl,
        preset.authorizationUrl,
        preset.accessTokenUrl,
        preset.docs,
      ]) {
        expect(new URL(url).protocol).toBe('https:')
      }
      if (preset.apiBaseUrl) expect(preset.apiBaseUrl).toMatch(/^https:\/\/.+\/$/)
      expect(['HMAC-SHA1', 'RSA-SHA1', 'PLAINTEXT']).toContain(preset.signatureMethod)
      expect(preset.protocol).toBe('oauth1')
    },
  )

  it('reads Twitter credentials from TWITTER_OAUTH_CLIENT_ID / _CLIENT_SECRET, and names them when missing', () => {
    const blueprint = makeTwitterBlueprint({
      env: { TWITTER_OAUTH_CLIENT_ID: 'k', TWITTER_OAUTH_CLIENT_SECRET: 's' },
    })
    expect(blueprint.name).toBe('twitter')
    expect(blueprint.protocol.kind).toBe('oauth1')
    expect(blueprint.protocol.consumerKey).toBe('k')
    expect(blueprint.resolveApiUrl('users/me').href).toBe('https://api.x.com/2/users/me')
    const missing = failure(() => makeTwitterBlueprint({ env: {} }))
    expect(missing?.code).toBe('config_missing_credentials')
    expect(missing?.message).toContain('TWITTER_OAUTH_CLIENT_ID or TWITTER_OAUTH_CONSUMER_KEY')
  })

  it('lets Twitter use oauth/authenticate', () => {
    const blueprint = makeTwitterBlueprint({ authenticate: true, consumerKey: 'k', consumerSecret: 's' })
    expect(blueprint.protocol.settings.authorizationUrl).toBe('https://api.x.com/oauth/authenticate')
  })

  it('builds Jira from JIRA_OAUTH_CONSUMER_KEY, a key file in JIRA_OAUTH_RSA_KEY and the server URL', () => {
    const blueprint = makeJiraBlueprint({
      baseUrl: 'https://jira.example.com/context',
      env: { JIRA_OAUTH_CONSUMER_KEY: 'jira-app', JIRA_OAUTH_RSA_KEY: keyFile },
    })
    expect(blueprint.protocol.signatureMethod).toBe('RSA-SHA1')
    expect(blueprint.protocol.consumerKey).toBe('jira-app')
    const options = blueprint.protocol.settings
    expect(options.requestTokenUrl).toBe(
      'https://jira.example.com/context/plugins/servlet/oauth/request-token',
    )
    expect(options.authorizationUrl).toBe('https://jira.example.com/context/plugins/servlet/oauth/authorize')
    expect(options.accessTokenUrl).toBe('https://jira.example.com/context/plugins/servlet/oauth/access-token')
    expect(blueprint.resolveApiUrl('myself').href).toBe('https://jira.example.com/context/rest/api/2/myself')
    const fromEnv = makeJiraBlueprint({
      env: {
        JIRA_OAUTH_BASE_URL: 'https://jira.example.org',
        JIRA_OAUTH_CONSUMER_KEY: 'x',
        JIRA_OAUTH_RSA_KEY: privateKey.replace(/\n/g, '\\n'),
      },
    })
    expect(fromEnv.resolveApiUrl('/myself').href).toBe('https://jira.example.org/rest/api/2/myself')
  })

  it('refuses Jira without a server URL, without a key, or with a broken key', () => {
    expect(
      failure(() => makeJiraBlueprint({ env: { JIRA_OAUTH_CONSUMER_KEY: 'x', JIRA_OAUTH_RSA_KEY: keyFile } }))
        ?.code,
    ).toBe('config_invalid')
    const noKey = failure(() =>
      makeJiraBlueprint({ baseUrl: 'https://j.example', env: { JIRA_OAUTH_CONSUMER_KEY: 'x' } }),
    )
    expect(noKey).toMatchObject({ code: 'config_missing_credentials' })
    expect(noKey?.message).toContain('JIRA_OAUTH_RSA_KEY')
    const bad = failure(() =>
      makeJiraBlueprint({
        baseUrl: 'https://j.example',
        env: { JIRA_OAUTH_CONSUMER_KEY: 'x', JIRA_OAUTH_RSA_KEY: '-----BEGIN nonsense' },
      }),
    )
    expect(bad).toMatchObject({ code: 'config_invalid' })
    expect(bad?.message).not.toContain('nonsense')
    expect(
      failure(() =>
        makeJiraBlueprint({
          baseUrl: 'https://j.example',
          rsaKey: join(dir, 'absent.pem'),
          consumerKey: 'x',
        }),
      )?.code,
    ).toBe('config_invalid')
  })

  it('passes Flickr perms and Trello name, scope and expiration to the authorization URL', () => {
    const creds = { consumerKey: 'k', consumerSecret: 's' }
    expect(authorizationParams(makeFlickrBlueprint(creds))).toEqual({ perms: 'read' })
    expect(authorizationParams(makeFlickrBlueprint({ ...creds, perms: 'write' }))).toEqual({ perms: 'write' })
    expect(
      authorizationParams(
        makeTrelloBlueprint({ ...creds, appName: 'My app', scope: ['read', 'write'], expiration: 'never' }),
      ),
    ).toEqual({
      name: 'My app',
      scope: 'read,write',
      expiration: 'never',
    })
    expect(makeFlickrBlueprint(creds).resolveApiUrl('rest').href).toBe('https://api.flickr.com/services/rest')
  })
})

describe('OAuth1Blueprint configuration', () => {
  const base = {
    name: 'p',
    consumerKey: 'k',
    consumerSecret: 's',
    requestTokenUrl: 'https://p.example/request',
    authorizationUrl: 'https://p.example/authorize',
    accessTokenUrl: 'https://p.example/access',
  }

  it('refuses http credential endpoints unless allowInsecureRequests, and bad options', () => {
    expect(
      failure(() => makeOAuth1Blueprint({ ...base, requestTokenUrl: 'http://p.example/request' }))?.code,
    ).toBe('config_invalid')
    expect(
      failure(() =>
        makeOAuth1Blueprint({
          ...base,
          requestTokenUrl: 'http://p.example/request',
          allowInsecureRequests: true,
        }),
      ),
    ).toBeUndefined()
    expect(failure(() => makeOAuth1Blueprint({ ...base, realm: 'a"b' }))?.code).toBe('config_invalid')
    expect(failure(() => makeOAuth1Blueprint({ ...base, accessTokenUrl: 'not a url' }))?.code).toBe(
      'config_invalid',
    )
    expect(failure(() => makeOAuth1Blueprint({ ...base, consumerSecret: undefined, env: {} }))?.code).toBe(
      'config_missing_credentials',
    )
  })

  it('falls back to <NAME>_OAUTH_CONSUMER_KEY / _CONSUMER_SECRET', () => {
    const blueprint = makeOAuth1Blueprint({
      ...base,
      consumerKey: undefined,
      consumerSecret: undefined,
      env: { P_OAUTH_CONSUMER_KEY: 'ck', P_OAUTH_CONSUMER_SECRET: 'cs' },
    })
    expect(blueprint.protocol.consumerKey).toBe('ck')
  })
})

describe('Discogs', () => {
  it('signs with PLAINTEXT in the header and sends the User-Agent with every request', async () => {
    const seen: Request[] = []
    const blueprint = makeDiscogsBlueprint({
      consumerKey: 'k',
      consumerSecret: 's',
      userAgent: 'TestApp/1.0',
      fetch: async (input, init) => {
        seen.push(new Request(input, init))
        return new Response('oauth_token=t&oauth_token_secret=ts&oauth_callback_confirmed=true', {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      },
    })
    const start = await blueprint.protocol.startLogin('https://app.example/login/discogs/authorized')
    expect(start.authorizationUrl.href).toBe('https://www.discogs.com/oauth/authorize?oauth_token=t')
    expect(seen[0]!.url).toBe('https://api.discogs.com/oauth/request_token')
    expect(seen[0]!.headers.get('user-agent')).toBe('TestApp/1.0')
    expect(seen[0]!.headers.get('authorization')).toMatch(/oauth_signature_method="PLAINTEXT"/)
    expect(seen[0]!.headers.get('authorization')).toContain('oauth_signature="s%26"')
    const request = {
      method: 'GET',
      url: blueprint.resolveApiUrl('oauth/identity'),
      headers: new Headers(),
      body: null,
    }
    blueprint.protocol.authorizeRequest(request, { oauth_token: 'at', oauth_token_secret: 'as' })
    expect(request.headers.get('user-agent')).toBe('TestApp/1.0')
    expect(request.headers.get('authorization')).toContain('oauth_signature="s%26as"')
  })
})
