/**
 * What each OAuth 2 provider documents, written down independently of the presets: endpoints, client
 * authentication, token response shape, how the API wants the token. The stand-in enforces these, so a
 * preset that drifts from its provider's documentation fails. Entries with a suffix (`dexcom-sandbox`)
 * exercise a preset option through the whole dance.
 */
import type { ApiRequestInit } from '../../src/client/api-client.js'
import type { OAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import type { FetchLike } from '../../src/protocol/http.js'
import { makeAirtableBlueprint } from '../../src/providers/airtable.js'
import { makeAmazonBlueprint } from '../../src/providers/amazon.js'
import { makeAsanaBlueprint } from '../../src/providers/asana.js'
import { makeAtlassianBlueprint } from '../../src/providers/atlassian.js'
import { makeAuthentiqBlueprint } from '../../src/providers/authentiq.js'
import { makeBasecampBlueprint } from '../../src/providers/basecamp.js'
import { makeBattlenetBlueprint } from '../../src/providers/battlenet.js'
import { makeBitbucketBlueprint } from '../../src/providers/bitbucket.js'
import { makeBitlyBlueprint } from '../../src/providers/bitly.js'
import { makeBoxBlueprint } from '../../src/providers/box.js'
import { makeCalendlyBlueprint } from '../../src/providers/calendly.js'
import { makeCanvaBlueprint } from '../../src/providers/canva.js'
import { makeClickupBlueprint } from '../../src/providers/clickup.js'
import { makeCoinbaseBlueprint } from '../../src/providers/coinbase.js'
import { makeDeezerBlueprint } from '../../src/providers/deezer.js'
import { makeDexcomBlueprint } from '../../src/providers/dexcom.js'
import { makeDigitaloceanBlueprint } from '../../src/providers/digitalocean.js'
import { makeDiscordBlueprint } from '../../src/providers/discord.js'
import { makeDocusignBlueprint } from '../../src/providers/docusign.js'
import { makeDropboxBlueprint } from '../../src/providers/dropbox.js'
import { makeEtsyBlueprint } from '../../src/providers/etsy.js'
import { makeFacebookBlueprint } from '../../src/providers/facebook.js'
import { makeFigmaBlueprint } from '../../src/providers/figma.js'
import { makeFitbitBlueprint } from '../../src/providers/fitbit.js'
import { makeGiteaBlueprint } from '../../src/providers/gitea.js'
import { makeGithubBlueprint } from '../../src/providers/github.js'
import { makeGoogleHealthBlueprint } from '../../src/providers/google-health.js'
import { makeHerokuBlueprint } from '../../src/providers/heroku.js'
import { makeHomeassistantBlueprint } from '../../src/providers/homeassistant.js'
import { makeHubspotBlueprint } from '../../src/providers/hubspot.js'
import { presetsById } from '../../src/providers/index.js'
import { makeInstagramBlueprint } from '../../src/providers/instagram.js'
import { makeIntercomBlueprint } from '../../src/providers/intercom.js'
import { makeIntuitBlueprint } from '../../src/providers/intuit.js'
import { makeKakaoBlueprint } from '../../src/providers/kakao.js'
import { makeKickBlueprint } from '../../src/providers/kick.js'
import { makeKlaviyoBlueprint } from '../../src/providers/klaviyo.js'
import { makeLichessBlueprint } from '../../src/providers/lichess.js'
import { makeLineBlueprint } from '../../src/providers/line.js'
import { makeLinearBlueprint } from '../../src/providers/linear.js'
import { makeLinodeBlueprint } from '../../src/providers/linode.js'
import { makeMailchimpBlueprint } from '../../src/providers/mailchimp.js'
import { makeMastodonBlueprint } from '../../src/providers/mastodon.js'
import { makeMeetupBlueprint } from '../../src/providers/meetup.js'
import { makeMiroBlueprint } from '../../src/providers/miro.js'
import { makeMixcloudBlueprint } from '../../src/providers/mixcloud.js'
import { makeNaverBlueprint } from '../../src/providers/naver.js'
import { makeNextcloudBlueprint } from '../../src/providers/nextcloud.js'
import { makeNotionBlueprint } from '../../src/providers/notion.js'
import { makeNylasBlueprint } from '../../src/providers/nylas.js'
import { makeOpenstreetmapBlueprint } from '../../src/providers/openstreetmap.js'
import { makeOrcidBlueprint } from '../../src/providers/orcid.js'
import { makeOsuBlueprint } from '../../src/providers/osu.js'
import { makePatreonBlueprint } from '../../src/providers/patreon.js'
import { makePaypalBlueprint } from '../../src/providers/paypal.js'
import { makePinterestBlueprint } from '../../src/providers/pinterest.js'
import { makePipedriveBlueprint } from '../../src/providers/pipedrive.js'
import { makeRaindropBlueprint } from '../../src/providers/raindrop.js'
import { makeRedditBlueprint } from '../../src/providers/reddit.js'
import { isRetired } from '../../src/providers/retired.js'
import { makeShopifyBlueprint } from '../../src/providers/shopify.js'
import { makeSlackBlueprint } from '../../src/providers/slack.js'
import { makeSlackLegacyBlueprint } from '../../src/providers/slack-legacy.js'
import { makeSoundcloudBlueprint } from '../../src/providers/soundcloud.js'
import { makeSpotifyBlueprint } from '../../src/providers/spotify.js'
import { makeStravaBlueprint } from '../../src/providers/strava.js'
import { makeStreamlabsBlueprint } from '../../src/providers/streamlabs.js'
import { makeStripeBlueprint } from '../../src/providers/stripe.js'
import { makeTiktokBlueprint } from '../../src/providers/tiktok.js'
import { makeTodoistBlueprint } from '../../src/providers/todoist.js'
import { makeTraktBlueprint } from '../../src/providers/trakt.js'
import { makeTumblrBlueprint } from '../../src/providers/tumblr.js'
import { makeTwitchBlueprint } from '../../src/providers/twitch.js'
import { makeTypeformBlueprint } from '../../src/providers/typeform.js'
import { makeVimeoBlueprint } from '../../src/providers/vimeo.js'
import { makeVkBlueprint } from '../../src/providers/vk.js'
import { makeWebexBlueprint } from '../../src/providers/webex.js'
import { makeWebflowBlueprint } from '../../src/providers/webflow.js'
import { makeWithingsBlueprint } from '../../src/providers/withings.js'
import { makeWordpressBlueprint } from '../../src/providers/wordpress.js'
import { makeXBlueprint } from '../../src/providers/x.js'
import { makeXeroBlueprint } from '../../src/providers/xero.js'
import { makeYahooBlueprint } from '../../src/providers/yahoo.js'
import { makeYandexBlueprint } from '../../src/providers/yandex.js'
import { makeZendeskBlueprint } from '../../src/providers/zendesk.js'
import { makeZohoBlueprint } from '../../src/providers/zoho.js'
import { makeZoomBlueprint } from '../../src/providers/zoom.js'

/** The tokens the stand-in issued for one exchange. */
export interface TokenSet {
  access: string
  refresh: string
}

/** A token endpoint answer. */
export interface TokenAnswer {
  body: string | Record<string, unknown>
  contentType?: string
  status?: number
}

/** How the provider wants the access token on API calls. */
export interface ApiAuth {
  where: 'header' | 'query' | 'body'
  name: string
  /** The scheme before the token, with its space (`Bearer `), or none. */
  prefix?: string
}

/** The options the test app gives every factory. */
export interface CommonOptions {
  name: string
  clientId: string
  clientSecret: string
  fetch: FetchLike
  secret: string
}

/** One provider (or one option of it), as documented. */
export interface ProviderSpec {
  /** Blueprint name: the preset id, or `<id>-<variant>` for an option. */
  name: string
  /** The preset id. */
  preset: string
  make: (common: CommonOptions) => OAuth2Blueprint
  /** Authorization endpoint (origin + path). */
  authorize: string
  /** Authorization parameters that must be present (value) or absent (null). */
  authorizeParams?: Record<string, string | null>
  /**
   * The scopes the authorization request must carry, joined by a space or a comma: for providers whose
   * documentation does not state the separator, where `authorizeParams.scope` would enforce a guess.
   */
  scopes?: readonly string[]
  /** Token endpoint (origin + path). */
  token: string
  /** Refresh endpoint, when not the token endpoint. */
  refreshUrl?: string
  /** RFC 7009 revocation endpoint, when the provider has one. */
  revocation?: string
  /**
   * The client authentication the provider documents: HTTP Basic, the secret in the body, `either` where
   * its documentation accepts both (or leaves the choice unsaid, so the stand-in does not guess), or none.
   */
  clientAuth: 'basic' | 'post' | 'either' | 'none'
  /** Name of the client id parameter (TikTok `client_key`). */
  clientIdParam?: string
  /** Name of the client secret parameter in a form body (Deezer `secret`). */
  clientSecretParam?: string
  /** The provider documents its token parameters as a JSON object (Zendesk). */
  tokenRequestJson?: boolean
  /** The provider documents its token parameters in the query string, not the body. */
  tokenParamsInQuery?: boolean
  /** Parameters every token request must carry. */
  tokenParams?: Record<string, string>
  /** Parameters the code exchange must carry (value) or lack (null). */
  codeParams?: Record<string, string | null>
  /** Headers every request to the provider must carry: token, refresh, revocation and API calls. */
  backChannelHeaders?: Record<string, string>
  /** Where the revocation endpoint reads its parameters, when not a form body (RFC 7009 §2.1). */
  revocationParams?: 'json' | 'query'
  /** The token the provider documents revoking, when it takes only one kind. */
  revokes?: 'access' | 'refresh'
  /**
   * The revocation endpoint's client authentication, when it differs from the token endpoint's;
   * `bearer`: no client credentials, the revoked token as a bearer header (DigitalOcean).
   */
  revocationClientAuth?: 'basic' | 'post' | 'bearer'
  /** The parameter the revocation endpoint reads the token from, when not `token` (VK ID `access_token`). */
  revocationTokenParam?: string
  /** The token endpoint wants the authorization's `state` back, with the code and with every refresh. */
  stateInTokenRequests?: boolean
  /** Headers the revocation request must carry. */
  revocationHeaders?: Record<string, string>
  tokenResponse: (tokens: TokenSet) => TokenAnswer
  /** The lifetime the app must read from the answer (seconds), or `never`, when the provider names it otherwise. */
  tokenLifetime?: number | 'never'
  /** The provider's answer to a bad code, when it is not a standard HTTP 400 (tests the quirk). */
  tokenError?: () => TokenAnswer
  /** Extra callback parameters the provider adds (Intuit `realmId`). */
  callbackExtras?: Record<string, string>
  /** Whether login yields a refresh token (then refresh is exercised too). */
  refreshes?: boolean
  api: {
    method: 'GET' | 'POST'
    /** What the app passes to the client. */
    path: string
    init?: ApiRequestInit
    /** The full URL (origin + path) the provider serves it at. */
    url: string
    auth: ApiAuth
    /** Headers every call must carry; `{client_id}` stands for the app's client id. */
    headers?: Record<string, string>
    /** The JSON body the call must send. */
    body?: unknown
  }
}

const bearer: ApiAuth = { where: 'header', name: 'authorization', prefix: 'Bearer ' }
const get = (url: string, path: string, extra: Partial<ProviderSpec['api']> = {}): ProviderSpec['api'] => ({
  method: 'GET',
  url,
  path,
  auth: bearer,
  ...extra,
})
const post = (url: string, path: string, extra: Partial<ProviderSpec['api']> = {}): ProviderSpec['api'] => ({
  ...get(url, path, extra),
  method: 'POST',
})
/** A JSON token answer with these members. */
const json =
  (members: (t: TokenSet) => Record<string, unknown>) =>
  (t: TokenSet): TokenAnswer => ({ body: members(t) })
/** The common RFC 6749 §5.1 answer plus provider extras. */
const standard = (extra: Record<string, unknown> = {}, type = 'Bearer') =>
  json((t) => ({
    access_token: t.access,
    token_type: type,
    expires_in: 3600,
    refresh_token: t.refresh,
    ...extra,
  }))
const junkIdToken = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2Vsc2V3aGVyZSJ9.c2ln'

/** Every OAuth 2 preset, and its options, as the providers document them. */
const DOCUMENTED: readonly ProviderSpec[] = [
  {
    name: 'github',
    preset: 'github',
    make: (o) => makeGithubBlueprint(o),
    authorize: 'https://github.com/login/oauth/authorize',
    token: 'https://github.com/login/oauth/access_token',
    clientAuth: 'post',
    // GitHub's classic answer is form-encoded; errors come with HTTP 200.
    tokenResponse: (t) => ({
      body: `access_token=${t.access}&scope=repo%2Cgist&token_type=bearer`,
      contentType: 'application/x-www-form-urlencoded',
    }),
    tokenError: () => ({
      status: 200,
      body: { error: 'bad_verification_code', error_description: 'The code is wrong' },
    }),
    api: get('https://api.github.com/user', 'user', {
      headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
    }),
  },
  {
    name: 'github-enterprise',
    preset: 'github',
    make: (o) => makeGithubBlueprint({ ...o, enterpriseHost: 'github.example.com' }),
    authorize: 'https://github.example.com/login/oauth/authorize',
    token: 'https://github.example.com/login/oauth/access_token',
    clientAuth: 'post',
    tokenResponse: json((t) => ({ access_token: t.access, token_type: 'bearer', scope: 'repo' })),
    api: get('https://github.example.com/api/v3/user', 'user'),
  },
  {
    name: 'facebook',
    preset: 'facebook',
    make: (o) => makeFacebookBlueprint({ ...o, rerequest: true }),
    authorize: 'https://www.facebook.com/dialog/oauth',
    // Scopes comma-joined, client_id and client_secret as parameters, not HTTP Basic: Facebook's own PHP
    // Graph SDK (https://github.com/facebookarchive/php-graph-sdk/blob/master/src/Facebook/Authentication/OAuth2Client.php).
    authorizeParams: { auth_type: 'rerequest', scope: 'public_profile,email' },
    token: 'https://graph.facebook.com/oauth/access_token',
    clientAuth: 'post',
    tokenResponse: json((t) => ({ access_token: t.access, token_type: 'bearer', expires_in: 5183944 })),
    api: get('https://graph.facebook.com/me', 'me'),
  },
  {
    name: 'facebook-versioned',
    preset: 'facebook',
    make: (o) => makeFacebookBlueprint({ ...o, apiVersion: 'v23.0' }),
    authorize: 'https://www.facebook.com/v23.0/dialog/oauth',
    authorizeParams: { auth_type: null },
    token: 'https://graph.facebook.com/v23.0/oauth/access_token',
    clientAuth: 'either',
    tokenResponse: json((t) => ({ access_token: t.access, token_type: 'bearer', expires_in: 5183944 })),
    api: get('https://graph.facebook.com/v23.0/me', 'me'),
  },
  {
    name: 'dropbox',
    preset: 'dropbox',
    make: (o) => makeDropboxBlueprint(o),
    authorize: 'https://www.dropbox.com/oauth2/authorize',
    authorizeParams: { token_access_type: null },
    token: 'https://api.dropboxapi.com/oauth2/token',
    clientAuth: 'either',
    tokenResponse: json((t) => ({
      access_token: t.access,
      expires_in: 14400,
      token_type: 'bearer',
      scope: 'account_info.read',
      account_id: 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc',
      uid: '12345',
    })),
    api: post('https://api.dropboxapi.com/2/users/get_current_account', 'users/get_current_account'),
  },
  {
    name: 'dropbox-offline',
    preset: 'dropbox',
    make: (o) =>
      makeDropboxBlueprint({
        ...o,
        offline: true,
        forceReapprove: true,
        disableSignup: true,
        requireRole: 'work',
      }),
    authorize: 'https://www.dropbox.com/oauth2/authorize',
    authorizeParams: {
      token_access_type: 'offline',
      force_reapprove: 'true',
      disable_signup: 'true',
      require_role: 'work',
    },
    token: 'https://api.dropboxapi.com/oauth2/token',
    clientAuth: 'either',
    refreshes: true,
    tokenResponse: standard({ scope: 'account_info.read', account_id: 'dbid:x', uid: '12345' }, 'bearer'),
    api: post('https://api.dropboxapi.com/2/users/get_current_account', 'users/get_current_account'),
  },
  {
    name: 'meetup',
    preset: 'meetup',
    make: (o) => makeMeetupBlueprint(o),
    authorize: 'https://secure.meetup.com/oauth2/authorize',
    token: 'https://secure.meetup.com/oauth2/access',
    clientAuth: 'either',
    refreshes: true,
    tokenResponse: standard({}, 'bearer'),
    api: post('https://api.meetup.com/gql-ext', 'gql-ext', {
      init: { json: { query: 'query { self { id } }' } },
    }),
  },
  {
    name: 'slack',
    preset: 'slack',
    make: (o) => makeSlackBlueprint({ ...o, scope: ['users:read', 'chat:write'] }),
    authorize: 'https://slack.com/oauth/v2/authorize',
    // "a comma-separated list of scopes" (https://docs.slack.dev/authentication/installing-with-oauth).
    authorizeParams: { scope: 'users:read,chat:write' },
    token: 'https://slack.com/api/oauth.v2.access',
    // "supply the Client ID and Client Secret using the HTTP Basic authentication scheme"
    // (https://docs.slack.dev/reference/methods/oauth.v2.access, checked 2026-12-05).
    clientAuth: 'basic',
    // A bot token at the top level, with token_type "bot"; the user's in authed_user.
    tokenResponse: json((t) => ({
      ok: true,
      access_token: t.access,
      token_type: 'bot',
      scope: 'users:read,chat:write',
      bot_user_id: 'U0KRQLJ9H',
      app_id: 'A0KRD7HC3',
      team: { name: 'Slack Softball Team', id: 'T9TK3CUKW' },
      enterprise: null,
      authed_user: { id: 'U1234', scope: '', access_token: 'xoxp-user', token_type: 'user' },
    })),
    tokenError: () => ({ status: 200, body: { ok: false, error: 'invalid_code' } }),
    api: get('https://slack.com/api/auth.test', 'auth.test'),
  },
  {
    name: 'slack-user',
    preset: 'slack',
    make: (o) =>
      makeSlackBlueprint({
        ...o,
        scope: [],
        userScope: ['identity.basic', 'identity.email'],
        team: 'T9TK3CUKW',
      }),
    authorize: 'https://slack.com/oauth/v2/authorize',
    authorizeParams: { scope: null, user_scope: 'identity.basic,identity.email', team: 'T9TK3CUKW' },
    token: 'https://slack.com/api/oauth.v2.access',
    // "supply the Client ID and Client Secret using the HTTP Basic authentication scheme"
    // (https://docs.slack.dev/reference/methods/oauth.v2.access, checked 2026-12-05).
    clientAuth: 'basic',
    refreshes: true,
    // User scopes only: no top-level token; the user token (rotating) is nested in authed_user.
    tokenResponse: json((t) => ({
      ok: true,
      app_id: 'A0KRD7HC3',
      team: { id: 'T9TK3CUKW' },
      authed_user: {
        id: 'U1234',
        scope: 'identity.basic,identity.email',
        access_token: t.access,
        token_type: 'user',
        refresh_token: t.refresh,
        expires_in: 43200,
      },
    })),
    api: get('https://slack.com/api/auth.test', 'auth.test'),
  },
  {
    name: 'slack-legacy',
    preset: 'slack-legacy',
    make: (o) => makeSlackLegacyBlueprint(o),
    authorize: 'https://slack.com/oauth/authorize',
    authorizeParams: { code_challenge: null },
    scopes: ['identify', 'chat:write:bot'],
    token: 'https://slack.com/api/oauth.access',
    // "We strongly recommend supplying the Client ID and Client Secret using the HTTP Basic
    // authentication scheme" (https://docs.slack.dev/reference/methods/oauth.access/, checked 2026-12-05).
    clientAuth: 'basic',
    tokenResponse: json((t) => ({
      ok: true,
      access_token: t.access,
      scope: 'identify,chat:write:bot',
      user_id: 'U1234',
      team_id: 'T1234',
      team_name: 'Team',
    })),
    tokenError: () => ({ status: 200, body: { ok: false, error: 'invalid_code' } }),
    // Tokens go in the Authorization header, not the query string (Slack changelog 2020-11, "No more
    // tokens in querystrings", https://docs.slack.dev/changelog/2020-11-no-more-tokens-in-querystrings-for-newly-created-apps).
    api: get('https://slack.com/api/auth.test', 'auth.test'),
  },
  {
    name: 'slack-legacy-post',
    preset: 'slack-legacy',
    make: (o) => makeSlackLegacyBlueprint({ ...o, subdomain: 'acme' }),
    authorize: 'https://acme.slack.com/oauth/authorize',
    token: 'https://slack.com/api/oauth.access',
    clientAuth: 'basic',
    tokenResponse: json((t) => ({
      ok: true,
      access_token: t.access,
      scope: 'identify',
      user_id: 'U1',
      team_id: 'T1',
    })),
    api: post('https://slack.com/api/chat.postMessage', 'chat.postMessage', {
      // Slack recommends the header whenever possible; a form body may carry `token` instead.
      init: { form: { channel: 'C1', text: 'hello' } },
    }),
  },
  {
    name: 'nylas',
    preset: 'nylas',
    make: (o) => makeNylasBlueprint(o),
    authorize: 'https://api.us.nylas.com/v3/connect/auth',
    authorizeParams: { access_type: null },
    token: 'https://api.us.nylas.com/v3/connect/token',
    clientAuth: 'post',
    // POST /v3/connect/revoke?token=<access token> (Nylas' Node SDK, src/resources/auth.ts).
    revocation: 'https://api.us.nylas.com/v3/connect/revoke',
    revocationParams: 'query',
    revokes: 'access',
    // Nylas sends an id_token it publishes no keys for: kept, never mistaken for a validated one.
    tokenResponse: standard({
      id_token: junkIdToken,
      grant_id: 'e19f8e1a-eb1c-41c0-b6a6-d2e59daf7f47',
      email: 'nyla@example.com',
      provider: 'google',
      scope: 'https://www.googleapis.com/auth/userinfo.email',
    }),
    api: get('https://api.us.nylas.com/v3/grants/me/calendars', 'grants/me/calendars'),
  },
  {
    name: 'nylas-eu',
    preset: 'nylas',
    make: (o) => makeNylasBlueprint({ ...o, region: 'eu', offline: true, provider: 'microsoft' }),
    authorize: 'https://api.eu.nylas.com/v3/connect/auth',
    authorizeParams: { access_type: 'offline', provider: 'microsoft' },
    token: 'https://api.eu.nylas.com/v3/connect/token',
    clientAuth: 'post',
    // POST /v3/connect/revoke?token=<access token> (Nylas' Node SDK, src/resources/auth.ts).
    revocation: 'https://api.eu.nylas.com/v3/connect/revoke',
    revocationParams: 'query',
    revokes: 'access',
    refreshes: true,
    tokenResponse: standard({ id_token: junkIdToken, grant_id: 'g1', email: 'n@example.com' }),
    api: get('https://api.eu.nylas.com/v3/grants/me/calendars', 'grants/me/calendars'),
  },
  {
    name: 'spotify',
    preset: 'spotify',
    make: (o) => makeSpotifyBlueprint({ ...o, showDialog: true }),
    authorize: 'https://accounts.spotify.com/authorize',
    authorizeParams: { show_dialog: 'true' },
    token: 'https://accounts.spotify.com/api/token',
    // The code flow requires "Authorization: Basic <base64 encoded client_id:client_secret>"
    // (https://developer.spotify.com/documentation/web-api/tutorials/code-flow).
    clientAuth: 'basic',
    refreshes: true,
    tokenResponse: standard({ scope: 'user-read-email' }),
    api: get('https://api.spotify.com/v1/me', 'me'),
  },
  {
    name: 'discord',
    preset: 'discord',
    make: (o) => makeDiscordBlueprint({ ...o, prompt: 'none' }),
    authorize: 'https://discord.com/oauth2/authorize',
    authorizeParams: { prompt: 'none', scope: 'identify' },
    token: 'https://discord.com/api/oauth2/token',
    revocation: 'https://discord.com/api/oauth2/token/revoke',
    // Discord: "either HTTP Basic authentication or client_id and client_secret supplied in the form
    // data body", so the stand-in takes both; `discord-body` exercises the second.
    clientAuth: 'either',
    refreshes: true,
    tokenResponse: standard({ expires_in: 604800, scope: 'identify' }),
    api: get('https://discord.com/api/v10/users/@me', 'users/@me'),
  },
  {
    name: 'discord-body',
    preset: 'discord',
    make: (o) => makeDiscordBlueprint({ ...o, clientAuth: 'client_secret_post' }),
    authorize: 'https://discord.com/oauth2/authorize',
    token: 'https://discord.com/api/oauth2/token',
    revocation: 'https://discord.com/api/oauth2/token/revoke',
    clientAuth: 'either',
    refreshes: true,
    tokenResponse: standard({ expires_in: 604800, scope: 'identify' }),
    api: get('https://discord.com/api/v10/users/@me', 'users/@me'),
  },
  {
    name: 'atlassian',
    preset: 'atlassian',
    make: (o) => makeAtlassianBlueprint({ ...o, offline: true }),
    authorize: 'https://auth.atlassian.com/authorize',
    authorizeParams: { audience: 'api.atlassian.com', prompt: 'consent', scope: 'read:me offline_access' },
    token: 'https://auth.atlassian.com/oauth/token',
    clientAuth: 'either',
    refreshes: true,
    tokenResponse: standard({ scope: 'read:me offline_access' }),
    api: get(
      'https://api.atlassian.com/oauth/token/accessible-resources',
      'oauth/token/accessible-resources',
    ),
  },
  {
    name: 'authentiq',
    preset: 'authentiq',
    make: (o) => makeAuthentiqBlueprint(o),
    authorize: 'https://connect.authentiq.io/authorize',
    scopes: ['openid', 'profile'],
    token: 'https://connect.authentiq.io/token',
    clientAuth: 'either',
    tokenResponse: standard({ id_token: junkIdToken }, 'bearer'),
    api: get('https://connect.authentiq.io/userinfo', 'userinfo'),
  },
  {
    name: 'authentiq-hosted',
    preset: 'authentiq',
    make: (o) => makeAuthentiqBlueprint({ ...o, hostname: 'id.example.org' }),
    authorize: 'https://id.example.org/authorize',
    token: 'https://id.example.org/token',
    clientAuth: 'either',
    tokenResponse: standard({ id_token: junkIdToken }, 'bearer'),
    api: get('https://id.example.org/userinfo', 'userinfo'),
  },
  {
    name: 'dexcom',
    preset: 'dexcom',
    make: (o) => makeDexcomBlueprint(o),
    authorize: 'https://api.dexcom.com/v2/oauth2/login',
    authorizeParams: { scope: 'offline_access' },
    token: 'https://api.dexcom.com/v2/oauth2/token',
    clientAuth: 'either',
    refreshes: true,
    tokenResponse: standard({ expires_in: 7200 }),
    api: get('https://api.dexcom.com/v3/users/self/dataRange', 'users/self/dataRange'),
  },
  {
    name: 'dexcom-sandbox',
    preset: 'dexcom',
    make: (o) => makeDexcomBlueprint({ ...o, sandbox: true }),
    authorize: 'https://sandbox-api.dexcom.com/v2/oauth2/login',
    token: 'https://sandbox-api.dexcom.com/v2/oauth2/token',
    clientAuth: 'either',
    tokenResponse: standard({ expires_in: 7200 }),
    api: get('https://sandbox-api.dexcom.com/v3/users/self/dataRange', 'users/self/dataRange'),
  },
  {
    name: 'dexcom-eu',
    preset: 'dexcom',
    make: (o) => makeDexcomBlueprint({ ...o, region: 'eu' }),
    authorize: 'https://api.dexcom.eu/v2/oauth2/login',
    token: 'https://api.dexcom.eu/v2/oauth2/token',
    clientAuth: 'either',
    tokenResponse: standard({ expires_in: 7200 }),
    api: get('https://api.dexcom.eu/v3/users/self/dataRange', 'users/self/dataRange'),
  },
  {
    name: 'digitalocean',
    preset: 'digitalocean',
    // Space-separated scopes (`read write`): DigitalOcean's stored OAuth reference is cut before the
    // scope parameter; python-social-auth's and allauth's DigitalOcean docs both send `read write`.
    make: (o) => makeDigitaloceanBlueprint({ ...o, scope: ['read', 'write'] }),
    authorize: 'https://cloud.digitalocean.com/v1/oauth/authorize',
    scopes: ['read', 'write'],
    token: 'https://cloud.digitalocean.com/v1/oauth/token',
    // /revoke revokes an access token (https://docs.digitalocean.com/reference/api/oauth/); DigitalOcean's
    // doctl posts it as `token` with the same token as the bearer header and no client credentials
    // (https://github.com/digitalocean/doctl/blob/98d7796bb116f5695e1029ea89e49792d6c3c908/do/registry.go).
    revocation: 'https://cloud.digitalocean.com/v1/oauth/revoke',
    revokes: 'access',
    revocationClientAuth: 'bearer',
    clientAuth: 'either',
    refreshes: true,
    tokenResponse: standard(
      {
        expires_in: 2592000,
        scope: 'read',
        info: { name: 'Sammy', email: 'sammy@example.com', uuid: 'e028b1b9' },
      },
      'bearer',
    ),
    api: get('https://api.digitalocean.com/v2/account', 'account'),
  },
  {
    name: 'fitbit',
    preset: 'fitbit',
    make: (o) => makeFitbitBlueprint(o),
    authorize: 'https://www.fitbit.com/oauth2/authorize',
    token: 'https://api.fitbit.com/oauth2/token',
    revocation: 'https://api.fitbit.com/oauth2/revoke',
    clientAuth: 'basic',
    refreshes: true,
    tokenResponse: standard({ expires_in: 28800, scope: 'profile', user_id: 'GGNJL9' }),
    api: get('https://api.fitbit.com/1/user/-/profile.json', '1/user/-/profile.json'),
  },
  {
    name: 'google-health',
    preset: 'google-health',
    make: (o) => makeGoogleHealthBlueprint(o),
    authorize: 'https://accounts.google.com/o/oauth2/v2/auth',
    authorizeParams: { access_type: null, prompt: null },
    scopes: ['https://www.googleapis.com/auth/googlehealth.profile.readonly'],
    token: 'https://oauth2.googleapis.com/token',
    clientAuth: 'either',
    revocation: 'https://oauth2.googleapis.com/revoke',
    // An hour, the migration guide's table says; no refresh token without access_type=offline.
    tokenResponse: json((t) => ({
      access_token: t.access,
      token_type: 'Bearer',
      expires_in: 3599,
      scope: 'https://www.googleapis.com/auth/googlehealth.profile.readonly',
    })),
    tokenLifetime: 3599,
    api: get('https://health.googleapis.com/v4/users/me/profile', 'users/me/profile'),
  },
  {
    name: 'google-health-offline',
    preset: 'google-health',
    make: (o) =>
      makeGoogleHealthBlueprint({
        ...o,
        offline: true,
        scope: [
          'https://www.googleapis.com/auth/googlehealth.profile.readonly',
          'https://www.googleapis.com/auth/googlehealth.sleep.readonly',
        ],
      }),
    authorize: 'https://accounts.google.com/o/oauth2/v2/auth',
    // access_type=offline is what the migration guide names for a refresh token.
    authorizeParams: { access_type: 'offline', prompt: 'consent' },
    scopes: [
      'https://www.googleapis.com/auth/googlehealth.profile.readonly',
      'https://www.googleapis.com/auth/googlehealth.sleep.readonly',
    ],
    token: 'https://oauth2.googleapis.com/token',
    clientAuth: 'either',
    revocation: 'https://oauth2.googleapis.com/revoke',
    refreshes: true,
    tokenResponse: standard({ scope: 'https://www.googleapis.com/auth/googlehealth.sleep.readonly' }),
    api: get('https://health.googleapis.com/v4/users/me/profile', 'users/me/profile'),
  },
  {
    name: 'heroku',
    preset: 'heroku',
    make: (o) => makeHerokuBlueprint(o),
    authorize: 'https://id.heroku.com/oauth/authorize',
    token: 'https://id.heroku.com/oauth/token',
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard({ expires_in: 28799, user_id: '01234567-89ab', session_nonce: '2bf3ec81' }),
    api: get('https://api.heroku.com/account', 'account', {
      headers: { accept: 'application/vnd.heroku+json; version=3' },
    }),
  },
  {
    name: 'heroku-version',
    preset: 'heroku',
    make: (o) => makeHerokuBlueprint({ ...o, apiVersion: '3.sdk' }),
    authorize: 'https://id.heroku.com/oauth/authorize',
    token: 'https://id.heroku.com/oauth/token',
    clientAuth: 'post',
    tokenResponse: standard(),
    api: get('https://api.heroku.com/account', 'account', {
      headers: { accept: 'application/vnd.heroku+json; version=3.sdk' },
    }),
  },
  {
    name: 'orcid',
    preset: 'orcid',
    make: (o) => makeOrcidBlueprint(o),
    authorize: 'https://orcid.org/oauth/authorize',
    authorizeParams: { scope: '/authenticate' },
    token: 'https://orcid.org/oauth/token',
    revocation: 'https://orcid.org/oauth/revoke',
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard(
      { expires_in: 631138518, scope: '/authenticate', name: 'Sofia Garcia', orcid: '0000-0001-2345-6789' },
      'bearer',
    ),
    api: get('https://pub.orcid.org/v3.0/0000-0001-2345-6789/record', '0000-0001-2345-6789/record'),
  },
  {
    name: 'orcid-sandbox',
    preset: 'orcid',
    make: (o) => makeOrcidBlueprint({ ...o, sandbox: true, memberApi: true }),
    authorize: 'https://sandbox.orcid.org/oauth/authorize',
    token: 'https://sandbox.orcid.org/oauth/token',
    revocation: 'https://sandbox.orcid.org/oauth/revoke',
    clientAuth: 'post',
    tokenResponse: standard({ orcid: '0000-0001-2345-6789' }, 'bearer'),
    api: get('https://api.sandbox.orcid.org/v3.0/0000-0001-2345-6789/record', '0000-0001-2345-6789/record'),
  },
  {
    name: 'openstreetmap',
    preset: 'openstreetmap',
    make: (o) => makeOpenstreetmapBlueprint(o),
    authorize: 'https://www.openstreetmap.org/oauth2/authorize',
    authorizeParams: { scope: 'read_prefs' },
    token: 'https://www.openstreetmap.org/oauth2/token',
    revocation: 'https://www.openstreetmap.org/oauth2/revoke',
    clientAuth: 'either',
    // Doorkeeper: no expiry, no refresh token.
    tokenResponse: json((t) => ({
      access_token: t.access,
      token_type: 'Bearer',
      scope: 'read_prefs',
      created_at: 1700000000,
    })),
    api: get('https://api.openstreetmap.org/api/0.6/user/details.json', 'user/details.json'),
  },
  {
    name: 'openstreetmap-dev',
    preset: 'openstreetmap',
    make: (o) => makeOpenstreetmapBlueprint({ ...o, sandbox: true }),
    authorize: 'https://master.apis.dev.openstreetmap.org/oauth2/authorize',
    token: 'https://master.apis.dev.openstreetmap.org/oauth2/token',
    clientAuth: 'either',
    tokenResponse: json((t) => ({ access_token: t.access, token_type: 'Bearer', scope: 'read_prefs' })),
    api: get('https://master.apis.dev.openstreetmap.org/api/0.6/user/details.json', 'user/details.json'),
  },
  {
    name: 'reddit',
    preset: 'reddit',
    make: (o) => makeRedditBlueprint({ ...o, offline: true, userAgent: 'web:dance-test:v1 (by /u/tester)' }),
    authorize: 'https://www.reddit.com/api/v1/authorize',
    authorizeParams: { duration: 'permanent', scope: 'identity' },
    token: 'https://www.reddit.com/api/v1/access_token',
    revocation: 'https://www.reddit.com/api/v1/revoke_token',
    // HTTP Basic with the client id and secret: Reddit's token endpoint reads them from the
    // `Authorization` header (https://github.com/reddit-archive/reddit/blob/master/r2/r2/controllers/oauth2.py).
    clientAuth: 'basic',
    refreshes: true,
    tokenResponse: standard({ expires_in: 86400, scope: 'identity' }, 'bearer'),
    // Every request carries the app's User-Agent, the token endpoint's too (Reddit Data API Wiki,
    // https://support.reddithelp.com/hc/en-us/articles/16160319875092-Reddit-Data-API-Wiki).
    backChannelHeaders: { 'user-agent': 'web:dance-test:v1 (by /u/tester)' },
    api: get('https://oauth.reddit.com/api/v1/me', 'api/v1/me'),
  },
  {
    name: 'strava',
    preset: 'strava',
    make: (o) => makeStravaBlueprint({ ...o, scope: ['read', 'activity:read'], approvalPrompt: 'force' }),
    authorize: 'https://www.strava.com/oauth/authorize',
    // Scopes comma-joined, client_id and client_secret as form parameters: what Strava's own Go client
    // sends (https://github.com/strava/go.strava/blob/master/oauth.go).
    authorizeParams: { approval_prompt: 'force', scope: 'read,activity:read' },
    token: 'https://www.strava.com/oauth/token',
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard({
      expires_at: 1900000000,
      expires_in: 21600,
      athlete: { id: 134815, username: 'marianne_t' },
    }),
    api: get('https://www.strava.com/api/v3/athlete', 'athlete'),
  },
  {
    name: 'twitch',
    preset: 'twitch',
    make: (o) => makeTwitchBlueprint({ ...o, forceVerify: true }),
    authorize: 'https://id.twitch.tv/oauth2/authorize',
    authorizeParams: { force_verify: 'true', scope: 'user:read:email' },
    token: 'https://id.twitch.tv/oauth2/token',
    revocation: 'https://id.twitch.tv/oauth2/revoke',
    // "token: The access token to revoke" (https://dev.twitch.tv/docs/authentication/revoke-tokens/).
    revokes: 'access',
    // client_id and client_secret in the form body; discovery lists only client_secret_post
    // (https://dev.twitch.tv/docs/authentication/getting-tokens-oidc).
    clientAuth: 'post',
    refreshes: true,
    // Twitch lists the granted scopes as a JSON array.
    tokenResponse: standard({ expires_in: 14124, scope: ['user:read:email'] }, 'bearer'),
    // Client-ID next to the bearer token (https://github.com/twitchdev/twitch-cli/blob/main/internal/api/api_request.go).
    api: get('https://api.twitch.tv/helix/users', 'users', { headers: { 'client-id': '{client_id}' } }),
  },
  {
    name: 'zoho',
    preset: 'zoho',
    make: (o) => makeZohoBlueprint(o),
    authorize: 'https://accounts.zoho.com/oauth/v2/auth',
    authorizeParams: { access_type: 'online', scope: 'ZohoCRM.users.READ' },
    token: 'https://accounts.zoho.com/oauth/v2/token',
    // {accounts}/oauth/v2/token/revoke?token=… (https://www.zoho.com/accounts/protocol/oauth/revoke-refresh-token.html).
    revocation: 'https://accounts.zoho.com/oauth/v2/token/revoke',
    revocationParams: 'query',
    clientAuth: 'post',
    tokenResponse: json((t) => ({
      access_token: t.access,
      api_domain: 'https://www.zohoapis.com',
      token_type: 'Bearer',
      expires_in: 3600,
    })),
    api: get('https://www.zohoapis.com/crm/v8/users', 'crm/v8/users', {
      init: { query: { type: 'CurrentUser' } },
      auth: { where: 'header', name: 'authorization', prefix: 'Zoho-oauthtoken ' },
    }),
  },
  {
    name: 'zoho-eu',
    preset: 'zoho',
    make: (o) =>
      makeZohoBlueprint({
        ...o,
        region: 'eu',
        offline: true,
        prompt: 'consent',
        scope: ['ZohoCRM.users.READ', 'ZohoCRM.org.READ'],
      }),
    authorize: 'https://accounts.zoho.eu/oauth/v2/auth',
    authorizeParams: {
      access_type: 'offline',
      prompt: 'consent',
      scope: 'ZohoCRM.users.READ,ZohoCRM.org.READ',
    },
    token: 'https://accounts.zoho.eu/oauth/v2/token',
    revocation: 'https://accounts.zoho.eu/oauth/v2/token/revoke',
    revocationParams: 'query',
    revokes: 'refresh',
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard({ api_domain: 'https://www.zohoapis.eu' }),
    api: get('https://www.zohoapis.eu/crm/v8/users', 'crm/v8/users', {
      auth: { where: 'header', name: 'authorization', prefix: 'Zoho-oauthtoken ' },
    }),
  },
  {
    // Canada: accounts.zohocloud.ca, API www.zohoapis.ca (https://www.zoho.com/accounts/protocol/oauth/multi-dc.html).
    name: 'zoho-ca',
    preset: 'zoho',
    make: (o) => makeZohoBlueprint({ ...o, region: 'ca' }),
    authorize: 'https://accounts.zohocloud.ca/oauth/v2/auth',
    token: 'https://accounts.zohocloud.ca/oauth/v2/token',
    revocation: 'https://accounts.zohocloud.ca/oauth/v2/token/revoke',
    revocationParams: 'query',
    clientAuth: 'post',
    tokenResponse: standard({ api_domain: 'https://www.zohoapis.ca' }),
    api: get('https://www.zohoapis.ca/crm/v8/users', 'crm/v8/users', {
      auth: { where: 'header', name: 'authorization', prefix: 'Zoho-oauthtoken ' },
    }),
  },
  {
    // UAE: zoho.ae (https://www.zoho.com/workdrive/developer/docs/api/v1/getting-started-multi-dc-support.html).
    name: 'zoho-ae',
    preset: 'zoho',
    make: (o) => makeZohoBlueprint({ ...o, region: 'ae' }),
    authorize: 'https://accounts.zoho.ae/oauth/v2/auth',
    token: 'https://accounts.zoho.ae/oauth/v2/token',
    clientAuth: 'post',
    tokenResponse: standard({ api_domain: 'https://www.zohoapis.ae' }),
    api: get('https://www.zohoapis.ae/crm/v8/users', 'crm/v8/users', {
      auth: { where: 'header', name: 'authorization', prefix: 'Zoho-oauthtoken ' },
    }),
  },
  {
    name: 'x',
    preset: 'x',
    make: (o) => makeXBlueprint({ ...o, offline: true }),
    authorize: 'https://x.com/i/oauth2/authorize',
    authorizeParams: { scope: 'tweet.read users.read offline.access', code_challenge_method: 'S256' },
    token: 'https://api.x.com/2/oauth2/token',
    revocation: 'https://api.x.com/2/oauth2/revoke',
    clientAuth: 'basic',
    refreshes: true,
    tokenResponse: standard({ expires_in: 7200, scope: 'tweet.read users.read offline.access' }, 'bearer'),
    api: get('https://api.x.com/2/users/me', 'users/me'),
  },
  {
    name: 'bitbucket',
    preset: 'bitbucket',
    make: (o) => makeBitbucketBlueprint(o),
    authorize: 'https://bitbucket.org/site/oauth2/authorize',
    token: 'https://bitbucket.org/site/oauth2/access_token',
    clientAuth: 'basic',
    refreshes: true,
    // Bitbucket names the granted scopes `scopes`.
    tokenResponse: json((t) => ({
      access_token: t.access,
      scopes: 'account',
      expires_in: 7200,
      refresh_token: t.refresh,
      token_type: 'bearer',
      state: 'authorization_code',
    })),
    api: get('https://api.bitbucket.org/2.0/user', 'user'),
  },
  {
    name: 'notion',
    preset: 'notion',
    make: (o) => makeNotionBlueprint(o),
    authorize: 'https://api.notion.com/v1/oauth/authorize',
    authorizeParams: { owner: 'user' },
    token: 'https://api.notion.com/v1/oauth/token',
    // POST /v1/oauth/revoke: HTTP Basic, `Notion-Version`, a JSON `{ token }`; the latest version is
    // 2025-09-03 (https://developers.notion.com/reference/revoke-token, checked 2026-12-05).
    revocation: 'https://api.notion.com/v1/oauth/revoke',
    revocationParams: 'json',
    revocationHeaders: { 'notion-version': '2025-09-03' },
    clientAuth: 'basic',
    // Tokens refresh at the token endpoint and the refresh token rotates (the stand-in spends it).
    refreshes: true,
    tokenResponse: json((t) => ({
      access_token: t.access,
      refresh_token: t.refresh,
      token_type: 'bearer',
      bot_id: 'b3414d659-1224',
      workspace_name: 'Acme',
      workspace_icon: null,
      workspace_id: 'j565j4d7x3-2882',
      owner: { type: 'user', user: { object: 'user', id: 'u1' } },
      duplicated_template_id: null,
      request_id: 'f3a1',
    })),
    api: get('https://api.notion.com/v1/users/me', 'users/me', {
      headers: { 'notion-version': '2025-09-03' },
    }),
  },
  {
    name: 'notion-version',
    preset: 'notion',
    make: (o) => makeNotionBlueprint({ ...o, notionVersion: '2022-06-28' }),
    authorize: 'https://api.notion.com/v1/oauth/authorize',
    token: 'https://api.notion.com/v1/oauth/token',
    clientAuth: 'basic',
    tokenResponse: json((t) => ({
      access_token: t.access,
      token_type: 'bearer',
      bot_id: 'b1',
      workspace_id: 'w1',
    })),
    api: get('https://api.notion.com/v1/users/me', 'users/me', {
      headers: { 'notion-version': '2022-06-28' },
    }),
  },
  {
    name: 'figma',
    preset: 'figma',
    make: (o) => makeFigmaBlueprint(o),
    authorize: 'https://www.figma.com/oauth',
    authorizeParams: { scope: 'current_user:read' },
    token: 'https://api.figma.com/v1/oauth/token',
    refreshUrl: 'https://api.figma.com/v1/oauth/refresh',
    clientAuth: 'either',
    refreshes: true,
    // No token_type in Figma's answer.
    tokenResponse: json((t) => ({
      user_id_string: '123',
      access_token: t.access,
      expires_in: 7776000,
      refresh_token: t.refresh,
    })),
    api: get('https://api.figma.com/v1/me', 'me'),
  },
  {
    name: 'zoom',
    preset: 'zoom',
    make: (o) => makeZoomBlueprint(o),
    authorize: 'https://zoom.us/oauth/authorize',
    token: 'https://zoom.us/oauth/token',
    // POST https://zoom.us/oauth/revoke, HTTP Basic, form `token=<access token>` (Zoom's user-level OAuth
    // starter app, https://github.com/zoom/user-level-oauth-starter/blob/main/zoomUtils.js).
    revocation: 'https://zoom.us/oauth/revoke',
    revokes: 'access',
    // A basic authorization header with the client id and secret (https://developers.zoom.us/docs/rooms/oauth/).
    clientAuth: 'basic',
    refreshes: true,
    tokenResponse: standard(
      { expires_in: 3599, scope: 'user:read', api_url: 'https://api.zoom.us' },
      'bearer',
    ),
    api: get('https://api.zoom.us/v2/users/me', 'users/me'),
  },
  {
    name: 'shopify',
    preset: 'shopify',
    make: (o) =>
      makeShopifyBlueprint({ ...o, shop: 'acme.myshopify.com', scope: ['read_products', 'write_orders'] }),
    authorize: 'https://acme.myshopify.com/admin/oauth/authorize',
    // Scopes comma-separated; client_id and client_secret in the token request's body
    // (https://github.com/Shopify/omniauth-shopify-oauth2/wiki/Shopify-OAuth).
    authorizeParams: { 'grant_options[]': null, scope: 'read_products,write_orders' },
    token: 'https://acme.myshopify.com/admin/oauth/access_token',
    // An expiring offline token is asked for with expiring=1; it lasts an hour and comes with a rotating
    // refresh token (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens).
    codeParams: { expiring: '1' },
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: json((t) => ({
      access_token: t.access,
      scope: 'read_products,write_orders',
      expires_in: 3600,
      refresh_token: t.refresh,
      refresh_token_expires_in: 7776000,
    })),
    // The GraphQL Admin API, at the current stable version (quarterly, 12 months each).
    api: post('https://acme.myshopify.com/admin/api/2026-10/graphql.json', 'graphql.json', {
      init: { json: { query: '{ shop { name } }' } },
      body: { query: '{ shop { name } }' },
      auth: { where: 'header', name: 'x-shopify-access-token' },
    }),
  },
  {
    name: 'shopify-online',
    preset: 'shopify',
    make: (o) =>
      makeShopifyBlueprint({ ...o, shop: 'Acme-2.myshopify.com', online: true, apiVersion: '2026-01' }),
    authorize: 'https://acme-2.myshopify.com/admin/oauth/authorize',
    authorizeParams: { 'grant_options[]': 'per-user' },
    token: 'https://acme-2.myshopify.com/admin/oauth/access_token',
    codeParams: { expiring: null },
    clientAuth: 'either',
    tokenResponse: json((t) => ({
      access_token: t.access,
      scope: 'read_products',
      expires_in: 86399,
      associated_user_scope: 'read_products',
      associated_user: { id: 902541635, email: 'john@example.com' },
    })),
    api: get('https://acme-2.myshopify.com/admin/api/2026-01/shop.json', 'shop.json', {
      auth: { where: 'header', name: 'x-shopify-access-token' },
    }),
  },
  {
    name: 'hubspot',
    preset: 'hubspot',
    make: (o) => makeHubspotBlueprint({ ...o, optionalScope: ['crm.objects.contacts.read'] }),
    authorize: 'https://app.hubspot.com/oauth/authorize',
    authorizeParams: { scope: 'oauth', optional_scope: 'crm.objects.contacts.read' },
    // The dated OAuth API; /oauth/v1 is sunset on 2027-02-16
    // (https://developers.hubspot.com/changelog/v1-oauth-api-deprecation). Revoke takes the refresh token
    // (https://developers.hubspot.com/docs/api-reference/latest/authentication/oauth-tokens/revoke-token).
    token: 'https://api.hubapi.com/oauth/2026-03/token',
    revocation: 'https://api.hubapi.com/oauth/2026-03/token/revoke',
    revokes: 'refresh',
    // Every parameter, client_id and client_secret too, goes in the body
    // (https://developers.hubspot.com/docs/api-reference/latest/authentication/manage-oauth-tokens).
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard({ expires_in: 1800 }, 'bearer'),
    api: get('https://api.hubapi.com/account-info/v3/details', 'account-info/v3/details'),
  },
  {
    name: 'linear',
    preset: 'linear',
    make: (o) => makeLinearBlueprint({ ...o, scope: ['read', 'write'], actor: 'app', prompt: 'consent' }),
    authorize: 'https://linear.app/oauth/authorize',
    authorizeParams: { scope: 'read,write', actor: 'app', prompt: 'consent' },
    token: 'https://api.linear.app/oauth/token',
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard({ expires_in: 86399, scope: ['read', 'write'] }),
    api: post('https://api.linear.app/graphql', 'graphql', {
      init: { json: { query: '{ viewer { id } }' } },
    }),
  },
  {
    name: 'patreon',
    preset: 'patreon',
    make: (o) => makePatreonBlueprint(o),
    authorize: 'https://www.patreon.com/oauth2/authorize',
    scopes: ['identity', 'identity[email]'],
    token: 'https://www.patreon.com/api/oauth2/token',
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard({ expires_in: 2678400, scope: 'identity identity[email]', version: '0.0.1' }),
    api: get('https://www.patreon.com/api/oauth2/v2/identity', 'identity'),
  },
  {
    name: 'yahoo',
    preset: 'yahoo',
    make: (o) => makeYahooBlueprint(o),
    authorize: 'https://api.login.yahoo.com/oauth2/request_auth',
    token: 'https://api.login.yahoo.com/oauth2/get_token',
    clientAuth: 'either',
    refreshes: true,
    tokenResponse: standard({ xoauth_yahoo_guid: 'JT4FACLQZI2OCE', id_token: junkIdToken }, 'bearer'),
    api: get('https://api.login.yahoo.com/openid/v1/userinfo', 'openid/v1/userinfo'),
  },
  {
    name: 'amazon',
    preset: 'amazon',
    make: (o) => makeAmazonBlueprint(o),
    authorize: 'https://www.amazon.com/ap/oa',
    authorizeParams: { scope: 'profile' },
    token: 'https://api.amazon.com/auth/o2/token',
    // Login with Amazon takes the secret in the body or an Authorization header of client_id:client_secret.
    clientAuth: 'either',
    refreshes: true,
    tokenResponse: standard({}, 'bearer'),
    api: get('https://api.amazon.com/user/profile', 'user/profile'),
  },
  {
    name: 'amazon-eu',
    preset: 'amazon',
    make: (o) => makeAmazonBlueprint({ ...o, region: 'eu' }),
    authorize: 'https://www.amazon.com/ap/oa',
    token: 'https://api.amazon.co.uk/auth/o2/token',
    clientAuth: 'either',
    tokenResponse: standard({}, 'bearer'),
    api: get('https://api.amazon.co.uk/user/profile', 'user/profile'),
  },
  {
    name: 'paypal',
    preset: 'paypal',
    make: (o) => makePaypalBlueprint(o),
    authorize: 'https://www.paypal.com/signin/authorize',
    token: 'https://api-m.paypal.com/v1/oauth2/token',
    clientAuth: 'either',
    refreshes: true,
    tokenResponse: standard({ expires_in: 28800, nonce: '2016-08-16T18:33:18Z', id_token: junkIdToken }),
    api: get(
      'https://api-m.paypal.com/v1/identity/openidconnect/userinfo',
      'v1/identity/openidconnect/userinfo',
      {
        init: { query: { schema: 'openid' } },
      },
    ),
  },
  {
    name: 'paypal-sandbox',
    preset: 'paypal',
    make: (o) => makePaypalBlueprint({ ...o, sandbox: true }),
    authorize: 'https://www.sandbox.paypal.com/signin/authorize',
    token: 'https://api-m.sandbox.paypal.com/v1/oauth2/token',
    clientAuth: 'either',
    tokenResponse: standard({ id_token: junkIdToken }),
    api: get(
      'https://api-m.sandbox.paypal.com/v1/identity/openidconnect/userinfo',
      'v1/identity/openidconnect/userinfo',
    ),
  },
  {
    name: 'box',
    preset: 'box',
    make: (o) => makeBoxBlueprint(o),
    authorize: 'https://account.box.com/api/oauth2/authorize',
    token: 'https://api.box.com/oauth2/token',
    revocation: 'https://api.box.com/oauth2/revoke',
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard({ restricted_to: [] }, 'bearer'),
    api: get('https://api.box.com/2.0/users/me', 'users/me'),
  },
  {
    name: 'mailchimp',
    preset: 'mailchimp',
    make: (o) => makeMailchimpBlueprint(o),
    authorize: 'https://login.mailchimp.com/oauth2/authorize',
    token: 'https://login.mailchimp.com/oauth2/token',
    clientAuth: 'post',
    // Tokens never expire, and Mailchimp says so with 0 and a null scope.
    tokenResponse: json((t) => ({ access_token: t.access, expires_in: 0, scope: null })),
    api: get('https://login.mailchimp.com/oauth2/metadata', 'metadata', {
      auth: { where: 'header', name: 'authorization', prefix: 'OAuth ' },
    }),
  },
  {
    name: 'mailchimp-dc',
    preset: 'mailchimp',
    make: (o) => makeMailchimpBlueprint({ ...o, dataCenter: 'us6' }),
    authorize: 'https://login.mailchimp.com/oauth2/authorize',
    token: 'https://login.mailchimp.com/oauth2/token',
    clientAuth: 'post',
    tokenResponse: json((t) => ({ access_token: t.access, expires_in: 0, scope: null })),
    api: get('https://us6.api.mailchimp.com/3.0/ping', 'ping', {
      auth: { where: 'header', name: 'authorization', prefix: 'OAuth ' },
    }),
  },
  {
    name: 'instagram',
    preset: 'instagram',
    make: (o) => makeInstagramBlueprint(o),
    authorize: 'https://www.instagram.com/oauth/authorize',
    authorizeParams: { scope: 'instagram_business_basic' },
    token: 'https://api.instagram.com/oauth/access_token',
    clientAuth: 'either',
    // The short-lived token is wrapped in data[0], with no token_type.
    tokenResponse: json((t) => ({
      data: [
        { access_token: t.access, user_id: '17841405793187218', permissions: 'instagram_business_basic' },
      ],
    })),
    api: get('https://graph.instagram.com/me', 'me', { init: { query: { fields: 'user_id,username' } } }),
  },
  {
    // The flat shape the reference page of the same endpoint shows; the preset reads both.
    name: 'instagram-flat',
    preset: 'instagram',
    make: (o) => makeInstagramBlueprint(o),
    authorize: 'https://www.instagram.com/oauth/authorize',
    token: 'https://api.instagram.com/oauth/access_token',
    clientAuth: 'either',
    tokenResponse: json((t) => ({ access_token: t.access, user_id: 17841405793187218 })),
    api: get('https://graph.instagram.com/me', 'me'),
  },
  {
    name: 'tiktok',
    preset: 'tiktok',
    make: (o) => makeTiktokBlueprint({ ...o, scope: ['user.info.basic', 'video.list'] }),
    authorize: 'https://www.tiktok.com/v2/auth/authorize/',
    authorizeParams: { scope: 'user.info.basic,video.list', client_id: null, code_challenge: null },
    token: 'https://open.tiktokapis.com/v2/oauth/token/',
    // client_key, client_secret and the user access token in a form body
    // (https://developers.tiktok.com/docs/en/oauth-revoke-a-user-access-token).
    revocation: 'https://open.tiktokapis.com/v2/oauth/revoke/',
    revokes: 'access',
    clientAuth: 'post',
    clientIdParam: 'client_key',
    refreshes: true,
    tokenResponse: standard({
      expires_in: 86400,
      open_id: 'afd97af1-b87b-48b9-ac98-410aghda5344',
      refresh_expires_in: 31536000,
      scope: 'user.info.basic,video.list',
    }),
    tokenError: () => ({
      status: 200,
      body: {
        error: 'invalid_grant',
        error_description: 'Authorization code is expired.',
        log_id: '2023052',
      },
    }),
    api: get('https://open.tiktokapis.com/v2/user/info/', 'user/info/', {
      init: { query: { fields: 'open_id' } },
    }),
  },
  {
    name: 'pinterest',
    preset: 'pinterest',
    make: (o) => makePinterestBlueprint({ ...o, scope: ['user_accounts:read', 'boards:read'] }),
    authorize: 'https://www.pinterest.com/oauth/',
    // Comma-separated, as Pinterest's own quickstart joins them.
    authorizeParams: { scope: 'user_accounts:read,boards:read' },
    token: 'https://api.pinterest.com/v5/oauth/token',
    clientAuth: 'basic',
    refreshes: true,
    tokenResponse: standard(
      {
        response_type: 'authorization_code',
        expires_in: 2592000,
        refresh_token_expires_in: 31536000,
        scope: 'user_accounts:read boards:read',
      },
      'bearer',
    ),
    api: get('https://api.pinterest.com/v5/user_account', 'user_account'),
  },
  {
    // Apps activated before 2025-09-25 ask for continuous refresh tokens with continuous_refresh=true.
    name: 'pinterest-continuous',
    preset: 'pinterest',
    make: (o) => makePinterestBlueprint({ ...o, continuousRefresh: true }),
    authorize: 'https://www.pinterest.com/oauth/',
    token: 'https://api.pinterest.com/v5/oauth/token',
    tokenParams: { continuous_refresh: 'true' },
    clientAuth: 'basic',
    refreshes: true,
    tokenResponse: standard({ expires_in: 2592000, scope: 'user_accounts:read' }, 'bearer'),
    api: get('https://api.pinterest.com/v5/user_account', 'user_account'),
  },
  {
    name: 'yandex',
    preset: 'yandex',
    make: (o) => makeYandexBlueprint({ ...o, forceConfirm: true }),
    authorize: 'https://oauth.yandex.com/authorize',
    authorizeParams: { force_confirm: 'yes' },
    token: 'https://oauth.yandex.com/token',
    clientAuth: 'either',
    refreshes: true,
    tokenResponse: standard({ expires_in: 31536000 }, 'bearer'),
    api: get('https://login.yandex.ru/info', 'info', {
      init: { query: { format: 'json' } },
      auth: { where: 'header', name: 'authorization', prefix: 'OAuth ' },
    }),
  },
  {
    name: 'kakao',
    preset: 'kakao',
    make: (o) => makeKakaoBlueprint({ ...o, prompt: 'login', scope: ['openid', 'profile_nickname'] }),
    authorize: 'https://kauth.kakao.com/oauth/authorize',
    // Space-separated, as Kakao's own SDKs join them.
    authorizeParams: { prompt: 'login', scope: 'openid profile_nickname' },
    token: 'https://kauth.kakao.com/oauth/token',
    clientAuth: 'either',
    refreshes: true,
    tokenResponse: standard(
      {
        id_token: junkIdToken,
        expires_in: 21599,
        refresh_token_expires_in: 5183999,
        scope: 'openid profile_nickname',
      },
      'bearer',
    ),
    api: get('https://kapi.kakao.com/v2/user/me', 'v2/user/me'),
  },
  {
    name: 'naver',
    preset: 'naver',
    make: (o) => makeNaverBlueprint(o),
    authorize: 'https://nid.naver.com/oauth2.0/authorize',
    token: 'https://nid.naver.com/oauth2.0/token',
    // "Token Revocation": POST /oauth2.0/revoke with client_id, client_secret and token, RFC 7009
    // (https://developers.naver.com/docs/login/devguide/devguide.md, §4.3).
    revocation: 'https://nid.naver.com/oauth2.0/revoke',
    // client_id and client_secret are request parameters of every token call; HTTP Basic is never named.
    clientAuth: 'post',
    refreshes: true,
    // expires_in is a string; errors come with HTTP 200.
    tokenResponse: json((t) => ({
      access_token: t.access,
      refresh_token: t.refresh,
      token_type: 'bearer',
      expires_in: '3600',
    })),
    tokenError: () => ({
      status: 200,
      body: { error: 'invalid_request', error_description: 'no valid data in session' },
    }),
    api: get('https://openapi.naver.com/v1/nid/me', 'v1/nid/me'),
  },
  {
    name: 'line',
    preset: 'line',
    make: (o) => makeLineBlueprint({ ...o, botPrompt: 'aggressive', prompt: 'consent' }),
    authorize: 'https://access.line.me/oauth2/v2.1/authorize',
    authorizeParams: { bot_prompt: 'aggressive', prompt: 'consent', scope: 'profile' },
    token: 'https://api.line.me/oauth2/v2.1/token',
    // client_id and client_secret in the form body (https://developers.line.biz/ja/docs/line-login/integrate-line-login/).
    clientAuth: 'post',
    // Logout revokes the access token, read as `access_token` next to the channel id and secret
    // (https://developers.line.biz/en/docs/social-api/logging-out-users/).
    revocation: 'https://api.line.me/oauth2/v2.1/revoke',
    revocationTokenParam: 'access_token',
    revokes: 'access',
    refreshes: true,
    tokenResponse: standard({ expires_in: 2592000, id_token: junkIdToken, scope: 'profile' }),
    api: get('https://api.line.me/v2/profile', 'profile'),
  },
  {
    name: 'gitea',
    preset: 'gitea',
    make: (o) => makeGiteaBlueprint(o),
    authorize: 'https://gitea.com/login/oauth/authorize',
    token: 'https://gitea.com/login/oauth/access_token',
    // Gitea documents client_id and client_secret in the (JSON or form) body, and never HTTP Basic.
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard({}, 'bearer'),
    api: get('https://gitea.com/api/v1/user', 'user'),
  },
  {
    name: 'gitea-self-hosted',
    preset: 'gitea',
    make: (o) => makeGiteaBlueprint({ ...o, hostname: 'git.example.com:3000' }),
    authorize: 'https://git.example.com:3000/login/oauth/authorize',
    token: 'https://git.example.com:3000/login/oauth/access_token',
    clientAuth: 'post',
    tokenResponse: standard({}, 'bearer'),
    api: get('https://git.example.com:3000/api/v1/user', 'user'),
  },
  {
    name: 'asana',
    preset: 'asana',
    make: (o) => makeAsanaBlueprint(o),
    authorize: 'https://app.asana.com/-/oauth_authorize',
    token: 'https://app.asana.com/-/oauth_token',
    revocation: 'https://app.asana.com/-/oauth_revoke',
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard(
      { data: { id: 4673218951, gid: '4673218951', name: 'Greg Sanchez', email: 'g@example.com' } },
      'bearer',
    ),
    api: get('https://app.asana.com/api/1.0/users/me', 'users/me'),
  },
  {
    name: 'clickup',
    preset: 'clickup',
    make: (o) => makeClickupBlueprint(o),
    authorize: 'https://app.clickup.com/api',
    token: 'https://api.clickup.com/api/v2/oauth/token',
    tokenParamsInQuery: true,
    clientAuth: 'either',
    tokenResponse: json((t) => ({ access_token: t.access })),
    // The bare token in Authorization, no scheme.
    api: get('https://api.clickup.com/api/v2/user', 'user', {
      auth: { where: 'header', name: 'authorization' },
    }),
  },
  {
    name: 'miro',
    preset: 'miro',
    make: (o) => makeMiroBlueprint(o),
    authorize: 'https://miro.com/oauth/authorize',
    token: 'https://api.miro.com/v1/oauth/token',
    clientAuth: 'post',
    // POST /v1/oauth/revoke?access_token=… (https://developers.miro.com/v1.0/reference/revoke-token).
    revocation: 'https://api.miro.com/v1/oauth/revoke',
    revocationParams: 'query',
    revocationTokenParam: 'access_token',
    revokes: 'access',
    refreshes: true,
    tokenResponse: standard(
      {
        user_id: '3458764517517852417',
        team_id: '3458764517517819001',
        scope: 'boards:read',
        expires_in: 3599,
      },
      'bearer',
    ),
    api: get('https://api.miro.com/v2/boards', 'boards'),
  },
  {
    name: 'webex',
    preset: 'webex',
    make: (o) => makeWebexBlueprint(o),
    authorize: 'https://webexapis.com/v1/authorize',
    authorizeParams: { scope: 'spark:people_read' },
    token: 'https://webexapis.com/v1/access_token',
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard({ expires_in: 1209600, refresh_token_expires_in: 7776000 }),
    api: get('https://webexapis.com/v1/people/me', 'people/me'),
  },
  {
    name: 'osu',
    preset: 'osu',
    make: (o) => makeOsuBlueprint(o),
    authorize: 'https://osu.ppy.sh/oauth/authorize',
    authorizeParams: { scope: 'identify' },
    token: 'https://osu.ppy.sh/oauth/token',
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard({ expires_in: 86400 }),
    api: get('https://osu.ppy.sh/api/v2/me', 'me'),
  },
  {
    name: 'battlenet',
    preset: 'battlenet',
    make: (o) => makeBattlenetBlueprint(o),
    authorize: 'https://oauth.battle.net/authorize',
    authorizeParams: { scope: 'openid' },
    token: 'https://oauth.battle.net/token',
    clientAuth: 'either',
    tokenResponse: json((t) => ({
      access_token: t.access,
      token_type: 'bearer',
      expires_in: 86399,
      scope: 'openid',
      sub: '100',
      id_token: junkIdToken,
    })),
    api: get('https://oauth.battle.net/userinfo', 'https://oauth.battle.net/userinfo'),
  },
  {
    name: 'battlenet-eu',
    preset: 'battlenet',
    make: (o) => makeBattlenetBlueprint({ ...o, region: 'eu' }),
    authorize: 'https://oauth.battle.net/authorize',
    token: 'https://oauth.battle.net/token',
    clientAuth: 'either',
    tokenResponse: json((t) => ({ access_token: t.access, token_type: 'bearer', expires_in: 86399 })),
    api: get('https://eu.api.blizzard.com/profile/user/wow', 'profile/user/wow', {
      init: { query: { namespace: 'profile-eu' } },
    }),
  },
  {
    name: 'wordpress',
    preset: 'wordpress',
    make: (o) => makeWordpressBlueprint({ ...o, blog: 'example.wordpress.com' }),
    authorize: 'https://public-api.wordpress.com/oauth2/authorize',
    authorizeParams: { blog: 'example.wordpress.com' },
    token: 'https://public-api.wordpress.com/oauth2/token',
    clientAuth: 'post',
    tokenResponse: json((t) => ({
      access_token: t.access,
      blog_id: '12345',
      blog_url: 'https://example.wordpress.com',
      token_type: 'bearer',
    })),
    api: get('https://public-api.wordpress.com/rest/v1.1/me', 'me'),
  },
  {
    name: 'vimeo',
    preset: 'vimeo',
    make: (o) => makeVimeoBlueprint(o),
    authorize: 'https://api.vimeo.com/oauth/authorize',
    authorizeParams: { scope: 'public' },
    token: 'https://api.vimeo.com/oauth/access_token',
    // Vimeo's Node SDK authenticates the code exchange with HTTP Basic (lib/vimeo.js).
    clientAuth: 'basic',
    tokenResponse: json((t) => ({
      access_token: t.access,
      token_type: 'bearer',
      scope: 'public',
      app: { name: 'Test', uri: '/apps/1' },
      user: { uri: '/users/1', name: 'Tester' },
    })),
    api: get('https://api.vimeo.com/me', 'me', {
      headers: { accept: 'application/vnd.vimeo.*+json;version=3.4' },
    }),
  },
  {
    name: 'withings',
    preset: 'withings',
    make: (o) => makeWithingsBlueprint({ ...o, scope: ['user.info', 'user.metrics'] }),
    authorize: 'https://account.withings.com/oauth2_user/authorize2',
    // Withings' OAuth 2 sample joins scopes with commas and posts the secret with the code.
    authorizeParams: { scope: 'user.info,user.metrics' },
    token: 'https://wbsapi.withings.net/v2/oauth2',
    tokenParams: { action: 'requesttoken' },
    clientAuth: 'post',
    refreshes: true,
    // Wrapped in { status, body }; errors are HTTP 200 with a non-zero status.
    tokenResponse: json((t) => ({
      status: 0,
      body: {
        userid: '363',
        access_token: t.access,
        refresh_token: t.refresh,
        expires_in: 10800,
        scope: 'user.info,user.metrics',
        csrf_token: 'PACnnxwHTaBQOzF7bQqwFUUotIuvtzSM',
        token_type: 'Bearer',
      },
    })),
    tokenError: () => ({
      status: 200,
      body: { status: 503, body: {}, error: 'Invalid Params: invalid code' },
    }),
    api: post('https://wbsapi.withings.net/v2/user', 'v2/user', { init: { form: { action: 'getdevice' } } }),
  },
  {
    name: 'trakt',
    preset: 'trakt',
    make: (o) => makeTraktBlueprint(o),
    authorize: 'https://trakt.tv/oauth/authorize',
    token: 'https://api.trakt.tv/oauth/token',
    revocation: 'https://api.trakt.tv/oauth/revoke',
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard({ expires_in: 7200, scope: 'public', created_at: 1487889741 }, 'bearer'),
    api: get('https://api.trakt.tv/users/settings', 'users/settings', {
      headers: { 'trakt-api-version': '2', 'trakt-api-key': '{client_id}' },
    }),
  },
  {
    name: 'coinbase',
    preset: 'coinbase',
    make: (o) =>
      makeCoinbaseBlueprint({ ...o, scope: ['wallet:user:read', 'wallet:accounts:read'], offline: true }),
    authorize: 'https://login.coinbase.com/oauth2/auth',
    // "Comma separated list of permissions" (Coinbase App OAuth2 reference, Authorize).
    authorizeParams: { scope: 'wallet:user:read,wallet:accounts:read,offline_access' },
    token: 'https://login.coinbase.com/oauth2/token',
    revocation: 'https://login.coinbase.com/oauth2/revoke',
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard({ scope: 'wallet:user:read wallet:accounts:read offline_access' }, 'bearer'),
    api: get('https://api.coinbase.com/v2/user', 'user'),
  },
  {
    name: 'intuit',
    preset: 'intuit',
    make: (o) => makeIntuitBlueprint(o),
    authorize: 'https://appcenter.intuit.com/connect/oauth2',
    authorizeParams: { scope: 'com.intuit.quickbooks.accounting' },
    token: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
    // HTTP Basic at the token and revocation endpoints; revocation reads `{ token }` as JSON
    // (https://github.com/intuit/oauth-jsclient/blob/master/src/OAuthClient.js).
    revocation: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
    revocationParams: 'json',
    clientAuth: 'basic',
    refreshes: true,
    callbackExtras: { realmId: '123145726733124' },
    tokenResponse: standard({ x_refresh_token_expires_in: 8726400 }, 'bearer'),
    api: get(
      'https://quickbooks.api.intuit.com/v3/company/123145726733124/companyinfo/123145726733124',
      'company/123145726733124/companyinfo/123145726733124',
      { headers: { accept: 'application/json' } },
    ),
  },
  {
    name: 'intuit-sandbox',
    preset: 'intuit',
    make: (o) => makeIntuitBlueprint({ ...o, sandbox: true }),
    authorize: 'https://appcenter.intuit.com/connect/oauth2',
    token: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
    clientAuth: 'either',
    tokenResponse: standard({}, 'bearer'),
    api: get(
      'https://sandbox-quickbooks.api.intuit.com/v3/company/1/companyinfo/1',
      'company/1/companyinfo/1',
    ),
  },
  {
    name: 'xero',
    preset: 'xero',
    make: (o) => makeXeroBlueprint({ ...o, offline: true }),
    authorize: 'https://login.xero.com/identity/connect/authorize',
    // Space-separated (https://github.com/XeroAPI/xero-python/blob/master/xero_python/api_client/oauth2.py).
    authorizeParams: { scope: 'accounting.settings.read offline_access', code_challenge_method: 'S256' },
    token: 'https://identity.xero.com/connect/token',
    revocation: 'https://identity.xero.com/connect/revocation',
    clientAuth: 'either',
    refreshes: true,
    tokenResponse: standard({ expires_in: 1800, scope: 'accounting.settings.read offline_access' }),
    api: get('https://api.xero.com/connections', 'connections'),
  },
  {
    name: 'stripe',
    preset: 'stripe',
    make: (o) => makeStripeBlueprint(o),
    authorize: 'https://connect.stripe.com/oauth/authorize',
    authorizeParams: { scope: 'read_write' },
    token: 'https://connect.stripe.com/oauth/token',
    clientAuth: 'either',
    refreshes: true,
    tokenResponse: json((t) => ({
      access_token: t.access,
      livemode: false,
      refresh_token: t.refresh,
      token_type: 'bearer',
      stripe_publishable_key: 'pk_test_x',
      stripe_user_id: 'acct_1032D82eZvKYlo2C',
      scope: 'read_write',
    })),
    api: get('https://api.stripe.com/v1/account', 'account'),
  },
  {
    name: 'soundcloud',
    preset: 'soundcloud',
    make: (o) => makeSoundcloudBlueprint(o),
    authorize: 'https://secure.soundcloud.com/authorize',
    // Authorization Code with PKCE, S256 (SoundCloud's api repository, soundcloud-api-auth notes).
    authorizeParams: { code_challenge_method: 'S256' },
    token: 'https://secure.soundcloud.com/oauth/token',
    clientAuth: 'either',
    refreshes: true,
    tokenResponse: standard({ expires_in: 3599, scope: '' }, 'bearer'),
    api: get('https://api.soundcloud.com/me', 'me', {
      auth: { where: 'header', name: 'authorization', prefix: 'OAuth ' },
    }),
  },
  {
    name: 'mastodon',
    preset: 'mastodon',
    make: (o) => makeMastodonBlueprint(o),
    authorize: 'https://mastodon.social/oauth/authorize',
    authorizeParams: { scope: 'read:accounts' },
    token: 'https://mastodon.social/oauth/token',
    revocation: 'https://mastodon.social/oauth/revoke',
    clientAuth: 'post',
    tokenResponse: json((t) => ({
      access_token: t.access,
      token_type: 'Bearer',
      scope: 'read:accounts',
      created_at: 1573979017,
    })),
    api: get('https://mastodon.social/api/v1/accounts/verify_credentials', 'v1/accounts/verify_credentials'),
  },
  {
    name: 'mastodon-instance',
    preset: 'mastodon',
    make: (o) => makeMastodonBlueprint({ ...o, hostname: 'fosstodon.org' }),
    authorize: 'https://fosstodon.org/oauth/authorize',
    token: 'https://fosstodon.org/oauth/token',
    revocation: 'https://fosstodon.org/oauth/revoke',
    clientAuth: 'post',
    tokenResponse: json((t) => ({ access_token: t.access, token_type: 'Bearer', scope: 'read:accounts' })),
    api: get('https://fosstodon.org/api/v1/accounts/verify_credentials', 'v1/accounts/verify_credentials'),
  },
  {
    name: 'etsy',
    preset: 'etsy',
    make: (o) => makeEtsyBlueprint(o),
    authorize: 'https://www.etsy.com/oauth/connect',
    authorizeParams: { scope: 'email_r', code_challenge_method: 'S256' },
    token: 'https://api.etsy.com/v3/public/oauth/token',
    clientAuth: 'none',
    refreshes: true,
    tokenResponse: standard(),
    api: get('https://api.etsy.com/v3/application/users/me', 'users/me', {
      // The keystring and the shared secret, mandatory since February 2026.
      headers: { 'x-api-key': 'cid-etsy:secret-etsy' },
    }),
  },
  {
    name: 'todoist',
    preset: 'todoist',
    make: (o) => makeTodoistBlueprint({ ...o, scope: ['data:read', 'task:add'] }),
    authorize: 'https://todoist.com/oauth/authorize',
    // Todoist's SDK joins scopes with commas and posts the secret with the code.
    authorizeParams: { scope: 'data:read,task:add' },
    token: 'https://todoist.com/oauth/access_token',
    clientAuth: 'post',
    // RFC 7009 revocation with HTTP Basic client authentication (Todoist's SDK, src/authentication.ts).
    revocation: 'https://api.todoist.com/api/v1/revoke',
    revocationClientAuth: 'basic',
    tokenResponse: json((t) => ({ access_token: t.access, token_type: 'Bearer' })),
    api: get('https://api.todoist.com/api/v1/projects', 'projects'),
  },
  {
    name: 'tumblr',
    preset: 'tumblr',
    make: (o) => makeTumblrBlueprint({ ...o, offline: true }),
    authorize: 'https://www.tumblr.com/oauth2/authorize',
    authorizeParams: { scope: 'basic offline_access' },
    token: 'https://api.tumblr.com/v2/oauth2/token',
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard({ expires_in: 2520, scope: 'basic offline_access' }, 'bearer'),
    api: get('https://api.tumblr.com/v2/user/info', 'user/info'),
  },
  // Presets added to reach the 100-preset catalogue; each written from the provider's own pages.
  {
    name: 'kick',
    preset: 'kick',
    make: (o) => makeKickBlueprint(o),
    authorize: 'https://id.kick.com/oauth/authorize',
    authorizeParams: { scope: 'user:read', code_challenge_method: 'S256' },
    token: 'https://id.kick.com/oauth/token',
    // POST /oauth/revoke?token=… (KickDevDocs getting-started/generating-tokens-oauth2-flow.md).
    revocation: 'https://id.kick.com/oauth/revoke',
    revocationParams: 'query',
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard({ expires_in: 7200, scope: 'user:read' }),
    api: get('https://api.kick.com/public/v1/users', 'users'),
  },
  {
    name: 'calendly',
    preset: 'calendly',
    make: (o) => makeCalendlyBlueprint(o),
    authorize: 'https://auth.calendly.com/oauth/authorize',
    authorizeParams: { scope: 'users:read' },
    token: 'https://auth.calendly.com/oauth/token',
    // Web clients authenticate with HTTP Basic at the token endpoint, but the revocation endpoint
    // documents client_id and client_secret in its form body.
    clientAuth: 'basic',
    revocation: 'https://auth.calendly.com/oauth/revoke',
    revocationClientAuth: 'post',
    refreshes: true,
    // Access tokens last two hours.
    tokenResponse: standard({ expires_in: 7200 }),
    api: get('https://api.calendly.com/users/me', 'users/me'),
  },
  {
    name: 'vk',
    preset: 'vk',
    make: (o) => makeVkBlueprint({ ...o, clientSecret: undefined }),
    authorize: 'https://id.vk.com/authorize',
    authorizeParams: { scope: 'vkid.personal_info', code_challenge_method: 'S256' },
    token: 'https://id.vk.com/oauth2/auth',
    // A public client: PKCE, no secret (VK's own SDK sends none).
    clientAuth: 'none',
    // The callback carries device_id next to the code; the token endpoint wants it, and the state,
    // back with the code exchange and with every refresh.
    callbackExtras: { device_id: 'vk-device-7f3a' },
    tokenParams: { device_id: 'vk-device-7f3a' },
    stateInTokenRequests: true,
    // oauth2/logout reads the access token as `access_token`.
    revocation: 'https://id.vk.com/oauth2/logout',
    revocationTokenParam: 'access_token',
    revokes: 'access',
    refreshes: true,
    tokenResponse: json((t) => ({
      access_token: t.access,
      refresh_token: t.refresh,
      id_token: junkIdToken,
      token_type: 'Bearer',
      expires_in: 3600,
      user_id: 1234567890,
      scope: 'vkid.personal_info',
    })),
    api: get('https://api.vk.com/method/users.get', 'users.get', { init: { query: { v: '5.199' } } }),
  },
  {
    name: 'mixcloud',
    preset: 'mixcloud',
    make: (o) => makeMixcloudBlueprint(o),
    authorize: 'https://www.mixcloud.com/oauth/authorize',
    authorizeParams: { scope: null },
    token: 'https://www.mixcloud.com/oauth/access_token',
    clientAuth: 'either',
    // Only the token: no token_type, no expiry, no refresh token.
    tokenResponse: json((t) => ({ access_token: t.access })),
    api: get('https://api.mixcloud.com/me/', 'me/', { auth: { where: 'query', name: 'access_token' } }),
  },
  {
    name: 'deezer',
    preset: 'deezer',
    make: (o) => makeDeezerBlueprint(o),
    authorize: 'https://connect.deezer.com/oauth/auth.php',
    clientIdParam: 'app_id',
    authorizeParams: { perms: 'basic_access', scope: null },
    token: 'https://connect.deezer.com/oauth/access_token.php',
    clientAuth: 'either',
    clientSecretParam: 'secret',
    // A form-encoded answer with `expires`, labelled as HTML.
    tokenResponse: (t) => ({ body: `access_token=${t.access}&expires=3600`, contentType: 'text/html' }),
    tokenLifetime: 3600,
    api: get('https://api.deezer.com/user/me', 'user/me', { auth: { where: 'query', name: 'access_token' } }),
  },
  {
    name: 'deezer-offline',
    preset: 'deezer',
    make: (o) => makeDeezerBlueprint({ ...o, offline: true, scope: ['basic_access', 'email'] }),
    authorize: 'https://connect.deezer.com/oauth/auth.php',
    clientIdParam: 'app_id',
    authorizeParams: { perms: 'basic_access,email,offline_access' },
    token: 'https://connect.deezer.com/oauth/access_token.php',
    clientAuth: 'either',
    clientSecretParam: 'secret',
    // offline_access: expires=0, a token that never expires (the dance checks it is not read as expired).
    tokenResponse: (t) => ({ body: `access_token=${t.access}&expires=0`, contentType: 'text/html' }),
    tokenLifetime: 'never',
    api: get('https://api.deezer.com/user/me', 'user/me', { auth: { where: 'query', name: 'access_token' } }),
  },
  {
    name: 'basecamp',
    preset: 'basecamp',
    make: (o) => makeBasecampBlueprint(o),
    authorize: 'https://launchpad.37signals.com/authorization/new',
    authorizeParams: { scope: null },
    token: 'https://launchpad.37signals.com/authorization/token',
    clientAuth: 'post',
    refreshes: true,
    // Two-week access tokens with a refresh token.
    tokenResponse: standard({ expires_in: 1209600 }),
    api: get('https://launchpad.37signals.com/authorization.json', 'authorization.json'),
  },
  {
    name: 'airtable',
    preset: 'airtable',
    make: (o) => makeAirtableBlueprint(o),
    authorize: 'https://airtable.com/oauth2/v1/authorize',
    authorizeParams: { scope: 'user.email:read', code_challenge_method: 'S256' },
    token: 'https://airtable.com/oauth2/v1/token',
    // With a client secret, HTTP Basic.
    clientAuth: 'basic',
    refreshes: true,
    tokenResponse: standard({ scope: 'user.email:read', refresh_expires_in: 5184000 }),
    api: get('https://api.airtable.com/v0/meta/whoami', 'v0/meta/whoami'),
  },
  {
    name: 'airtable-public',
    preset: 'airtable',
    make: (o) => makeAirtableBlueprint({ ...o, clientSecret: undefined, clientAuth: 'none' }),
    authorize: 'https://airtable.com/oauth2/v1/authorize',
    authorizeParams: { code_challenge_method: 'S256' },
    token: 'https://airtable.com/oauth2/v1/token',
    // Registered without a secret: client_id in the body, no Authorization header.
    clientAuth: 'none',
    tokenResponse: standard({ scope: 'user.email:read' }),
    api: get('https://api.airtable.com/v0/meta/whoami', 'v0/meta/whoami'),
  },
  {
    name: 'typeform',
    preset: 'typeform',
    make: (o) => makeTypeformBlueprint({ ...o, offline: true }),
    authorize: 'https://api.typeform.com/oauth/authorize',
    // The offline scope brings the refresh token.
    authorizeParams: { scope: 'accounts:read offline' },
    token: 'https://api.typeform.com/oauth/token',
    clientAuth: 'either',
    refreshes: true,
    tokenResponse: standard({ expires_in: 604800 }, 'bearer'),
    api: get('https://api.typeform.com/me', 'me'),
  },
  {
    name: 'docusign',
    preset: 'docusign',
    make: (o) => makeDocusignBlueprint(o),
    authorize: 'https://account.docusign.com/oauth/auth',
    authorizeParams: { scope: 'signature' },
    token: 'https://account.docusign.com/oauth/token',
    clientAuth: 'basic',
    refreshes: true,
    tokenResponse: standard({ expires_in: 28800 }),
    api: get('https://account.docusign.com/oauth/userinfo', 'oauth/userinfo'),
  },
  {
    name: 'docusign-developer',
    preset: 'docusign',
    make: (o) => makeDocusignBlueprint({ ...o, developer: true }),
    authorize: 'https://account-d.docusign.com/oauth/auth',
    token: 'https://account-d.docusign.com/oauth/token',
    clientAuth: 'basic',
    tokenResponse: standard({ expires_in: 28800 }),
    api: get('https://account-d.docusign.com/oauth/userinfo', 'oauth/userinfo'),
  },
  {
    name: 'canva',
    preset: 'canva',
    make: (o) => makeCanvaBlueprint(o),
    authorize: 'https://www.canva.com/api/oauth/authorize',
    authorizeParams: { scope: 'profile:read', code_challenge_method: 'S256' },
    token: 'https://api.canva.com/rest/v1/oauth/token',
    clientAuth: 'basic',
    revocation: 'https://api.canva.com/rest/v1/oauth/revoke',
    refreshes: true,
    // Access tokens last four hours.
    tokenResponse: standard({ expires_in: 14400, scope: 'profile:read' }),
    api: get('https://api.canva.com/rest/v1/users/me', 'users/me'),
  },
  {
    name: 'zendesk',
    preset: 'zendesk',
    make: (o) => makeZendeskBlueprint({ ...o, subdomain: 'acme' }),
    authorize: 'https://acme.zendesk.com/oauth/authorizations/new',
    authorizeParams: { scope: 'read', code_challenge_method: 'S256' },
    token: 'https://acme.zendesk.com/oauth/tokens',
    // The parameters, secret included, "must be formatted as JSON".
    tokenRequestJson: true,
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard({ scope: 'read', refresh_token_expires_in: 2592000 }, 'bearer'),
    api: get('https://acme.zendesk.com/api/v2/users/me.json', 'users/me.json'),
  },
  {
    name: 'pipedrive',
    preset: 'pipedrive',
    make: (o) => makePipedriveBlueprint(o),
    authorize: 'https://oauth.pipedrive.com/oauth/authorize',
    // Scopes are the app's, set in the Developer Hub, not asked for here.
    authorizeParams: { scope: null },
    token: 'https://oauth.pipedrive.com/oauth/token',
    clientAuth: 'basic',
    refreshes: true,
    tokenResponse: standard({ scope: 'base', api_domain: 'https://acme.pipedrive.com' }),
    api: get('https://api.pipedrive.com/v1/users/me', 'v1/users/me'),
  },
  {
    name: 'lichess',
    preset: 'lichess',
    make: (o) => makeLichessBlueprint({ ...o, clientSecret: undefined }),
    authorize: 'https://lichess.org/oauth',
    authorizeParams: { code_challenge_method: 'S256', scope: null },
    token: 'https://lichess.org/api/token',
    // No registration and no secret: client_id in the form body.
    clientAuth: 'none',
    tokenResponse: json((t) => ({ token_type: 'Bearer', access_token: t.access, expires_in: 31536000 })),
    api: get('https://lichess.org/api/account', 'api/account'),
  },
  {
    name: 'klaviyo',
    preset: 'klaviyo',
    make: (o) => makeKlaviyoBlueprint(o),
    authorize: 'https://klaviyo.com/oauth/authorize',
    authorizeParams: { scope: 'accounts:read', code_challenge_method: 'S256' },
    token: 'https://a.klaviyo.com/oauth/token',
    clientAuth: 'basic',
    revocation: 'https://a.klaviyo.com/oauth/revoke',
    refreshes: true,
    tokenResponse: standard({ scope: 'accounts:read' }),
    // Bearer token plus the API revision on every call.
    api: get('https://a.klaviyo.com/api/accounts/', 'accounts/', { headers: { revision: '2026-10-15' } }),
  },
  {
    name: 'intercom',
    preset: 'intercom',
    make: (o) => makeIntercomBlueprint(o),
    authorize: 'https://app.intercom.io/oauth',
    // Permissions are the app's: no scope in the request.
    authorizeParams: { scope: null },
    token: 'https://api.intercom.io/auth/eagle/token',
    clientAuth: 'post',
    // A token that does not expire.
    tokenResponse: json((t) => ({ token_type: 'Bearer', access_token: t.access, token: t.access })),
    api: get('https://api.intercom.io/me', 'me'),
  },
  {
    name: 'webflow',
    preset: 'webflow',
    make: (o) => makeWebflowBlueprint(o),
    authorize: 'https://webflow.com/oauth/authorize',
    authorizeParams: { scope: 'sites:read' },
    token: 'https://api.webflow.com/oauth/access_token',
    clientAuth: 'post',
    // An access token that does not expire, without a refresh token.
    tokenResponse: json((t) => ({ access_token: t.access, token_type: 'bearer' })),
    api: get('https://api.webflow.com/v2/sites', 'v2/sites'),
  },
  {
    name: 'nextcloud',
    preset: 'nextcloud',
    make: (o) => makeNextcloudBlueprint({ ...o, hostname: 'cloud.example.org' }),
    authorize: 'https://cloud.example.org/apps/oauth2/authorize',
    token: 'https://cloud.example.org/apps/oauth2/api/v1/token',
    clientAuth: 'either',
    refreshes: true,
    tokenResponse: standard({ user_id: 'alice' }, 'Bearer'),
    api: get('https://cloud.example.org/ocs/v2.php/cloud/user', 'ocs/v2.php/cloud/user', {
      init: { headers: { 'ocs-apirequest': 'true' } },
    }),
  },
  {
    name: 'nextcloud-index',
    preset: 'nextcloud',
    make: (o) => makeNextcloudBlueprint({ ...o, hostname: 'example.org', basePath: '/nextcloud/index.php' }),
    authorize: 'https://example.org/nextcloud/index.php/apps/oauth2/authorize',
    token: 'https://example.org/nextcloud/index.php/apps/oauth2/api/v1/token',
    clientAuth: 'either',
    tokenResponse: standard({ user_id: 'alice' }, 'Bearer'),
    api: get('https://example.org/nextcloud/index.php/ocs/v2.php/cloud/user', 'ocs/v2.php/cloud/user'),
  },
  {
    name: 'homeassistant',
    preset: 'homeassistant',
    make: (o) =>
      makeHomeassistantBlueprint({ ...o, clientSecret: undefined, hostname: 'home.example.org:8123' }),
    authorize: 'https://home.example.org:8123/auth/authorize',
    authorizeParams: { scope: null },
    token: 'https://home.example.org:8123/auth/token',
    // The client id is the app's website; no secret.
    clientAuth: 'none',
    refreshes: true,
    tokenResponse: json((t) => ({
      access_token: t.access,
      expires_in: 1800,
      refresh_token: t.refresh,
      token_type: 'Bearer',
    })),
    api: get('https://home.example.org:8123/api/config', 'api/config'),
  },
  {
    name: 'linode',
    preset: 'linode',
    make: (o) => makeLinodeBlueprint(o),
    authorize: 'https://login.linode.com/oauth/authorize',
    authorizeParams: { scope: 'account:read_only' },
    token: 'https://login.linode.com/oauth/token',
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard({ scope: 'account:read_only', expires_in: 7200 }, 'bearer'),
    api: get('https://api.linode.com/v4/profile', 'profile'),
  },
  {
    name: 'bitly',
    preset: 'bitly',
    make: (o) => makeBitlyBlueprint(o),
    authorize: 'https://bitly.com/oauth/authorize',
    authorizeParams: { scope: null },
    token: 'https://api-ssl.bitly.com/oauth/access_token',
    clientAuth: 'post',
    // Form-encoded, without token_type or expiry.
    tokenResponse: (t) => ({
      body: `access_token=${t.access}&login=bitlyapiuser&apiKey=R_0123`,
      contentType: 'application/x-www-form-urlencoded',
    }),
    api: get('https://api-ssl.bitly.com/v4/user', 'v4/user'),
  },
  {
    name: 'streamlabs',
    preset: 'streamlabs',
    make: (o) => makeStreamlabsBlueprint(o),
    authorize: 'https://streamlabs.com/api/v2.0/authorize',
    authorizeParams: { scope: 'donations.read' },
    token: 'https://streamlabs.com/api/v2.0/token',
    clientAuth: 'post',
    refreshes: true,
    tokenResponse: standard({}, 'Bearer'),
    api: get('https://streamlabs.com/api/v2.0/user', 'user'),
  },
  {
    name: 'raindrop',
    preset: 'raindrop',
    make: (o) => makeRaindropBlueprint(o),
    authorize: 'https://raindrop.io/oauth/authorize',
    authorizeParams: { scope: null },
    token: 'https://raindrop.io/oauth/access_token',
    clientAuth: 'post',
    refreshes: true,
    // Two weeks, in seconds; `expires` (milliseconds) is deprecated.
    tokenResponse: standard({ expires: 1209599768, expires_in: 1209599 }),
    api: get('https://api.raindrop.io/rest/v1/user', 'user'),
  },
]

/** Whether the spec's preset has been retired by its provider (its factory now throws `config_invalid`). */
const retired = (spec: ProviderSpec): boolean => {
  const preset = presetsById.get(spec.preset)
  return preset !== undefined && isRetired(preset)
}

/**
 * The specs every dance runs: those of presets still in service. A retired preset's factory refuses
 * to start (test/providers/retired.test.ts), so its spec is skipped here, explicitly, rather than failing
 * in every test that builds blueprints from the specs.
 */
export const SPECS: readonly ProviderSpec[] = DOCUMENTED.filter((spec) => !retired(spec))

/**
 * The specs of retired presets, kept as their providers documented them: a retirement the provider
 * postpones (Google moved the Fitbit date once) runs them again.
 */
export const RETIRED_SPECS: readonly ProviderSpec[] = DOCUMENTED.filter(retired)
