/**
 * Loads the consumer's RSA private key for RSA-SHA1 from PEM text or from a file path.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { DanceError } from '../../errors.js'

/**
 * PEM text (`-----BEGIN ...`), or the path of a PEM file. Environment variables often hold PEM with
 * literal `\n` sequences instead of line breaks; those are turned back into line breaks.
 */
export function loadRsaPrivateKey(value: string, provider: string): KeyObject {
  let pem = value
  if (!value.includes('-----BEGIN')) {
    try {
      pem = readFileSync(value, 'utf8')
    } catch (cause) {
      throw new DanceError('config_invalid', `${provider}: cannot read the RSA key file ${value}.`, {
        cause,
        provider,
      })
    }
  }
  if (!pem.includes('\n')) pem = pem.replace(/\\n/g, '\n')
  let key: KeyObject
  try {
    key = createPrivateKey(pem)
  } catch (cause) {
    // The cause names the parse failure only; the key text never goes into a message.
    throw new DanceError('config_invalid', `${provider}: the RSA key is not a PEM private key.`, {
      cause,
      provider,
    })
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new DanceError(
      'config_invalid',
      `${provider}: RSA-SHA1 needs an RSA key, not ${key.asymmetricKeyType}.`,
      {
        provider,
      },
    )
  }
  return key
}
