/**
 * A blueprint for any OpenID Provider, from its issuer and credentials: discovery, the ID token
 * validated, UserInfo, refreshed ID tokens compared with the first, RP-initiated logout.
 */

import { envOf, requireFromEnv } from '../env.js'
import type { OAuth2Protocol } from '../protocol/oauth2/protocol.js'
import { oidcProtocol } from '../protocol/oidc/protocol.js'
import type { OidcSettings } from '../protocol/oidc/settings.js'
import { Blueprint } from './blueprint.js'
import type { OAuth2Blueprint } from './oauth2-blueprint.js'
import type { BlueprintOptions } from './options.js'

/** Options of {@link makeOidcBlueprint}. Endpoints come from discovery, so none are given here. */
export interface OidcBlueprintOptions extends BlueprintOptions, OidcSettings {
  /** Client id; defaults to `<NAME>_OAUTH_CLIENT_ID`. */
  clientId?: string
  /** Client secret; defaults to `<NAME>_OAUTH_CLIENT_SECRET`. Required unless `clientAuth` is `none`. */
  clientSecret?: string
  /** Computes the client secret for each token request (Apple's signed JWT); replaces `clientSecret`. */
  clientSecretFactory?: () => string
}

/** A blueprint whose protocol is OpenID Connect (the OAuth 2 protocol with the OpenID Connect profile). */
export type OidcBlueprint = OAuth2Blueprint

/** Makes a blueprint for any OpenID Provider. Credentials default to `<NAME>_OAUTH_CLIENT_ID` / `_SECRET`. */
export function makeOidcBlueprint(options: OidcBlueprintOptions): OidcBlueprint {
  // Credentials are read once the blueprint's own options passed their checks (name, public origin).
  return new Blueprint<OAuth2Protocol>(options, (context) => {
    const env = envOf(options.env)
    const factory = options.clientSecretFactory
    const clientId = requireFromEnv(options.clientId, options.name, 'CLIENT_ID', env, 'clientId')
    const clientSecret =
      factory || options.clientAuth === 'none'
        ? undefined
        : requireFromEnv(options.clientSecret, options.name, 'CLIENT_SECRET', env, 'clientSecret')
    return oidcProtocol(options, { clientId, clientSecret, clientSecretFactory: factory }, context)
  })
}
