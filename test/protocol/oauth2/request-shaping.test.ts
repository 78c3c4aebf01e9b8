/**
 * The token and revocation requests reshaped by quirks, seen on the wire: a JSON body (Zendesk), renamed
 * client id and secret parameters (Deezer), and a revocation token under another name (VK ID).
 */
import { describe, expect, it } from 'vitest'
import type { FetchLike } from '../../../src/protocol/http.js'
import { revocationFetch } from '../../../src/protocol/oauth2/revocation-request.js'
import { tokenEndpointFetch } from '../../../src/protocol/oauth2/token-endpoint.js'

interface Seen {
  url: string
  contentType: string | null
  body: string
}

/** A transport that records what it was asked to send and answers a token. */
function recorder(): { transport: FetchLike; seen: Seen[] } {
  const seen: Seen[] = []
  const transport: FetchLike = async (input, init) => {
    const request = new Request(input, init)
    seen.push({
      url: request.url,
      contentType: request.headers.get('content-type'),
      body: await request.text(),
    })
    return Response.json({ access_token: 'a', token_type: 'bearer' })
  }
  return { transport, seen }
}

const formInit = (params: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
  body: new URLSearchParams(params),
})

describe('token request shaping', () => {
  it('sends the parameters as a JSON object with tokenRequestJson', async () => {
    const { transport, seen } = recorder()
    const fetchToken = tokenEndpointFetch(transport, { tokenRequestJson: true })
    await fetchToken(
      'https://acme.zendesk.com/oauth/tokens',
      formInit({ grant_type: 'authorization_code', code: 'c', client_id: 'id', client_secret: 's' }),
    )
    expect(seen[0]!.contentType).toBe('application/json')
    expect(JSON.parse(seen[0]!.body)).toEqual({
      grant_type: 'authorization_code',
      code: 'c',
      client_id: 'id',
      client_secret: 's',
    })
  })

  it('renames the client id and secret parameters (Deezer app_id and secret)', async () => {
    const { transport, seen } = recorder()
    const fetchToken = tokenEndpointFetch(transport, {
      clientIdParameter: 'app_id',
      clientSecretParameter: 'secret',
    })
    await fetchToken(
      'https://connect.deezer.com/oauth/access_token.php',
      formInit({ code: 'c', client_id: 'id', client_secret: 's' }),
    )
    const sent = new URLSearchParams(seen[0]!.body)
    expect([...sent.keys()].sort()).toEqual(['app_id', 'code', 'secret'])
    expect(sent.get('app_id')).toBe('id')
    expect(sent.get('secret')).toBe('s')
  })

  it('leaves a request alone without these quirks', async () => {
    const { transport, seen } = recorder()
    await tokenEndpointFetch(transport, {})(
      'https://idp.test/token',
      formInit({ client_id: 'id', client_secret: 's' }),
    )
    expect(new URLSearchParams(seen[0]!.body).get('client_secret')).toBe('s')
    expect(seen[0]!.contentType).toMatch(/x-www-form-urlencoded/)
  })
})

describe('revocation request shaping', () => {
  it('sends the token under the documented name and drops the type hint (VK ID access_token)', async () => {
    const { transport, seen } = recorder()
    const revoke = revocationFetch(transport, { revocationTokenParameter: 'access_token' })
    await revoke(
      'https://id.vk.com/oauth2/logout',
      formInit({ token: 't', token_type_hint: 'access_token', client_id: 'id' }),
    )
    const sent = new URLSearchParams(seen[0]!.body)
    expect(Object.fromEntries(sent)).toEqual({ access_token: 't', client_id: 'id' })
  })
  it('moves a renamed token into the query and leaves the client credentials in the body (Miro)', async () => {
    const { transport, seen } = recorder()
    const revoke = revocationFetch(transport, {
      revocationParams: 'query',
      revocationTokenParameter: 'access_token',
    })
    await revoke(
      'https://api.miro.com/v1/oauth/revoke',
      formInit({ token: 't', token_type_hint: 'access_token', client_id: 'id', client_secret: 's' }),
    )
    const url = new URL(seen[0]!.url)
    expect(Object.fromEntries(url.searchParams)).toEqual({ access_token: 't' })
    expect(Object.fromEntries(new URLSearchParams(seen[0]!.body))).toEqual({
      client_id: 'id',
      client_secret: 's',
    })
  })
})
