/**
 * ORCID (researcher identifiers). The token response carries the researcher's iD (`orcid`) and name;
 * tokens are long-lived and can be refreshed and revoked. The API base is the public API; members use
 * `memberApi: true`. `sandbox: true` moves every endpoint to `sandbox.orcid.org`.
 *
 * @see [ORCID API Tutorial - Get an authenticated ORCID iD](https://info.orcid.org/documentation/api-tutorials/api-tutorial-get-and-authenticated-orcid-id/)
 * @see [ORCID - Public API](https://info.orcid.org/documentation/features/public-api/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The ORCID preset. */
export const orcidPreset = {
  id: 'orcid',
  title: 'ORCID',
  protocol: 'oauth2',
  docs: 'https://info.orcid.org/documentation/api-tutorials/api-tutorial-get-and-authenticated-orcid-id/',
  facts: {
    sources: {
      endpoints: {
        url: 'https://github.com/ORCID/ORCID-Source/blob/master/orcid-api-web/tutorial/get_id.md',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://github.com/ORCID/ORCID-Source/blob/master/orcid-api-web/tutorial/get_id.md',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://github.com/ORCID/ORCID-Source/blob/master/orcid-api-web/tutorial/revoke.md',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://github.com/ORCID/ORCID-Source/blob/master/orcid-api-web/tutorial/refresh_tokens.md',
        checked: '2026-12-05',
      },
      revocation: {
        url: 'https://github.com/ORCID/ORCID-Source/blob/master/orcid-api-web/tutorial/revoke.md',
        checked: '2026-12-05',
      },
      apiAuth: {
        url: 'https://github.com/ORCID/ORCID-Source/blob/master/orcid-api-web/tutorial/get_id.md',
        checked: '2026-12-05',
      },
    },
    silent: {
      facts: ['pkce'],
      note: "ORCID's tutorials describe the code flow without PKCE; the preset sends PKCE parameters and assumes ORCID ignores them.",
    },
  },
  authorizationUrl: 'https://orcid.org/oauth/authorize',
  tokenUrl: 'https://orcid.org/oauth/token',
  revocationUrl: 'https://orcid.org/oauth/revoke',
  apiBaseUrl: 'https://pub.orcid.org/v3.0/',
  defaultScope: ['/authenticate'],
  refresh: true,
  clientAuth: 'client_secret_post',
  options: ['sandbox', 'memberApi'],
} as const satisfies OAuth2Preset

/** Options of {@link makeOrcidBlueprint}. */
export interface OrcidBlueprintOptions extends OAuth2PresetOptions {
  /** Use the ORCID sandbox (`sandbox.orcid.org`). */
  sandbox?: boolean
  /** Call the member API (`api.orcid.org`) instead of the public one (`pub.orcid.org`). */
  memberApi?: boolean
}

/**
 * Makes an ORCID blueprint. Credentials default to `ORCID_OAUTH_CLIENT_ID` / `ORCID_OAUTH_CLIENT_SECRET`.
 */
export function makeOrcidBlueprint(options: OrcidBlueprintOptions = {}): OAuth2Blueprint {
  const { sandbox, memberApi, ...rest } = options
  const site = sandbox ? 'sandbox.orcid.org' : 'orcid.org'
  return blueprintFromPreset(
    { ...orcidPreset, apiBaseUrl: `https://${memberApi ? 'api' : 'pub'}.${site}/v3.0/` },
    {
      authorizationUrl: `https://${site}/oauth/authorize`,
      tokenUrl: `https://${site}/oauth/token`,
      revocationUrl: `https://${site}/oauth/revoke`,
      ...rest,
    },
  )
}

/** The request-scoped ORCID client: `await orcid.get(\`${token.orcid}/record\`)`. */
export const orcid = scopedClient('orcid')
