/**
 * The TLS settings a blueprint can give its back channel, shared by the transports (http.ts and the
 * runtime-specific clients behind `#back-channel`).
 */

/**
 * TLS settings of a blueprint's back channel: the authority to trust (`ca`, the `tls` option) and the
 * certificate to present (`cert` and `key`, the `clientCertificate` option). Node only: other runtimes' `fetch` cannot take them, and
 * a blueprint that has them refuses to start there rather than ignore them.
 */
export interface BackChannelTls {
  /**
   * PEM certificate(s) of the authority a self-hosted provider's certificate chains to (a private
   * GitLab, Keycloak…). It replaces the public roots for this blueprint's requests only, so turning
   * certificate checks off is never needed.
   */
  readonly ca?: string | readonly string[] | undefined
  /** The client certificate (PEM) presented on every connection: mutual TLS (RFC 8705). */
  readonly cert?: string | undefined
  /** Its private key (PEM). */
  readonly key?: string | undefined
}
