/** A throwaway P-256 key pair in the form Apple hands out (PKCS #8 PEM), for the Apple tests. */
import { generateKeyPairSync, type KeyObject } from 'node:crypto'

/** A fresh P-256 key pair; `pem` is what a developer pastes into `APPLE_OAUTH_PRIVATE_KEY`. */
export function appleKeyPair(): { pem: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return { pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicKey }
}
