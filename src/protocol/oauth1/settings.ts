/** What an OAuth 1.0a protocol is configured with: endpoints, signing, and the consumer credentials. */
import type { SignatureLocation } from './sign-request.js'
import type { SignatureMethod } from './signature.js'

/** The settings of an OAuth 1.0a provider, as data. */
export interface OAuth1Settings {
  /** The temporary credential request endpoint (RFC 5849 §2.1). */
  requestTokenUrl: string
  /** The resource owner authorization endpoint (§2.2). */
  authorizationUrl: string
  /** The token request endpoint (§2.3). */
  accessTokenUrl: string
  /** `HMAC-SHA1` (default), `HMAC-SHA256`, `RSA-SHA1` or `PLAINTEXT` (https only). */
  signatureMethod?: SignatureMethod | undefined
  /** Where the protocol parameters go: `header` (default), `query` or `body`. */
  signatureLocation?: SignatureLocation | undefined
  /** `realm` of the Authorization header. */
  realm?: string | undefined
  /** Send `oauth_version="1.0"` (default true). */
  includeVersion?: boolean | undefined
  /** Extra parameters for the temporary credential request (signed, in the form body). */
  requestTokenParams?: Readonly<Record<string, string>> | undefined
  /** Extra parameters for the authorization URL (`perms`, `scope`, `name`...). */
  authorizationParams?: Readonly<Record<string, string>> | undefined
  /** Headers sent with every request to the provider unless the request sets them (`User-Agent`...). */
  headers?: Readonly<Record<string, string>> | undefined
  /** Where a signed POST invalidates the token (Twitter's `oauth/invalidate_token`); none in RFC 5849. */
  revocationUrl?: string | undefined
}

/** The consumer's credentials, resolved from options or the environment. */
export interface OAuth1Credentials {
  readonly consumerKey: string
  /** Not used by RSA-SHA1. */
  readonly consumerSecret?: string | undefined
  /** RSA private key for RSA-SHA1: PEM text or a file path. */
  readonly rsaKey?: string | undefined
}
