import { describe, expect, it } from 'vitest'
import { normalizeTokenResponse } from '../../../src/protocol/oauth2/quirks.js'

const form = (body: string, status = 200) =>
  new Response(body, {
    status,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  })
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('token response quirks', () => {
  it('leaves responses alone when the provider has no quirks', async () => {
    const original = form('access_token=a')
    expect(await normalizeTokenResponse(original, {})).toBe(original)
  })

  it('turns a form-encoded answer into JSON (GitHub without Accept: application/json)', async () => {
    const out = await normalizeTokenResponse(form('access_token=gho_x&scope=repo%2Cgist&token_type=bearer'), {
      formEncodedTokenResponse: true,
    })
    expect(out.status).toBe(200)
    expect(out.headers.get('content-type')).toBe('application/json')
    expect(await out.json()).toEqual({ access_token: 'gho_x', scope: 'repo,gist', token_type: 'bearer' })
  })

  it('does not parse form bodies for providers that never send them', async () => {
    const out = await normalizeTokenResponse(form('access_token=a'), { errorsWithStatus200: true })
    expect(out.headers.get('content-type')).toMatch(/x-www-form-urlencoded/)
    expect(await out.text()).toBe('access_token=a')
  })

  it('makes an HTTP 200 error an HTTP 400 error', async () => {
    const quirks = { formEncodedTokenResponse: true, errorsWithStatus200: true }
    const fromForm = await normalizeTokenResponse(
      form('error=bad_verification_code&error_description=x'),
      quirks,
    )
    expect(fromForm.status).toBe(400)
    expect(await fromForm.json()).toMatchObject({ error: 'bad_verification_code' })
    const fromJson = await normalizeTokenResponse(json({ error: 'incorrect_client_credentials' }), quirks)
    expect(fromJson.status).toBe(400)
  })

  it('lifts a nested token (Slack authed_user) and keeps the original member', async () => {
    const out = await normalizeTokenResponse(
      json({ ok: true, authed_user: { access_token: 'xoxp', token_type: 'user', scope: 'a' } }),
      { nestedTokenMember: 'authed_user' },
    )
    expect(await out.json()).toMatchObject({
      access_token: 'xoxp',
      scope: 'a',
      authed_user: { access_token: 'xoxp' },
    })
  })

  it('overrides an unusual token type and defaults a missing one to bearer', async () => {
    const overridden = await normalizeTokenResponse(json({ access_token: 'a', token_type: 'bot' }), {
      tokenTypeOverride: 'bearer',
    })
    expect(await overridden.json()).toMatchObject({ token_type: 'bearer', provider_token_type: 'bot' })
    const missing = await normalizeTokenResponse(form('access_token=a'), { formEncodedTokenResponse: true })
    expect(await missing.json()).toEqual({ access_token: 'a', token_type: 'bearer' })
  })

  it('passes through bodies it cannot parse, status unchanged', async () => {
    const html = new Response('<html>Bad gateway</html>', {
      status: 502,
      headers: { 'content-type': 'text/html' },
    })
    const out = await normalizeTokenResponse(html, {
      formEncodedTokenResponse: true,
      errorsWithStatus200: true,
    })
    expect(out.status).toBe(502)
    expect(await out.text()).toBe('<html>Bad gateway</html>')
  })

  it("reads any non-JSON answer as a form with 'any-type' (Deezer labels its form body text/html)", async () => {
    const html = new Response('access_token=dz&expires=3600', {
      headers: { 'content-type': 'text/html; charset=utf-8' },
    })
    const out = await normalizeTokenResponse(html, { formEncodedTokenResponse: 'any-type' })
    expect(await out.json()).toEqual({ access_token: 'dz', expires: '3600', token_type: 'bearer' })
    // `true` keeps reading only what is labelled form-encoded.
    const labelled = new Response('access_token=dz', { headers: { 'content-type': 'text/html' } })
    const kept = await normalizeTokenResponse(labelled, { formEncodedTokenResponse: true })
    expect(await kept.text()).toBe('access_token=dz')
  })

  it('reads the lifetime from another member, 0 meaning a token that never expires', async () => {
    const quirks = { expiresInMember: 'expires' }
    const timed = await normalizeTokenResponse(json({ access_token: 'a', expires: '3600' }), quirks)
    expect(await timed.json()).toEqual({ access_token: 'a', expires_in: 3600, token_type: 'bearer' })
    const forever = await normalizeTokenResponse(json({ access_token: 'a', expires: 0 }), quirks)
    expect(await forever.json()).toEqual({ access_token: 'a', token_type: 'bearer' })
    // A standard expires_in wins over the provider's own member.
    const both = await normalizeTokenResponse(json({ access_token: 'a', expires_in: 60, expires: 0 }), quirks)
    expect(await both.json()).toMatchObject({ expires_in: 60, expires: 0 })
  })
})
