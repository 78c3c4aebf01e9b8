/**
 * Mutual TLS on the back channel (RFC 8705): every request of one blueprint, to the provider and to its
 * APIs, goes over connections that present the client's certificate. The provider can then
 * authenticate the client by it (`tls_client_auth`, `self_signed_tls_client_auth`) and bind the
 * tokens it issues to it, so they are refused on any connection without the certificate.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { DanceError } from '../errors.js'
import type { BackChannelTls } from './tls.js'

/** The client's TLS certificate and key (PEM), and the CAs that sign the servers' certificates when not the system's. */
export interface ClientCertificate {
  /** The client certificate (PEM), with its chain when the provider needs it. */
  cert: string
  /** Its private key (PEM). */
  key: string
  /** Certificate authorities to trust for the servers (PEM); default the system's. */
  ca?: string | readonly string[] | undefined
}

/**
 * The back-channel TLS settings of a blueprint: its `tls` option's CA and its client certificate, the
 * certificate and key checked here (`config_invalid` when either cannot be read). Undefined when it
 * has neither. Both ride on the back channel's own agent (`#back-channel`), so every request of the
 * blueprint, to the provider and to its APIs, presents the certificate.
 */
export function backChannelTls(
  tls: BackChannelTls | undefined,
  certificate: ClientCertificate | undefined,
  provider: string,
): BackChannelTls | undefined {
  if (tls?.ca !== undefined) checkCa(tls.ca, provider, '`tls.ca`')
  if (certificate?.ca !== undefined) checkCa(certificate.ca, provider, '`clientCertificate.ca`')
  if (!certificate) return tls
  try {
    new X509Certificate(certificate.cert)
    createPrivateKey(certificate.key)
  } catch {
    // Node's reason is not kept: it could quote what it failed to parse.
    throw new DanceError(
      'config_invalid',
      `${provider}: \`clientCertificate\` needs a PEM certificate and its PEM private key.`,
      { provider },
    )
  }
  const ca = [tls?.ca ?? [], certificate.ca ?? []].flat()
  return { cert: certificate.cert, key: certificate.key, ...(ca.length > 0 && { ca }) }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g

/**
 * Throws `config_invalid` unless `ca` holds at least one PEM certificate and every PEM block in it
 * reads as one. An empty `ca` (an unset variable read as `''`, an empty file) would make Node trust the
 * public roots instead: the opposite of pinning a private authority, and silent.
 */
function checkCa(ca: string | readonly string[], provider: string, option: string): void {
  const texts = typeof ca === 'string' ? [ca] : ca
  const blocks = texts.flatMap((text) => text.match(PEM_CERTIFICATE) ?? [])
  const readable = blocks.every((block) => {
    try {
      new X509Certificate(block)
      return true
    } catch {
      return false
    }
  })
  if (blocks.length > 0 && readable) return
  throw new DanceError(
    'config_invalid',
    `${provider}: ${option} needs one or more PEM certificates; an empty or unreadable one would trust the public authorities or none.`,
    { provider },
  )
}
