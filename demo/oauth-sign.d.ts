/**
 * Types for the parts of `oauth-sign` (an independent OAuth 1.0a signer, the one `request` used) that
 * the stand-in OAuth 1.0a provider verifies our signatures with.
 * @see https://github.com/request/oauth-sign
 */
declare module 'oauth-sign' {
  /** Parameter values: a string, or a list for a repeated name. */
  export type OAuthSignParams = Record<string, string | string[]>
  /** `oauth_signature` for HMAC-SHA1, HMAC-SHA256, RSA-SHA1 (private key) or PLAINTEXT. */
  export function sign(
    signatureMethod: string,
    httpMethod: string,
    baseUri: string,
    params: OAuthSignParams,
    consumerSecretOrPrivateKey: string,
    tokenSecret?: string,
  ): string
  /** The signature base string. */
  export function generateBase(httpMethod: string, baseUri: string, params: OAuthSignParams): string
  /** The PLAINTEXT signature: `enc(consumer secret)&enc(token secret)`. */
  export function plaintext(consumerSecret: string, tokenSecret?: string): string
  /** RFC 3986 percent-encoding. */
  export function rfc3986(value: string): string
}
