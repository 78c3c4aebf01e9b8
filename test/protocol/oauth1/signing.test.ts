import { generateKeyPairSync, verify } from 'node:crypto'
import fc from 'fast-check'
import oauthSign from 'oauth-sign'
import { describe, expect, it } from 'vitest'
import { isDanceError } from '../../../src/errors.js'
import {
  authorizationHeader,
  oauthParameters,
  percentEncode,
  type SignableRequest,
  signatureBaseString,
  signRequest,
} from '../../../src/protocol/oauth1/index.js'

const request = (
  method: string,
  url: string,
  init: { headers?: HeadersInit; body?: SignableRequest['body'] } = {},
): SignableRequest => ({
  method,
  url: new URL(url),
  headers: new Headers(init.headers),
  body: init.body,
})

describe('RFC 5849 test vectors', () => {
  it('builds the §3.4.1.1 signature base string', () => {
    const url = new URL('http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b')
    const params: Array<[string, string]> = [
      ...url.searchParams,
      ['oauth_consumer_key', '9djdj82h48djs9d2'],
      ['oauth_token', 'kkk9d7dh3k39sjv7'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131201'],
      ['oauth_nonce', '7d8f3e4a'],
      ...new URLSearchParams('c2&a3=2+q'),
    ]
    expect(signatureBaseString('POST', url, params)).toBe(
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    )
  })

  it('signs the same request through a form body exactly as the vector says', () => {
    const req = request('POST', 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'c2&a3=2+q',
    })
    const config = {
      consumerKey: '9djdj82h48djs9d2',
      consumerSecret: 'j49sk3j29djd',
      signatureMethod: 'HMAC-SHA1' as const,
      includeVersion: false,
    }
    const ours = new Map(
      oauthParameters(config, req, {
        token: 'kkk9d7dh3k39sjv7',
        tokenSecret: 'dh893hdasih9',
        nonce: '7d8f3e4a',
        timestamp: '137131201',
      }),
    )
    // RFC 5849 §3.1 signs this request with these secrets and gets r6/TJjbCOr97/+UU0NsvSne7s5g=.
    expect(ours.get('oauth_signature')).toBe('r6/TJjbCOr97/+UU0NsvSne7s5g=')
  })

  it('reproduces the §1.2 HMAC-SHA1 signature, and differs with https or oauth_version', () => {
    const sign = (url: string, includeVersion: boolean) =>
      new Map(
        oauthParameters(
          {
            consumerKey: 'dpf43f3p2l4k3l03',
            consumerSecret: 'kd94hf93k423kf44',
            signatureMethod: 'HMAC-SHA1',
            includeVersion,
          },
          request('GET', url),
          {
            token: 'nnch734d00sl2jdk',
            tokenSecret: 'pfkkdhi9sl3r4s00',
            nonce: 'chapoH',
            timestamp: '137131202',
          },
        ),
      ).get('oauth_signature')
    const url = 'http://photos.example.net/photos?file=vacation.jpg&size=original'
    expect(sign(url, false)).toBe('MdpQcU8iPSUjWoN/UDMsK2sui9I=')
    expect(sign(url.replace('http:', 'https:'), false)).not.toBe('MdpQcU8iPSUjWoN/UDMsK2sui9I=')
    expect(sign(url, true)).not.toBe('MdpQcU8iPSUjWoN/UDMsK2sui9I=')
  })

  it('makes RSA-SHA1 signatures that verify with the public key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const req = request('GET', 'https://jira.example.com/rest/api/2/myself?expand=groups')
    const params = oauthParameters(
      { consumerKey: 'jira-app', privateKey, signatureMethod: 'RSA-SHA1' },
      req,
      {
        token: 'tok',
        tokenSecret: 'ignored',
      },
    )
    const signature = params.find(([name]) => name === 'oauth_signature')![1]
    const base = signatureBaseString('GET', req.url, [
      ...req.url.searchParams,
      ...params.filter(([name]) => name !== 'oauth_signature'),
    ])
    expect(verify('sha1', Buffer.from(base), publicKey, Buffer.from(signature, 'base64'))).toBe(true)
    expect(verify('sha1', Buffer.from(`${base}x`), publicKey, Buffer.from(signature, 'base64'))).toBe(false)
  })
})

describe('percent-encoding (§3.6)', () => {
  it('encodes everything but the unreserved set, UTF-8 first, upper-case hex', () => {
    expect(percentEncode("Ladies + Gentlemen!*'()")).toBe('Ladies%20%2B%20Gentlemen%21%2A%27%28%29')
    expect(percentEncode('-._~azAZ09')).toBe('-._~azAZ09')
    expect(percentEncode('☃ é')).toBe('%E2%98%83%20%C3%A9')
    expect(percentEncode('\uD800')).toBe('%EF%BF%BD')
  })

  it('agrees with oauth-sign on random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        expect(percentEncode(value)).toBe(oauthSign.rfc3986(value))
      }),
    )
  })
})

