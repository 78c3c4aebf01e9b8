/**
 * The scrub rule of recorded API calls, carrier by carrier: request query, request headers, form and
 * JSON request bodies, JSON and form-encoded token answers (nested members too), response headers.
 * Each case checks that the secret is gone and what it became, and that what is not secret is kept.
 */
import { describe, expect, it } from 'vitest'
import {
  type LiveRequest,
  type LiveResponse,
  type RecordedRequest,
  type RecordedResponse,
  scrubRequest,
  scrubResponse,
} from '../../src/testing/recorded-call.js'
import { Scrubber, type ScrubRules } from '../../src/testing/scrub.js'

const KEEP = new Set(['accept', 'authorization', 'content-type', 'cookie', 'dpop', 'x-api-key'])

/** Scrubs as the recorder does: a learning pass, then the pass that is kept. */
function request(scrubber: Scrubber, live: Partial<LiveRequest> & { url: string }): RecordedRequest {
  const full: LiveRequest = { method: 'GET', headers: new Headers(), body: undefined, ...live }
  scrubRequest(scrubber, full, KEEP)
  return scrubRequest(scrubber, full, KEEP)
}

function response(scrubber: Scrubber, body: string, headers: Record<string, string> = {}): RecordedResponse {
  const live: LiveResponse = {
    status: 200,
    headers: new Headers(headers),
    body: new TextEncoder().encode(body),
  }
  scrubResponse(scrubber, live, new Set(['date']))
  return scrubResponse(scrubber, live, new Set(['date']))
}

function form(text: string): { body: Uint8Array; headers: Headers } {
  return {
    body: new TextEncoder().encode(text),
    headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded' }),
  }
}

const AT = 'gho_16C7e42F292c6912E7710c838347Ae178B4a'
const RT = 'ghr_1B4a2e77838347a7E420ce178F2E7c6912E1'

