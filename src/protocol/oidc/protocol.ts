/**
 * The OpenID Connect protocol: the OAuth 2 code flow with the OpenID Connect profile.
 */
import { OAuth2Protocol } from '../oauth2/protocol.js'
import type { OAuth2Credentials } from '../oauth2/settings.js'
import type { ProtocolContext } from '../protocol.js'
import { OidcProfile } from './profile.js'
import type { OidcSettings } from './settings.js'

/** An OpenID Connect protocol for `settings`; endpoints come from the issuer's discovery document. */
export function oidcProtocol(
  settings: OidcSettings,
  credentials: OAuth2Credentials,
  context: ProtocolContext,
): OAuth2Protocol {
  const profile = new OidcProfile(settings, credentials.clientId, credentials.clientSecret, context)
  return new OAuth2Protocol(
    {
      ...settings,
      // Placeholders: the profile's discovered metadata is what the flow reads.
      authorizationUrl: settings.issuer,
      tokenUrl: settings.issuer,
      issuer: settings.issuer,
      scope: withOpenid(settings.scope),
      clientAuth: credentials.clientSecretFactory ? 'client_secret_post' : settings.clientAuth,
    },
    credentials,
    context,
    profile,
  )
}

/** The scope with `openid` first, whatever the app asked for. */
function withOpenid(scope: string | readonly string[] | undefined): string | readonly string[] {
  if (scope === undefined) return ['openid', 'profile', 'email']
  const list = typeof scope === 'string' ? scope.split(/\s+/).filter(Boolean) : [...scope]
  return list.includes('openid') ? list : ['openid', ...list]
}
