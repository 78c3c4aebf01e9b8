/**
 * The transaction secret: which secrets key the login transaction cookies, and the minimum strength
 * each must have.
 *
 * Rotation: the secret may be a list. New logins seal with the first; callbacks open with any, so a
 * login started under the old secret still finishes after a restart with `[new, old]`. From the
 * environment, `OAUTH_DANCE_SECRET` is the current secret and `OAUTH_DANCE_PREVIOUS_SECRETS` a
 * comma-separated list of older ones still accepted.
 *
 * Strength: a secret must be at least {@link MIN_SECRET_BYTES} bytes, not mostly one repeated or
 * sequential run of characters, not low in estimated entropy and free of placeholder words
 * (`secret`, `changeme`, …). Under `NODE_ENV=production` a weak secret is a `config_invalid` error at
 * start-up; elsewhere a one-time warning.
 */
import { type Env, envOf, isProduction } from '../../env.js'
import { DanceError } from '../../errors.js'

/** Fewest bytes (UTF-8) a transaction secret may have: the 256-bit key it keys, as text. */
export const MIN_SECRET_BYTES = 32

/** Fewest bits a secret must carry by its own character statistics (length × per-character entropy). */
export const MIN_SECRET_ENTROPY_BITS = 80

// Words that mark a value someone typed rather than generated; all ≥ 6 letters, so a random base64url
// secret contains one by chance with a probability below 1e-6.
const PLACEHOLDERS =
  /secret|password|changeme|change-me|example|default|sample|placeholder|insecure|qwerty|letmein/i

/** Why a secret is refused: one of a fixed set of reasons (never the secret itself). */
export type SecretWeakness =
  | 'it has fewer than 32 bytes'
  | 'it is mostly repeated or sequential characters'
  | 'it has too little variety (low entropy)'
  | 'it contains a placeholder word'

/**
 * Why `secret` is too weak to key the transaction cookies, or undefined when it is strong enough.
 * The message names the rule broken, never the secret.
 */
export function secretWeakness(secret: string): SecretWeakness | undefined {
  const bytes = Buffer.byteLength(secret, 'utf8')
  if (bytes < MIN_SECRET_BYTES) return 'it has fewer than 32 bytes'
  const chars = [...secret]
  // Repeats (`aaaa`) and sequences (`abcd`, `1234`, `9876`) are what a person types, not a generator.
  let runs = 0
  for (let i = 1; i < chars.length; i++) {
    const step = chars[i]!.codePointAt(0)! - chars[i - 1]!.codePointAt(0)!
    if (step >= -1 && step <= 1) runs++
  }
  if (runs * 4 >= chars.length * 3) return 'it is mostly repeated or sequential characters'
  const counts = new Map<string, number>()
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1)
  let perChar = 0
  for (const n of counts.values()) perChar -= (n / chars.length) * Math.log2(n / chars.length)
  if (perChar * chars.length < MIN_SECRET_ENTROPY_BITS) return 'it has too little variety (low entropy)'
  if (PLACEHOLDERS.test(secret)) return 'it contains a placeholder word'
  return undefined
}

let warnedWeak = false

/**
 * The secrets that key the transaction cookies, current first: `configured` (one or a list) or the
 * environment: the blueprint's `env` when it holds `OAUTH_DANCE_SECRET` or
 * `OAUTH_DANCE_PREVIOUS_SECRETS` (a Worker's bindings), else the process's. Each is checked by
 * {@link secretWeakness}: refused in production (`NODE_ENV` of either environment), warned about once
 * elsewhere. Empty when none is configured (the store then uses a random per-process key).
 */
export function transactionSecrets(
  configured: string | readonly string[] | undefined,
  blueprintEnv?: Env | undefined,
): string[] {
  const env =
    blueprintEnv !== undefined &&
    (blueprintEnv.OAUTH_DANCE_SECRET !== undefined || blueprintEnv.OAUTH_DANCE_PREVIOUS_SECRETS !== undefined)
      ? blueprintEnv
      : envOf()
  // Secrets are used byte for byte (as before rotation existed); only the comma-separated list of
  // previous ones is trimmed around its commas.
  const previous = (env.OAUTH_DANCE_PREVIOUS_SECRETS ?? '').split(',').map((s) => s.trim())
  const secrets =
    configured === undefined
      ? [env.OAUTH_DANCE_SECRET ?? '', ...previous]
      : typeof configured === 'string'
        ? [configured]
        : [...configured]
  const list = secrets.filter((s) => s.length > 0)
  // Previous secrets without a current one would seal new logins with an old key: refuse the mix-up.
  if (configured === undefined && !env.OAUTH_DANCE_SECRET?.trim() && list.length > 0) {
    throw new DanceError(
      'config_invalid',
      'OAUTH_DANCE_PREVIOUS_SECRETS is set but OAUTH_DANCE_SECRET is not: set the current secret too.',
    )
  }
  list.forEach((secret, index) => {
    const weakness = secretWeakness(secret)
    if (weakness === undefined) return
    const error = new DanceError(
      'config_invalid',
      `${index === 0 ? 'The transaction secret' : `Transaction secret #${index + 1}`} (OAUTH_DANCE_SECRET or the blueprint's secret) is weak: ${weakness}. Generate one with: node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))"`,
    )
    if (isProduction(blueprintEnv)) throw error
    if (!warnedWeak) {
      warnedWeak = true
      console.warn(`[oauth-dance] ${error.message} (refused when NODE_ENV=production).`)
    }
  })
  return list
}
