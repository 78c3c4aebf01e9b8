/**
 * Every row of the oauth4webapi code table, reached by driving oauth4webapi itself (callbacks, token,
 * refresh and UserInfo responses, signature key selection) with crafted answers and ID tokens signed by
 * a local key. Each case names the row it must land on; the last test requires every row to be reached,
 * so a row no case reaches (or two rows that shadow each other) fails.
 */
import { generateKeyPair, SignJWT } from 'jose'
import * as oauth from 'oauth4webapi'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DanceErrorCode } from '../../../src/errors.js'
import type { OAuthPhase } from '../../../src/protocol/oauth2/errors.js'
import { toDanceError } from '../../../src/protocol/oauth2/errors.js'
import {
  classifyOauth4webapiError,
  isOauth4webapiError,
  OAUTH4WEBAPI_CODES,
} from '../../../src/protocol/oauth2/oauth4webapi-codes.js'

const ISSUER = 'https://op.example'
const as: oauth.AuthorizationServer = {
  issuer: ISSUER,
  token_endpoint: `${ISSUER}/token`,
  jwks_uri: `${ISSUER}/jwks`,
  id_token_signing_alg_values_supported: ['ES256'],
}
const client: oauth.Client = { client_id: 'rp' }
const NONCE = 'n-1'
const now = () => Math.floor(Date.now() / 1000)
let signingKey: CryptoKey

beforeAll(async () => {
  signingKey = (await generateKeyPair('ES256')).privateKey
})

/** The claims of a sound ID token for this login, changed by `change`. */
function claims(change: (c: Record<string, unknown>) => Record<string, unknown> = (c) => c) {
  return change({ iss: ISSUER, sub: 'alice', aud: 'rp', iat: now(), exp: now() + 300, nonce: NONCE })
}

function signed(payload: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', ...header }).sign(signingKey)
}