describe('scrubbing the request', () => {
  it('replaces secret query parameters and keeps the others', () => {
    const scrubbed = request(new Scrubber(), {
      url: `https://api.example/v1/me?access_token=${AT}&page=2&api_key=k-123456789`,
    })
    expect(scrubbed.url).toBe(
      'https://api.example/v1/me?access_token=SCRUBBED_ACCESS_TOKEN_1&page=2&api_key=SCRUBBED_API_KEY_1',
    )
  })

  it('replaces the credentials of Authorization (keeping the scheme), DPoP, cookies and key headers', () => {
    const basic = btoa('client-id:client-secret-value')
    const dpop = 'eyJhbGciOiJFUzI1NiJ9.eyJodG0iOiJHRVQifQ.c2lnbmF0dXJl'
    const scrubber = new Scrubber()
    const bearer = request(scrubber, {
      url: 'https://api.example/me',
      headers: new Headers({
        authorization: `Bearer ${AT}`,
        dpop,
        cookie: 'session=abcdef0123456789; theme=dark',
        'x-api-key': 'key-0123456789',
        accept: 'application/json',
      }),
    })
    const token = request(scrubber, {
      method: 'POST',
      url: 'https://provider.example/token',
      headers: new Headers({ authorization: `Basic ${basic}` }),
    })
    expect(bearer.headers).toEqual({
      accept: 'application/json',
      authorization: 'Bearer SCRUBBED_ACCESS_TOKEN_1',
      cookie: 'session=SCRUBBED_COOKIE_1; theme=SCRUBBED_COOKIE_2',
      dpop: 'SCRUBBED_DPOP_1',
      'x-api-key': 'SCRUBBED_X_API_KEY_1',
    })
    expect(token.headers.authorization).toBe('Basic SCRUBBED_BASIC_1')
    expect(JSON.stringify([bearer, token])).not.toContain(basic)
  })

  it('replaces the token and signature of an OAuth 1.0a Authorization header, keeping the other parameters', () => {
    const scrubbed = request(new Scrubber(), {
      url: 'https://api.example/1.1/account.json',
      headers: new Headers({
        authorization:
          'OAuth oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk", oauth_signature_method="HMAC-SHA1", oauth_signature="tR3%2Bty81lMeYAr%2FFid0kMTYa%2FWM%3D", oauth_nonce="kllo9940pd9333jh"',
      }),
    })
    expect(scrubbed.headers.authorization).toBe(
      'OAuth oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="SCRUBBED_OAUTH_TOKEN_1", oauth_signature_method="HMAC-SHA1", oauth_signature="SCRUBBED_OAUTH_SIGNATURE", oauth_nonce="SCRUBBED_OAUTH_NONCE"',
    )
  })

  it('gives OAuth 1.0a signatures, nonces and timestamps in a query one fixed text, so replays match', () => {
    const scrubber = new Scrubber()
    const signed = (nonce: string, timestamp: string, signature: string) =>
      request(scrubber, {
        url: `https://api.example/me?q=x&oauth_consumer_key=ck&oauth_nonce=${nonce}&oauth_timestamp=${timestamp}&oauth_signature=${signature}`,
      }).url
    const first = signed('n0nce0000000001', '1764936000', 'c2lnbmF0dXJlLW9uZQ%3D%3D')
    expect(first).toBe(
      'https://api.example/me?q=x&oauth_consumer_key=ck&oauth_nonce=SCRUBBED_OAUTH_NONCE&oauth_timestamp=SCRUBBED_OAUTH_TIMESTAMP&oauth_signature=SCRUBBED_OAUTH_SIGNATURE',
    )
    expect(signed('n0nce0000000002', '1764936042', 'c2lnbmF0dXJlLXR3bw%3D%3D')).toBe(first)
  })

  it('replaces a bare token under the OAuth scheme (an OAuth 2 API such as Yandex) and other schemes', () => {
    const scrubber = new Scrubber()
    const yandex = request(scrubber, {
      url: 'https://login.yandex.ru/info',
      headers: new Headers({ authorization: `OAuth ${AT}` }),
    })
    const zoho = request(scrubber, {
      url: 'https://www.zohoapis.com/crm/v2/users',
      headers: new Headers({ authorization: 'Zoho-oauthtoken 1000.abcdef0123456789' }),
    })
    expect(yandex.headers.authorization).toBe('OAuth SCRUBBED_ACCESS_TOKEN_1')
    expect(zoho.headers.authorization).toBe('Zoho-oauthtoken SCRUBBED_AUTHORIZATION_1')
  })

  it('replaces the secrets of a form body: code, verifier, client secret, assertion, refresh token', () => {
    const assertion = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJjbGllbnQifQ.c2lnbmF0dXJlLWJ5dGVz'
    const secrets = [
      'c0de-abcdefgh',
      'verifier-0123456789abcdefghijklmnopqrstuvwxyz',
      'the-client-secret',
      assertion,
    ]
    const scrubbed = request(new Scrubber(), {
      method: 'POST',
      url: 'https://provider.example/token',
      ...form(
        `grant_type=authorization_code&code=${secrets[0]}&code_verifier=${secrets[1]}&client_secret=${secrets[2]}` +
          `&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=${assertion}` +
          `&redirect_uri=${encodeURIComponent('https://app.example/cb')}`,
      ),
    })
    expect(scrubbed.text).toBe(
      'grant_type=authorization_code&code=SCRUBBED_CODE_1&code_verifier=SCRUBBED_CODE_VERIFIER_1' +
        '&client_secret=SCRUBBED_CLIENT_SECRET_1' +
        '&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer' +
        '&client_assertion=SCRUBBED_CLIENT_ASSERTION_1&redirect_uri=https%3A%2F%2Fapp.example%2Fcb',
    )
    for (const secret of secrets) expect(JSON.stringify(scrubbed)).not.toContain(secret)
  })

  it('replaces a short code where its name says so, but not the same letters elsewhere', () => {
    const scrubbed = request(new Scrubber(), {
      method: 'POST',
      url: 'https://provider.example/token',
      ...form('grant_type=authorization_code&code=c'),
    })
    expect(scrubbed.text).toBe('grant_type=authorization_code&code=SCRUBBED_CODE_1')
  })

  it('replaces secret members of a JSON body at any depth, whole subtrees under a secret name', () => {
    const scrubbed = request(new Scrubber(), {
      method: 'POST',
      url: 'https://provider.example/revoke',
      headers: new Headers({ 'content-type': 'application/json' }),
      body: new TextEncoder().encode(
        JSON.stringify({
          token: RT,
          client: {
            id: 'cid',
            clientSecret: 'shh-0123456789',
            privateKey: 'pk-0123456789',
            secret_key: 'sk',
          },
          webhook_secret: { value: 'whsec-0123456789', rotated: ['whsec-old-012345'] },
          count: 3,
        }),
      ),
    })
    expect(scrubbed.json).toEqual({
      token: 'SCRUBBED_TOKEN_1',
      client: {
        id: 'cid',
        clientSecret: 'SCRUBBED_CLIENT_SECRET_1',
        privateKey: 'SCRUBBED_PRIVATE_KEY_1',
        secret_key: 'SCRUBBED_SECRET_KEY_1',
      },
      webhook_secret: { value: 'SCRUBBED_WEBHOOK_SECRET_1', rotated: ['SCRUBBED_WEBHOOK_SECRET_2'] },
      count: 3,
    })
  })

  it('replaces a number under a secret name (a one-time code, a PIN), the same number the same way', () => {
    const scrubber = new Scrubber()
    const body = (json: unknown) => ({
      method: 'POST',
      url: 'https://api.example/verify',
      headers: new Headers({ 'content-type': 'application/json' }),
      body: new TextEncoder().encode(JSON.stringify(json)),
    })
    const first = request(
      scrubber,
      body({ code: 123456, pin: 1234, attempts: 2, nested: { otp_token: 987654 } }),
    )
    expect(first.json).toEqual({
      code: 'SCRUBBED_CODE_1',
      pin: 'SCRUBBED_PIN_1',
      attempts: 2,
      nested: { otp_token: 'SCRUBBED_OTP_TOKEN_1' },
    })
    const again = request(scrubber, body({ pin: 1234 }))
    expect(again.json).toEqual({ pin: 'SCRUBBED_PIN_1' })
    expect(JSON.stringify([first, again])).not.toMatch(/123456|1234|987654/)
  })

  it('replaces the password of a URL', () => {
    const scrubbed = request(new Scrubber(), { url: 'https://user:pa55word-long@api.example/x' })
    expect(scrubbed.url).toBe('https://user:SCRUBBED_PASSWORD_1@api.example/x')
  })
})

