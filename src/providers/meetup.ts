/**
 * Meetup. OAuth 2 server flow at `secure.meetup.com`; the API is GraphQL at `api.meetup.com/gql-ext`
 * (`meetup.post('gql-ext', { json: { query } })`). Access tokens expire; refresh tokens are issued.
 *
 * @see [Meetup API - Authentication](https://www.meetup.com/graphql/authentication/)
 * @see [Meetup API - Guide](https://www.meetup.com/graphql/guide/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Meetup preset. */
export const meetupPreset = {
  id: 'meetup',
  title: 'Meetup',
  protocol: 'oauth2',
  docs: 'https://www.meetup.com/graphql/authentication/',
  facts: {
    sources: {
      endpoints: { url: 'https://www.meetup.com/graphql/authentication/', checked: '2026-12-05' },
      apiAuth: { url: 'https://www.meetup.com/graphql/authentication/', checked: '2026-12-05' },
    },
    unverified: ['clientAuth', 'pkce', 'scopeSeparator', 'refresh', 'revocation'],
  },
  authorizationUrl: 'https://secure.meetup.com/oauth2/authorize',
  tokenUrl: 'https://secure.meetup.com/oauth2/access',
  apiBaseUrl: 'https://api.meetup.com/',
  defaultScope: ['basic'],
  refresh: true,
  clientAuth: 'client_secret_post',
} as const satisfies OAuth2Preset

/**
 * Makes a Meetup blueprint. Credentials default to `MEETUP_OAUTH_CLIENT_ID` / `MEETUP_OAUTH_CLIENT_SECRET`.
 */
export function makeMeetupBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(meetupPreset, options)
}

/** The request-scoped Meetup client: `await meetup.post('gql-ext', { json: { query: '{ self { id } }' } })`. */
export const meetup = scopedClient('meetup')
