/**
 * Amazon Cognito user pools. The issuer is `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`
 * (the region is read from the pool id); its discovery document points at the pool's hosted-UI domain
 * for the authorization and token endpoints. Refresh tokens come with every code grant, so there is no
 * offline switch. Cognito's logout is not RP-initiated logout: use its `/logout` endpoint yourself.
 *
 * @see [Amazon Cognito - User pool endpoints reference](https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-userpools-server-contract-reference.html)
 * @see [Amazon Cognito - Verifying a JSON Web Token](https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html)
 */

import type { OidcBlueprint } from '../consumer/oidc-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { envName, envOf } from '../env.js'
import { DanceError } from '../errors.js'
import { type OidcPresetOptions, oidcBlueprintFromPreset } from './define-oidc.js'
import type { OidcPreset } from './types.js'

/** The Amazon Cognito preset. */
export const cognitoPreset = {
  id: 'cognito',
  title: 'Amazon Cognito',
  protocol: 'oidc',
  docs: 'https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-userpools-server-contract-reference.html',
  facts: {
    sources: {
      revocation: {
        url: 'https://docs.aws.amazon.com/cognito/latest/developerguide/revocation-endpoint.html',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html',
        checked: '2026-12-05',
      },
      pkce: {
        url: 'https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html',
        checked: '2026-12-05',
      },
      endpoints: {
        url: 'https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_IssuerConfigurationType.html',
        checked: '2026-12-05',
      },
    },
  },
  issuer: 'https://cognito-idp.{region}.amazonaws.com/{userPoolId}',
  defaultScope: ['openid', 'email', 'profile'],
  refresh: true,
  options: ['userPoolId'],
} as const satisfies OidcPreset

/** Options of {@link makeCognitoBlueprint}. */
export interface CognitoBlueprintOptions extends OidcPresetOptions {
  /** The user pool id, `<region>_<id>` (default `COGNITO_OAUTH_USER_POOL_ID`). */
  userPoolId?: string
}

const POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d)_[0-9A-Za-z]+$/

/**
 * Makes an Amazon Cognito blueprint. Credentials default to `COGNITO_OAUTH_CLIENT_ID` /
 * `COGNITO_OAUTH_CLIENT_SECRET`.
 */
export function makeCognitoBlueprint(options: CognitoBlueprintOptions = {}): OidcBlueprint {
  const { userPoolId, ...rest } = options
  const env = envOf(rest.env)
  const pool = userPoolId ?? env[envName(rest.name ?? cognitoPreset.id, 'USER_POOL_ID')]
  const region = pool === undefined ? undefined : POOL_ID.exec(pool)?.[1]
  if (pool === undefined || region === undefined) {
    throw new DanceError(
      'config_invalid',
      `cognito: \`userPoolId\` must look like "eu-west-1_AbC123", not ${JSON.stringify(pool)}.`,
      { provider: rest.name ?? cognitoPreset.id },
    )
  }
  return oidcBlueprintFromPreset(cognitoPreset, rest, `https://cognito-idp.${region}.amazonaws.com/${pool}`)
}

/** The request-scoped Cognito client. */
export const cognito = scopedClient('cognito')
