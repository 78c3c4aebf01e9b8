/**
 * Sign in with Apple. Apple posts the callback (`response_mode=form_post`, required once `name` or
 * `email` is asked for), so the transaction cookie is `SameSite=None; Secure` and the app must be on
 * https. The client secret is a short-lived ES256 JWT signed with your key from the developer portal
 * (team id, key id, private key); we sign a fresh one as needed. Apple has no UserInfo endpoint: the
 * claims are in the ID token, and the user's name is posted once, on the first login, in the `user`
 * form field. That field passes through the browser unsigned, so it reaches the `authorized` hook apart
 * from the verified claims, as `unverifiedUser` (its name and email strings only), never as `userinfo`.
 *
 * @see [Sign in with Apple - Request an authorization to the Sign in with Apple server](https://developer.apple.com/documentation/sign_in_with_apple/request_an_authorization_to_the_sign_in_with_apple_server)
 */
import { makeOidcBlueprint, type OidcBlueprint } from '../consumer/oidc-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { envName, envOf } from '../env.js'
import { DanceError } from '../errors.js'
import {
  type LoadedClientKey,
  loadClientKey,
  type PrivateKeySource,
  signClientJwt,
} from '../protocol/oauth2/client-key.js'
import { type OidcPresetOptions, oidcPresetOptions } from './define-oidc.js'
import type { OidcPreset } from './types.js'

/** The Apple preset. */
export const applePreset = {
  id: 'apple',
  title: 'Apple',
  protocol: 'oidc',
  docs: 'https://developer.apple.com/documentation/sign_in_with_apple/request_an_authorization_to_the_sign_in_with_apple_server',
  facts: {
    sources: {
      endpoints: {
        url: 'https://developer.apple.com/documentation/signinwithapplerestapi/generate-and-validate-tokens',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://developer.apple.com/documentation/signinwithapplerestapi/generate-and-validate-tokens',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://developer.apple.com/documentation/signinwithapplerestapi/generate-and-validate-tokens',
        checked: '2026-12-05',
      },
      revocation: {
        url: 'https://developer.apple.com/documentation/signinwithapplerestapi/revoke-tokens',
        checked: '2026-12-05',
      },
    },
    unverified: ['pkce'],
  },
  issuer: 'https://appleid.apple.com',
  defaultScope: ['openid', 'name', 'email'],
  refresh: true,
  clientAuth: 'client_secret_post',
  responseMode: 'form_post',
  options: ['teamId', 'keyId', 'privateKey'],
} as const satisfies OidcPreset

/** Options of {@link makeAppleBlueprint}. The client id is your Services ID. */
export interface AppleBlueprintOptions
  extends Omit<OidcPresetOptions, 'clientSecret' | 'clientSecretFactory' | 'postedUser'> {
  /** Your Apple Developer Team ID (default `APPLE_OAUTH_TEAM_ID`). */
  teamId?: string
  /** The Key ID of the Sign in with Apple key (default `APPLE_OAUTH_KEY_ID`). */
  keyId?: string
  /** The key's PKCS #8 PEM (`-----BEGIN PRIVATE KEY-----`), default `APPLE_OAUTH_PRIVATE_KEY`. */
  privateKey?: string
  /** Lifetime of each signed client secret in seconds (default 3600; Apple allows up to six months). */
  clientSecretTtl?: number
}

/** What signs Apple client secrets. */
export interface AppleClientSecretInput {
  teamId: string
  keyId: string
  clientId: string
  /** The Sign in with Apple key: its PKCS #8 PEM (or a private JWK), or a key already loaded. */
  privateKey: PrivateKeySource | LoadedClientKey
  now: number
  ttl: number
}

/** Apple's key, checked: a P-256 key that signs ES256 under the given key id. */
function appleKey(privateKey: PrivateKeySource, keyId: string, provider: string): LoadedClientKey {
  return loadClientKey({ key: privateKey, kid: keyId, alg: 'ES256' }, provider, { allowed: ['ES256'] })
}

function isLoaded(key: AppleClientSecretInput['privateKey']): key is LoadedClientKey {
  return typeof key === 'object' && 'cryptoKey' in key
}

/**
 * Signs Apple's client secret: an ES256 JWT from the team, about the client, for Apple, signed by the
 * same client-key machinery as `private_key_jwt` assertions.
 * @see [Apple Developer - Creating a client secret](https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret)
 */