describe('signatures agree with the independent oauth-sign package', () => {
  const pairs = fc.array(
    fc.tuple(fc.string({ minLength: 1, unit: 'grapheme' }), fc.string({ unit: 'grapheme' })),
    { maxLength: 6 },
  )
  for (const method of ['HMAC-SHA1', 'HMAC-SHA256', 'PLAINTEXT'] as const) {
    it(`${method} over random query and form parameters`, () => {
      fc.assert(
        fc.property(pairs, pairs, fc.string(), fc.string(), (query, form, consumerSecret, tokenSecret) => {
          const url = new URL('https://API.Example.com:443/a%20b/c')
          for (const [name, value] of query) url.searchParams.append(`q${name}`, value)
          const body = new URLSearchParams(form.map(([n, v]) => [`f${n}`, v])).toString()
          const req = request('post', url.href, {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body,
          })
          const params = oauthParameters(
            { consumerKey: 'ck', consumerSecret, signatureMethod: method },
            req,
            { token: 'tk', tokenSecret },
          )
          const theirs: Record<string, string | string[]> = Object.create(null)
          for (const [name, value] of [...req.url.searchParams, ...new URLSearchParams(body), ...params]) {
            if (name === 'oauth_signature') continue
            const prior = theirs[name]
            theirs[name] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value]
          }
          const expected = oauthSign.sign(
            method,
            'POST',
            'https://api.example.com/a%20b/c',
            theirs,
            consumerSecret,
            tokenSecret,
          )
          expect(params.find(([name]) => name === 'oauth_signature')![1]).toBe(expected)
        }),
        { numRuns: 200 },
      )
    })
  }
})

describe('placement and protocol parameters', () => {
  const config = { consumerKey: 'ck', consumerSecret: 'cs', signatureMethod: 'HMAC-SHA1' as const }

  it('writes a quoted, encoded Authorization header with the realm first', () => {
    expect(authorizationHeader([['oauth_callback', 'http://a/b?c=d']], 'Photos')).toBe(
      'OAuth realm="Photos", oauth_callback="http%3A%2F%2Fa%2Fb%3Fc%3Dd"',
    )
    const req = request('GET', 'https://api.example.com/x')
    signRequest({ ...config, realm: 'r' }, req, { token: 't', tokenSecret: 's' })
    const header = req.headers.get('authorization')!
    expect(header).toMatch(/^OAuth realm="r", oauth_consumer_key="ck", /)
    for (const name of [
      'oauth_nonce',
      'oauth_timestamp',
      'oauth_token',
      'oauth_signature',
      'oauth_version',
    ]) {
      expect(header).toContain(`${name}="`)
    }
  })

  it('puts the parameters in the query, or in a form body (query for a bodiless GET)', () => {
    const q = request('GET', 'https://api.example.com/x?a=1')
    signRequest({ ...config, signatureLocation: 'query' }, q)
    expect(q.url.searchParams.get('a')).toBe('1')
    expect(q.url.searchParams.get('oauth_signature')).toBeTruthy()
    expect(q.headers.has('authorization')).toBe(false)

    const b = request('POST', 'https://api.example.com/x', {
      body: new URLSearchParams({ text: 'hi there' }),
    })
    signRequest({ ...config, signatureLocation: 'body' }, b)
    const body = new URLSearchParams(String(b.body))
    expect(body.get('text')).toBe('hi there')
    expect(body.get('oauth_signature')).toBeTruthy()
    expect(b.headers.get('content-type')).toBe('application/x-www-form-urlencoded')

    const g = request('GET', 'https://api.example.com/x')
    signRequest({ ...config, signatureLocation: 'body' }, g)
    expect(g.url.searchParams.has('oauth_signature')).toBe(true)

    const j = request('POST', 'https://api.example.com/x', {
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(() => signRequest({ ...config, signatureLocation: 'body' }, j)).toThrow(/form-encoded body/)
  })

  it('signs a form body but not a JSON body', () => {
    const fixed = { token: 't', tokenSecret: 's', nonce: 'n', timestamp: '1' }
    const sig = (req: SignableRequest) => new Map(oauthParameters(config, req, fixed)).get('oauth_signature')
    const bare = sig(request('POST', 'https://a.example/x'))
    const json = sig(
      request('POST', 'https://a.example/x', {
        headers: { 'content-type': 'application/json' },
        body: '{"a":"1"}',
      }),
    )
    const formed = sig(
      request('POST', 'https://a.example/x', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1',
      }),
    )
    expect(json).toBe(bare)
    expect(formed).not.toBe(bare)
  })

  it('uses a fresh 128-bit nonce and the current timestamp', () => {
    const nonces = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const params = new Map(oauthParameters(config, request('GET', 'https://a.example/')))
      nonces.add(params.get('oauth_nonce')!)
      expect(Math.abs(Number(params.get('oauth_timestamp')) - Date.now() / 1000)).toBeLessThan(5)
    }
    expect(nonces.size).toBe(1000)
    expect([...nonces][0]).toMatch(/^[0-9a-f]{32}$/)
  })

  it('refuses PLAINTEXT over http unless allowed, and a second copy of a protocol parameter', () => {
    const plain = { ...config, signatureMethod: 'PLAINTEXT' as const }
    const error = (() => {
      try {
        oauthParameters(plain, request('GET', 'http://a.example/'))
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(isDanceError(error, 'config_invalid')).toBe(true)
    const allowed = new Map(
      oauthParameters({ ...plain, allowInsecureRequests: true }, request('GET', 'http://a.example/'), {
        tokenSecret: 's&t',
      }),
    )
    expect(allowed.get('oauth_signature')).toBe('cs&s%26t')
    expect(() =>
      oauthParameters(config, request('GET', 'https://a.example/?oauth_token=x'), { token: 'y' }),
    ).toThrow(/oauth_token/)
  })
})
