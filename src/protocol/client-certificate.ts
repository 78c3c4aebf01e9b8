/**
 * Mutual TLS on the back channel (RFC 8705): every request of one blueprint, to the provider and to its
 * APIs, goes over connections that present the client's certificate. The provider can then
 * authenticate the client by it (`tls_client_auth`, `self_signed_tls_client_auth`) and bind the
 * tokens it issues to it, so they are refused on any connection without the certificate.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { Agent, fetch as undiciFetch } from 'undici'
import { DanceError } from '../errors.js'
import type { FetchLike } from './http.js'

/** The client's TLS certificate and key (PEM), and the CAs that sign the servers' certificates when not the system's. */
export interface ClientCertificate {
  /** The client certificate (PEM), with its chain when the provider needs it. */
  cert: string
  /** Its private key (PEM). */
  key: string
  /** Certificate authorities to trust for the servers (PEM); default the system's. */
  ca?: string | readonly string[] | undefined
}

/** A fetch whose connections present `certificate`; `config_invalid` when it or its key cannot be read. */
export function certificateFetch(certificate: ClientCertificate, provider: string): FetchLike {
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
  const ca = certificate.ca === undefined ? undefined : [certificate.ca].flat()
  const agent = new Agent({
    connect: { cert: certificate.cert, key: certificate.key, ...(ca && { ca }) },
    keepAliveTimeout: 4_000,
  })
  return (input, init) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent,
    }) as unknown as Promise<Response>
}