export async function appleClientSecret(input: AppleClientSecretInput): Promise<string> {
  const key = isLoaded(input.privateKey) ? input.privateKey : appleKey(input.privateKey, input.keyId, 'apple')
  return signClientJwt(key, {
    iss: input.teamId,
    iat: input.now,
    exp: input.now + input.ttl,
    aud: 'https://appleid.apple.com',
    sub: input.clientId,
  })
}

/** What Apple's browser-posted `user` field may carry; every part is optional and unverified. */
export interface AppleUnverifiedUser {
  name?: { firstName?: string; lastName?: string }
  email?: string
}

/**
 * Reads the `user` JSON Apple posts: `name.firstName`, `name.lastName` and `email`, strings of at most
 * 256 characters; anything else is dropped. Undefined when nothing usable is left.
 * @see [Sign in with Apple - Incorporating Sign in with Apple into other platforms](https://developer.apple.com/documentation/sign_in_with_apple/incorporating-sign-in-with-apple-into-other-platforms)
 */
export function readAppleUser(posted: string): AppleUnverifiedUser | undefined {
  let value: unknown
  try {
    value = JSON.parse(posted)
  } catch {
    return undefined
  }
  const text = (v: unknown) => (typeof v === 'string' && v.length <= 256 ? v : undefined)
  if (!isRecord(value)) return undefined
  const user: AppleUnverifiedUser = {}
  if (isRecord(value.name)) {
    const firstName = text(value.name.firstName)
    const lastName = text(value.name.lastName)
    if (firstName !== undefined || lastName !== undefined) {
      user.name = {
        ...(firstName !== undefined && { firstName }),
        ...(lastName !== undefined && { lastName }),
      }
    }
  }
  const email = text(value.email)
  if (email !== undefined) user.email = email
  return user.name || user.email !== undefined ? user : undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Makes a Sign in with Apple blueprint. The client id defaults to `APPLE_OAUTH_CLIENT_ID`.
 */
export function makeAppleBlueprint(options: AppleBlueprintOptions = {}): OidcBlueprint {
  const { teamId, keyId, privateKey, clientSecretTtl = 3600, ...rest } = options
  const name = rest.name ?? applePreset.id
  const env = envOf(rest.env)
  const need = (value: string | undefined, option: string, field: string): string => {
    const found = value ?? env[envName(name, field)]
    if (!found) {
      throw new DanceError(
        'config_missing_credentials',
        `The ${name} blueprint needs \`${option}\`: pass it, or set ${envName(name, field)}.`,
        { provider: name },
      )
    }
    return found
  }
  const team = need(teamId, 'teamId', 'TEAM_ID')
  const kid = need(keyId, 'keyId', 'KEY_ID')
  // Checked now, so a wrong key fails at start-up: Apple issues P-256 keys that sign ES256.
  const key = appleKey(need(privateKey, 'privateKey', 'PRIVATE_KEY'), kid, name)
  const clientId = need(rest.clientId, 'clientId', 'CLIENT_ID')
  let cached: { secret: Promise<string>; renewAt: number } | undefined
  const clientSecretFactory = () => {
    const now = Math.floor(Date.now() / 1000)
    if (!cached || now >= cached.renewAt) {
      const secret = appleClientSecret({
        teamId: team,
        keyId: kid,
        clientId,
        privateKey: key,
        now,
        ttl: clientSecretTtl,
      })
      // A failed signature is not kept: the next request signs again.
      secret.catch(() => {
        cached = undefined
      })
      cached = { secret, renewAt: now + Math.floor(clientSecretTtl / 2) }
    }
    return cached.secret
  }
  // Apple's posted `user` is kept apart by name: the verified identity is `claims` (the ID token's);
  // only known string fields survive (no `email_verified`).
  const postedUser = (params: URLSearchParams) => {
    const posted = params.get('user')
    const user = posted ? readAppleUser(posted) : undefined
    return user ? { ...user } : undefined
  }
  return makeOidcBlueprint(
    oidcPresetOptions(applePreset, { ...rest, clientId, clientSecretFactory, postedUser }),
  )
}

/** The request-scoped Apple client (Apple has no user API; use it for the token and `claims`). */
export const apple = scopedClient('apple')