/** A compact JWS whose parts we write ourselves (what no signing library would produce). */
function crafted(header: unknown, payload: unknown): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part(header)}.${part(payload)}.c2ln`
}

function tokenBody(idToken: string | undefined): Record<string, unknown> {
  return { access_token: 'at', token_type: 'Bearer', expires_in: 300, ...(idToken && { id_token: idToken }) }
}

/** What oauth4webapi throws for `run`; fails the test when it throws nothing. */
async function thrown(run: () => unknown): Promise<unknown> {
  try {
    await run()
  } catch (error) {
    return error
  }
  throw new Error('oauth4webapi accepted it')
}

/** An OpenID login's token response processed by oauth4webapi, as the OIDC blueprint does it. */
function login(body: unknown, options: { maxAge?: number } = {}) {
  const response = body instanceof Response ? body : Response.json(body)
  return thrown(() =>
    oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: NONCE,
      requireIdToken: true,
      ...options,
    }),
  )
}

const loginWith = async (idToken: string | Promise<string>, options: { maxAge?: number } = {}) =>
  login(tokenBody(await idToken), options)

const refresh = (response: Response) => thrown(() => oauth.processRefreshTokenResponse(as, client, response))

const callback = (params: string, state = 's') =>
  thrown(() => oauth.validateAuthResponse(as, client, new URLSearchParams(params), state))

interface Case {
  name: string
  phase: OAuthPhase
  error: () => Promise<unknown>
  code: DanceErrorCode
  /** The ID token reason, or the whole message for other codes. */
  text: string
}

const idToken = (
  name: string,
  text: string,
  error: () => Promise<unknown>,
  phase: OAuthPhase = 'token',
): Case => ({ name, phase, error, code: 'id_token_invalid', text })

const cases: Case[] = [
  {
    name: 'a denied authorization',
    phase: 'callback',
    error: () => callback('error=access_denied&state=s'),
    code: 'access_denied',
    text: 'The authorization was denied at the provider.',
  },
  {
    name: 'another authorization error',
    phase: 'callback',
    error: () => callback('error=server_error&state=s'),
    code: 'provider_error',
    text: 'The provider refused the authorization.',
  },
  {
    name: 'invalid_grant on refresh',
    phase: 'refresh',
    error: () => refresh(Response.json({ error: 'invalid_grant' }, { status: 400 })),
    code: 'reauth_required',
    text: 'The provider no longer accepts the refresh token; the user must log in again.',
  },
  {
    name: 'another refresh error',
    phase: 'refresh',
    error: () => refresh(Response.json({ error: 'invalid_request' }, { status: 400 })),
    code: 'refresh_failed',
    text: 'The provider rejected the request.',
  },
  {
    name: 'a token error',
    phase: 'token',
    error: () => login(Response.json({ error: 'invalid_grant' }, { status: 400 })),
    code: 'token_rejected',
    text: 'The provider rejected the request.',
  },
  {
    name: 'a challenge on refresh',
    phase: 'refresh',
    error: () =>
      refresh(new Response(null, { status: 401, headers: { 'www-authenticate': 'Basic realm="op"' } })),
    code: 'refresh_failed',
    text: 'The provider rejected our credentials (HTTP 401).',
  },
  {
    name: 'a challenge on the token request',
    phase: 'token',
    error: () =>
      login(new Response(null, { status: 401, headers: { 'www-authenticate': 'Basic realm="op"' } })),
    code: 'token_rejected',
    text: 'The provider rejected our credentials (HTTP 401).',
  },
  {
    name: 'a plain-http endpoint',
    phase: 'token',
    error: () => thrown(() => oauth.checkProtocol(new URL('http://op.example/token'), true)),
    code: 'config_invalid',
    text: 'Provider endpoints must use https (allowInsecureRequests is for development only).',
  },
  {
    name: 'an endpoint that is not http(s)',
    phase: 'token',
    error: () => thrown(() => oauth.checkProtocol(new URL('ftp://op.example/token'), false)),
    code: 'config_invalid',
    text: 'Provider endpoints must use https (allowInsecureRequests is for development only).',
  },
  {
    name: 'a callback carrying an ID token (hybrid flow)',
    phase: 'callback',
    error: () => callback('code=c&state=s&id_token=x'),
    code: 'callback_invalid',
    text: 'The provider answered with something this client does not support.',
  },
  {
    name: 'a callback with two state parameters',
    phase: 'callback',
    error: () => callback('code=c&state=s&state=s'),
    code: 'callback_invalid',
    text: 'The callback is malformed.',
  },
  idToken('another issuer', 'its "iss" is not the provider\'s issuer', () =>
    loginWith(signed(claims((c) => ({ ...c, iss: 'https://evil.example' })))),
  ),
  idToken('a second audience without azp', 'its "aud" names other audiences too, and it has no "azp"', () =>
    loginWith(signed(claims((c) => ({ ...c, aud: ['rp', 'other'] })))),
  ),
  idToken('another audience', 'its "aud" does not name this client', () =>
    loginWith(signed(claims((c) => ({ ...c, aud: 'other' })))),
  ),
  idToken('another authorized party', 'its "azp" is not this client', () =>
    loginWith(signed(claims((c) => ({ ...c, aud: ['rp', 'other'], azp: 'other' })))),
  ),
  idToken('another nonce', 'its "nonce" is not the one of this login', () =>
    loginWith(signed(claims((c) => ({ ...c, nonce: 'n-2' })))),
  ),
  // No code-flow check compares another claim; oauth4webapi's hybrid-flow c_hash check does.
  idToken('a comparison of another claim', 'a claim does not have the expected value', async () =>
    thrown(() => {
      throw new oauth.OperationProcessingError('c_hash', {
        code: oauth.JWT_CLAIM_COMPARISON,
        cause: { claim: 'c_hash' },
      })
    }),
  ),
  idToken('an expired token', 'it has expired', () =>
    loginWith(signed(claims((c) => ({ ...c, iat: now() - 900, exp: now() - 600 })))),
  ),
  idToken('a token not valid yet', 'it is not valid yet ("nbf")', () =>
    loginWith(signed(claims((c) => ({ ...c, nbf: now() + 600 })))),
  ),
  idToken('an authentication older than max_age', 'its "auth_time" is too old', () =>
    loginWith(signed(claims((c) => ({ ...c, auth_time: now() - 3600 }))), { maxAge: 60 }),
  ),
  // The hybrid flow's iat check is the only other one.
  idToken('another time check', 'one of its times is out of range', async () =>
    thrown(() => {
      throw new oauth.OperationProcessingError('iat', {
        code: oauth.JWT_TIMESTAMP_CHECK,
        cause: { claim: 'iat' },
      })
    }),
  ),
  idToken('a missing iss', 'its "iss" is missing or not a string', () =>
    loginWith(signed(claims(({ iss: _, ...c }) => c))),
  ),
  idToken('a sub that is not a string', 'its "sub" is missing or not a string', () =>
    loginWith(signed(claims((c) => ({ ...c, sub: 42 })))),
  ),
  idToken('a missing aud', 'its "aud" is missing or malformed', () =>
    loginWith(signed(claims(({ aud: _, ...c }) => c))),
  ),
  idToken('an exp that is not a number', 'its "exp" is missing or not a time', () =>
    loginWith(signed(claims((c) => ({ ...c, exp: 'tomorrow' })))),
  ),
  idToken('a missing iat', 'its "iat" is missing or not a time', () =>
    loginWith(signed(claims(({ iat: _, ...c }) => c))),
  ),
  idToken('an nbf that is not a number', 'its "nbf" is not a time', () =>
    loginWith(signed(claims((c) => ({ ...c, nbf: 'now' })))),
  ),
  idToken('a missing nonce', 'its "nonce" is missing', () =>
    loginWith(signed(claims(({ nonce: _, ...c }) => c))),
  ),
  idToken('an auth_time that is not a number', 'its "auth_time" is missing or not a time', () =>
    loginWith(signed(claims((c) => ({ ...c, auth_time: 'earlier' })))),
  ),
  // oauth4webapi's claim checks all concern a claim above; a future one would land here.
  idToken('claims refused for another reason', 'a claim is missing or malformed', async () =>
    thrown(() => {
      throw new oauth.OperationProcessingError('claims', {
        code: oauth.INVALID_RESPONSE,
        cause: { claims: claims((c) => ({ ...c, auth_time: now() })) },
      })
    }),
  ),
  idToken(
    'an algorithm the provider does not advertise',
    'its signing algorithm is not one this client accepts',
    () => loginWith(new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32))),
  ),
  idToken('a JWT of two parts', 'it is not a well-formed JWT', () => loginWith('e30.e30')),
  idToken('a header that is not base64url', 'it is not a well-formed JWT', () => loginWith('%%%.e30.c2ln')),
  idToken('a login response without an ID token', 'it is missing or not a string', () =>
    loginWith(undefined as unknown as string),
  ),
  idToken(
    'a critical header extension',
    'its header has a critical extension ("crit") this client does not support',
    () => loginWith(crafted({ alg: 'ES256', crit: ['x'], x: 1 }, claims())),
  ),
  idToken('an encrypted ID token', 'it is encrypted, which this client does not support', () =>
    loginWith('e30.e30.e30.e30.e30'),
  ),
  idToken('a key that is not in the JWKS', 'no key of the provider matches its signature', async () => {
    const response = Response.json(tokenBody(await signed(claims(), { kid: 'unknown' })))
    await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: NONCE,
      requireIdToken: true,
    })
    return thrown(() =>
      oauth.validateApplicationLevelSignature({ ...as }, response, {
        [oauth.customFetch]: async () => Response.json({ keys: [] }),
      }),
    )
  }),
  {
    name: 'a UserInfo for another sub',
    phase: 'userinfo',
    error: () =>
      thrown(() => oauth.processUserInfoResponse(as, client, 'alice', Response.json({ sub: 'mallory' }))),
    code: 'userinfo_invalid',
    text: "The provider's UserInfo response does not match the ID token.",
  },
  {
    name: 'an unknown token_type',
    phase: 'token',
    error: () => login({ access_token: 'at', token_type: 'mac' }),
    code: 'provider_response_invalid',
    text: 'The provider answered with something this client does not support.',
  },
  {
    name: 'a refresh answer that is not JSON',
    phase: 'refresh',
    error: () => refresh(new Response('<html>', { headers: { 'content-type': 'text/html' } })),
    code: 'refresh_failed',
    text: 'The provider answered with an unusable response.',
  },
  {
    name: 'a token answer that is not JSON',
    phase: 'token',
    error: () => login(new Response('<html>', { headers: { 'content-type': 'text/html' } })),
    code: 'provider_response_invalid',
    text: 'The provider answered with an unusable response.',
  },
]

const reached = new Set<unknown>()

describe('oauth4webapi errors → our codes (the table in oauth4webapi-codes.ts)', () => {
  it.each(cases)('$name → $code', async ({ phase, error: run, code, text }) => {
    const error = await run()
    expect(isOauth4webapiError(error)).toBe(true)
    const mapped = toDanceError(error, phase, 'acme')
    expect(mapped.code).toBe(code)
    expect(mapped.message).toBe(code === 'id_token_invalid' ? `acme's ID token is not valid: ${text}.` : text)
    if (!isOauth4webapiError(error)) return
    reached.add(classifyOauth4webapiError(error, phase))
  })

  it('a JWT header that is base64url but not JSON reads as an unusable answer (no structured signal)', async () => {
    // oauth4webapi throws PARSE_ERROR with a SyntaxError for it, exactly as for a token body that is not
    // JSON: nothing structured tells the two apart.
    const error = await loginWith(`${Buffer.from('not json').toString('base64url')}.e30.c2ln`)
    expect(toDanceError(error, 'token', 'acme').code).toBe('provider_response_invalid')
  })

  it('keeps what the provider said out of the message, in providerError and friends', async () => {
    const error = await callback('error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E&state=s')
    const mapped = toDanceError(error, 'callback', 'acme')
    expect(mapped.providerError).toBe('access_denied')
    expect(mapped.providerErrorDescription).toBe('<b>no</b>')
    expect(mapped.message).not.toContain('<b>')
  })

  // Cases run in order: this one last, so every row must have been reached by a case above.
  it('reaches every row of the table', () => {
    const missing = OAUTH4WEBAPI_CODES.filter((row) => !reached.has(row)).map((row) =>
      'reason' in row ? row.reason : `${row.ours}: ${String(row.message)}`,
    )
    expect(missing).toEqual([])
  })
})
