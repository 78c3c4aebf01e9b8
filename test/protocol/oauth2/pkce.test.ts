import * as oauth from 'oauth4webapi'
import { describe, expect, it } from 'vitest'

describe('PKCE (RFC 7636)', () => {
  it('computes the S256 challenge of Appendix B', async () => {
    // RFC 7636 Appendix B: the verifier and the challenge it must give.
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
    expect(await oauth.calculatePKCECodeChallenge(verifier)).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    )
  })

  it('generates verifiers of 43+ unreserved characters, different each time', () => {
    const a = oauth.generateRandomCodeVerifier()
    const b = oauth.generateRandomCodeVerifier()
    // §4.1: 43 to 128 characters of [A-Za-z0-9-._~].
    expect(a).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/)
    expect(a).not.toBe(b)
  })
})