describe('scrubbing the response', () => {
  it('replaces the tokens of a JSON token answer, nested ones too, and keeps its bytes otherwise', () => {
    const idToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIyNDgyODk3NjEwMDEifQ.c2lnbmF0dXJl'
    const text = `{\n  "ok": true,\n  "access_token": "${AT}",\n  "refresh_token": "${RT}",\n  "id_token": "${idToken}",\n  "expires_in": 3600,\n  "authed_user": { "id": "U1", "access_token": "xoxp-0123456789", "refresh_token": "xoxe-0123456789" }\n}`
    const scrubbed = response(new Scrubber(), text, { 'content-type': 'application/json' })
    // Pretty-printed by the provider: kept as text, so replay answers these very bytes.
    expect(scrubbed.text).toBe(
      `{\n  "ok": true,\n  "access_token": "SCRUBBED_ACCESS_TOKEN_1",\n  "refresh_token": "SCRUBBED_REFRESH_TOKEN_1",\n  "id_token": "SCRUBBED_ID_TOKEN_1",\n  "expires_in": 3600,\n  "authed_user": { "id": "U1", "access_token": "SCRUBBED_ACCESS_TOKEN_2", "refresh_token": "SCRUBBED_REFRESH_TOKEN_2" }\n}`,
    )
  })

  it('keeps a compact JSON answer as JSON', () => {
    const scrubbed = response(new Scrubber(), JSON.stringify({ access_token: AT, token_type: 'bearer' }), {
      'content-type': 'application/json; charset=utf-8',
    })
    expect(scrubbed.json).toEqual({ access_token: 'SCRUBBED_ACCESS_TOKEN_1', token_type: 'bearer' })
    expect(scrubbed.text).toBeUndefined()
  })

  it('falls back to the structure when the provider escaped a token the text pass cannot see', () => {
    const slashed = 'abc/def/0123456789'
    const text = `{"access_token":"${slashed.replaceAll('/', '\\/')}","token_type":"bearer"}`
    const scrubbed = response(new Scrubber(), text, { 'content-type': 'application/json' })
    expect(scrubbed.json).toEqual({ access_token: 'SCRUBBED_ACCESS_TOKEN_1', token_type: 'bearer' })
    expect(JSON.stringify(scrubbed)).not.toContain('0123456789')
  })

  it('replaces the tokens of a form-encoded token answer (GitHub, OAuth 1) and keeps the rest', () => {
    const scrubber = new Scrubber()
    const github = response(scrubber, `access_token=${AT}&scope=repo%2Cgist&token_type=bearer`, {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    })
    expect(github.text).toBe('access_token=SCRUBBED_ACCESS_TOKEN_1&scope=repo%2Cgist&token_type=bearer')
    const oauth1 = response(
      scrubber,
      'oauth_token=hh5s93j4hdidpola&oauth_token_secret=hdhd0244k9j7ao03&oauth_callback_confirmed=true',
      { 'content-type': 'text/plain' },
    )
    expect(oauth1.text).toBe(
      'oauth_token=SCRUBBED_OAUTH_TOKEN_1&oauth_token_secret=SCRUBBED_OAUTH_TOKEN_SECRET_1&oauth_callback_confirmed=true',
    )
  })

  it('replaces cookie values in set-cookie and keeps their attributes; drops the dropped headers', () => {
    const live: LiveResponse = { status: 200, headers: new Headers(), body: new Uint8Array() }
    live.headers.append('set-cookie', 'sid=s%3Aabcdef0123456789; Path=/; HttpOnly')
    live.headers.append('set-cookie', 'csrf=zyxwvu9876543210; Secure')
    live.headers.set('date', 'Sat, 05 Dec 2026 12:00:00 GMT')
    live.headers.set('x-csrf-token', 'zyxwvu9876543210')
    live.headers.set('x-ratelimit-remaining', '59')
    const scrubber = new Scrubber()
    scrubResponse(scrubber, live, new Set(['date']))
    const scrubbed = scrubResponse(scrubber, live, new Set(['date']))
    expect(scrubbed.headers).toEqual({
      'set-cookie': ['sid=SCRUBBED_COOKIE_1; Path=/; HttpOnly', 'csrf=SCRUBBED_COOKIE_2; Secure'],
      'x-csrf-token': 'SCRUBBED_COOKIE_2',
      'x-ratelimit-remaining': '59',
    })
  })

  it('replaces a code, token or login state in the query of a Location header', () => {
    const live: LiveResponse = {
      status: 302,
      headers: new Headers({ location: 'https://app.example/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz' }),
      body: new Uint8Array(),
    }
    const scrubber = new Scrubber()
    scrubResponse(scrubber, live, new Set())
    expect(scrubResponse(scrubber, live, new Set()).headers.location).toBe(
      'https://app.example/cb?code=SCRUBBED_CODE_1&state=SCRUBBED_STATE_1',
    )
  })

  it('replaces a number under a secret name in an answer, pretty-printed or not', () => {
    const text = '{\n  "pin": 4321,\n  "recovery_secret": 55667788,\n  "expires_in": 3600\n}'
    const scrubbed = response(new Scrubber(), text, { 'content-type': 'application/json' })
    expect(JSON.stringify(scrubbed)).not.toMatch(/4321|55667788/)
    expect(scrubbed.json ?? JSON.parse(scrubbed.text ?? '')).toEqual({
      pin: 'SCRUBBED_PIN_1',
      recovery_secret: 'SCRUBBED_RECOVERY_SECRET_1',
      expires_in: 3600,
    })
  })

  it('keeps an API error code: `code` is a secret only in requests', () => {
    const scrubbed = response(new Scrubber(), JSON.stringify({ message: 'Not Found', code: 'not_found' }), {
      'content-type': 'application/json',
    })
    expect(scrubbed.json).toEqual({ message: 'Not Found', code: 'not_found' })
  })

  it('replaces a JWT under a name it does not know, and a known token echoed under any name', () => {
    const scrubber = new Scrubber()
    response(scrubber, JSON.stringify({ access_token: AT }), { 'content-type': 'application/json' })
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'
    const echo = response(scrubber, JSON.stringify({ seen: `Bearer ${AT}`, assertionish: jwt, note: 'ok' }), {
      'content-type': 'application/json',
    })
    expect(echo.json).toEqual({
      seen: 'Bearer SCRUBBED_ACCESS_TOKEN_1',
      assertionish: 'SCRUBBED_JWT_1',
      note: 'ok',
    })
  })
})

