/**
 * A throwaway self-signed TLS certificate made with `openssl` at test time, for stand-in servers that
 * must answer as real https hosts (github.com). Nothing is committed; the key lives in a temp dir.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** PEM key and certificate. */
export interface TestCertificate {
  key: string
  cert: string
}

/** Makes a one-day P-256 certificate valid for `hosts` (subjectAltName DNS entries; IPv4 addresses as IP entries). */
export function makeSelfSignedCert(hosts: readonly string[]): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'oauth-dance-cert-'))
  try {
    const keyPath = join(dir, 'key.pem')
    const certPath = join(dir, 'cert.pem')
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '1',
        '-subj',
        `/CN=${hosts[0]}`,
        '-addext',
        `subjectAltName=${hosts.map((h) => (/^\d+(\.\d+){3}$/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',')}`,
      ],
      { stdio: 'pipe' },
    )
    return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
