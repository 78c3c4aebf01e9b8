/**
 * A throwaway certificate authority made with `openssl` at test time, for mutual TLS: the CA, a
 * server certificate for 127.0.0.1 and a client certificate, all signed by it. Nothing is committed.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** PEM key and certificate. */
export interface KeyAndCertificate {
  key: string
  cert: string
}

/** The CA's certificate, and a server and a client certificate it signed. */
export interface TestAuthority {
  ca: string
  server: KeyAndCertificate
  client: KeyAndCertificate
}

/** Makes a one-day P-256 CA, a server certificate for IP 127.0.0.1 and a client certificate (CN `clientName`). */
export function makeTestAuthority(clientName: string): TestAuthority {
  const dir = mkdtempSync(join(tmpdir(), 'oauth-dance-ca-'))
  const path = (name: string) => join(dir, name)
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' })
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  try {
    openssl(
      'req',
      '-x509',
      ...ecKey,
      '-keyout',
      path('ca.key'),
      '-out',
      path('ca.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=oauth-dance test CA',
    )
    const issue = (name: string, subject: string, extensions: string) => {
      openssl('req', ...ecKey, '-keyout', path(`${name}.key`), '-out', path(`${name}.csr`), '-subj', subject)
      writeFileSync(path(`${name}.ext`), extensions)
      openssl(
        'x509',
        '-req',
        '-in',
        path(`${name}.csr`),
        '-CA',
        path('ca.pem'),
        '-CAkey',
        path('ca.key'),
        '-CAcreateserial',
        '-out',
        path(`${name}.pem`),
        '-days',
        '1',
        '-extfile',
        path(`${name}.ext`),
      )
      return {
        key: readFileSync(path(`${name}.key`), 'utf8'),
        cert: readFileSync(path(`${name}.pem`), 'utf8'),
      }
    }
    return {
      server: issue('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n'),
      client: issue('client', `/CN=${clientName}`, 'extendedKeyUsage=clientAuth\n'),
      ca: readFileSync(path('ca.pem'), 'utf8'),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