describe('one secret, one placeholder', () => {
  it('gives a token issued in an answer the same placeholder when it is sent back', () => {
    const scrubber = new Scrubber()
    response(scrubber, JSON.stringify({ access_token: AT, refresh_token: RT }), {
      'content-type': 'application/json',
    })
    const api = request(scrubber, {
      url: 'https://api.example/me',
      headers: new Headers({ authorization: `token ${AT}` }),
    })
    const refresh = request(scrubber, {
      method: 'POST',
      url: 'https://provider.example/token',
      ...form(`grant_type=refresh_token&refresh_token=${RT}`),
    })
    expect(api.headers.authorization).toBe('token SCRUBBED_ACCESS_TOKEN_1')
    expect(refresh.text).toBe('grant_type=refresh_token&refresh_token=SCRUBBED_REFRESH_TOKEN_1')
  })

  it('keeps a placeholder it meets again, and numbers new secrets after the ones an answer used', () => {
    const scrubber = new Scrubber()
    scrubber.observe(JSON.stringify({ access_token: 'SCRUBBED_ACCESS_TOKEN_2' }))
    const replayed = request(scrubber, {
      url: 'https://api.example/me?access_token=SCRUBBED_ACCESS_TOKEN_2',
      headers: new Headers({ authorization: 'Bearer a-new-token-0123' }),
    })
    expect(replayed.url).toBe('https://api.example/me?access_token=SCRUBBED_ACCESS_TOKEN_2')
    expect(replayed.headers.authorization).toBe('Bearer SCRUBBED_ACCESS_TOKEN_3')
  })
})

describe("the app's own rules", () => {
  it('scrubs the names, patterns and values the app adds', () => {
    const rules: ScrubRules = {
      names: ['X-Tenant-Handle', 'sessionid'],
      patterns: [/sk_live_[0-9a-z]+/],
      values: { app_origin: 'http://127.0.0.1:43123' },
    }
    const scrubber = new Scrubber(rules)
    const scrubbed = request(scrubber, {
      method: 'POST',
      url: 'https://provider.example/token?sessionid=42',
      ...form(
        `redirect_uri=${encodeURIComponent('http://127.0.0.1:43123/login/p/authorized')}&note=sk_live_abc1`,
      ),
    })
    expect(scrubbed.url).toBe('https://provider.example/token?sessionid=SCRUBBED_SESSIONID_1')
    expect(scrubbed.text).toBe(
      'redirect_uri=SCRUBBED_APP_ORIGIN%2Flogin%2Fp%2Fauthorized&note=SCRUBBED_SECRET_1',
    )
    expect(scrubber.header('x-tenant-handle', 'acme', 'response')).toBe('SCRUBBED_X_TENANT_HANDLE_1')
  })
})
