/**
 * A blueprint for any OpenID Provider, from its issuer and credentials: discovery, the ID token
 * validated, UserInfo, refreshed ID tokens compared with the first, RP-initiated logout.
 */

import type { ClientPrivateKey } from '../protocol/oauth2/client-key.js'
import type { OAuth2Protocol } from '../protocol/oauth2/protocol.js'
import { oidcProtocol } from '../protocol/oidc/protocol.js'
import type { OidcSettings } from '../protocol/oidc/settings.js'
import { Blueprint } from './blueprint.js'
import { clientAuthOf, type OAuth2Blueprint, oauth2Credentials } from './oauth2-blueprint.js'
import type { BlueprintOptions } from './options.js'

/** Options of {@link makeOidcBlueprint}. Endpoints come from discovery, so none are given here. */
export interface OidcBlueprintOptions extends BlueprintOptions, OidcSettings {
  /** Client id; defaults to `<NAME>_OAUTH_CLIENT_ID`. */
  clientId?: string
  /**
   * Client secret; defaults to `<NAME>_OAUTH_CLIENT_SECRET`. Required unless `clientAuth` is `none` or
   * `private_key_jwt`.
   */
  clientSecret?: string
  /**
   * The private key of `clientAuth: 'private_key_jwt'`: a PEM, a private JWK (object or JSON), or
   * `{ key, kid, alg }`. Defaults to `<NAME>_OAUTH_CLIENT_PRIVATE_KEY` (key id `<NAME>_OAUTH_CLIENT_KEY_ID`).
   */
  clientPrivateKey?: ClientPrivateKey
  /** Computes the client secret for each token request (Apple's signed JWT); replaces `clientSecret`. */
  clientSecretFactory?: () => string | Promise<string>
}

/** A blueprint whose protocol is OpenID Connect (the OAuth 2 protocol with the OpenID Connect profile). */
export type OidcBlueprint = OAuth2Blueprint

/** Makes a blueprint for any OpenID Provider. Credentials default to `<NAME>_OAUTH_CLIENT_ID` / `_SECRET`. */
export function makeOidcBlueprint(options: OidcBlueprintOptions): OidcBlueprint {
  // Credentials are read once the blueprint's own options passed their checks (name, public origin).
  return new Blueprint<OAuth2Protocol>(options, (context) => {
    const factory = options.clientSecretFactory
    if (factory) {
      const { clientId } = oauth2Credentials(options, 'none')
      return oidcProtocol(options, { clientId, clientSecretFactory: factory }, context)
    }
    return oidcProtocol(options, oauth2Credentials(options, clientAuthOf(options)), context)
  })
}
