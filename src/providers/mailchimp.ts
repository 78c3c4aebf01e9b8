/**
 * Mailchimp Marketing API. Tokens never expire: the token response says `expires_in: 0` and
 * `scope: null`, both dropped. Each account lives in a data centre: without `dataCenter` the client
 * talks to the OAuth metadata endpoint (`mailchimp.get('metadata')` answers `{ dc, api_endpoint }`);
 * with it, to `https://<dc>.api.mailchimp.com/3.0/`.
 *
 * @see [Mailchimp Developer - Access Data on Behalf of Other Users with OAuth 2](https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { DanceError } from '../errors.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Mailchimp preset. */
export const mailchimpPreset = {
  id: 'mailchimp',
  title: 'Mailchimp',
  protocol: 'oauth2',
  docs: 'https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/',
  facts: {
    sources: {
      // Mailchimp's own OAuth 2 sample app: authorize and token under login.mailchimp.com/oauth2/,
      // the same base for the metadata call.
      endpoints: {
        url: 'https://github.com/mailchimp/OAuth2-sample-apps/blob/5b0ca2aa15e773fc4b4117228411054939b3d958/php5/MC_OAuth2Client.php',
        checked: '2026-12-05',
      },
      // The sample's client posts client_id and client_secret with the code in the form body.
      clientAuth: {
        url: 'https://github.com/mailchimp/OAuth2-sample-apps/blob/4d2e1a217e59d98b8d47102a850715157d8055f9/php5/OAuth2Client.php',
        checked: '2026-12-05',
      },
      // "MailChimp is not using refresh tokens" (the sample's comment on its unused refresh code).
      refresh: {
        url: 'https://github.com/mailchimp/OAuth2-sample-apps/blob/5b0ca2aa15e773fc4b4117228411054939b3d958/php5/MC_OAuth2Client.php',
        checked: '2026-12-05',
      },
      // The sample sends the token as `Authorization: OAuth <token>` (token_as_header).
      apiAuth: {
        url: 'https://github.com/mailchimp/OAuth2-sample-apps/blob/4d2e1a217e59d98b8d47102a850715157d8055f9/php5/OAuth2Client.php',
        checked: '2026-12-05',
      },
    },
    unverified: ['pkce', 'scopeSeparator', 'revocation'],
  },
  authorizationUrl: 'https://login.mailchimp.com/oauth2/authorize',
  tokenUrl: 'https://login.mailchimp.com/oauth2/token',
  apiBaseUrl: 'https://login.mailchimp.com/oauth2/',
  refresh: false,
  clientAuth: 'client_secret_post',
  quirks: { nonExpiringTokens: true, tokenTypeMissing: true, authorizationScheme: 'OAuth' },
  options: ['dataCenter'],
} as const satisfies OAuth2Preset

/** Options of {@link makeMailchimpBlueprint}. */
export interface MailchimpBlueprintOptions extends OAuth2PresetOptions {
  /** The account's data centre (`us6`), from the metadata endpoint; the client then calls the Marketing API. */
  dataCenter?: string
}

/**
 * Makes a Mailchimp blueprint. Credentials default to `MAILCHIMP_OAUTH_CLIENT_ID` / `MAILCHIMP_OAUTH_CLIENT_SECRET`.
 */
export function makeMailchimpBlueprint(options: MailchimpBlueprintOptions = {}): OAuth2Blueprint {
  const { dataCenter, ...rest } = options
  if (!dataCenter) return blueprintFromPreset(mailchimpPreset, rest)
  if (!/^[a-z]{2}\d{1,3}$/.test(dataCenter)) {
    throw new DanceError(
      'config_invalid',
      `mailchimp: \`dataCenter\` must be a data centre such as "us6", not "${dataCenter}".`,
      {
        provider: 'mailchimp',
      },
    )
  }
  return blueprintFromPreset(
    { ...mailchimpPreset, apiBaseUrl: `https://${dataCenter}.api.mailchimp.com/3.0/` },
    {
      allowedApiOrigins: ['https://login.mailchimp.com'],
      ...rest,
    },
  )
}

/** The request-scoped Mailchimp client: `await mailchimp.get('metadata')`, then `mailchimp.get('ping')`. */
export const mailchimp = scopedClient('mailchimp')
