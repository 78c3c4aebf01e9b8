/**
 * What the modern OAuth tests (signed client authentication, PAR, DPoP) share: blueprints mounted on
 * one Express app with memory storage and an API route, a record of each blueprint's back-channel
 * requests, and one login followed by an API call, a refresh and another API call.
 */
import { expect } from 'vitest'
import { dance } from '../../../src/adapters/express.js'
import type { OAuth2Blueprint } from '../../../src/consumer/oauth2-blueprint.js'
import { isDanceError } from '../../../src/errors.js'
import { MemoryStorage } from '../../../src/storage/memory.js'
import type { Token } from '../../../src/token.js'
import type { TestApp } from '../../support/express-app.js'
import { HttpBrowser } from '../../support/http-browser.js'

/** One back-channel request a blueprint sent. */
export interface SentRequest {
  readonly method: string
  readonly path: string
  readonly headers: Headers
  readonly body: URLSearchParams
}

/** Blueprints on one app, each with its own memory storage and a record of what it sent. */
export class ModernApp {
  readonly sent = new Map<string, SentRequest[]>()
  readonly storages = new Map<string, MemoryStorage>()
  /** Per blueprint: stands between it and the network (to tamper with a request or an answer). */
  readonly intercept = new Map<
    string,
    (url: URL, init: RequestInit | undefined, send: typeof fetch) => Promise<Response>
  >()
  readonly #app: TestApp

  constructor(app: TestApp) {
    this.#app = app
  }

  /** A fetch that records each request of blueprint `name` before sending it. */
  recordingFetch(name: string) {
    return (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : input)
      const list = this.sent.get(name) ?? []
      const body = init?.body
      list.push({
        method: init?.method ?? 'GET',
        path: url.pathname,
        headers: new Headers(init?.headers),
        body: new URLSearchParams(typeof body === 'string' || body instanceof URLSearchParams ? body : ''),
      })
      this.sent.set(name, list)
      const intercept = this.intercept.get(name)
      return intercept ? intercept(url, init, fetch) : fetch(input, init)
    }
  }

  /** Requests blueprint `name` sent to `path`. */
  sentTo(name: string, path: string): SentRequest[] {
    return (this.sent.get(name) ?? []).filter((request) => request.path === path)
  }

  /** Mounts `blueprint` with memory storage and `GET /api/<name>`: its client's `GET /me`, or the error code. */
  mount(blueprint: OAuth2Blueprint): void {
    const storage = new MemoryStorage({ singleUser: true })
    this.storages.set(blueprint.name, storage)
    blueprint.storage = storage
    this.#app.app.use(dance(blueprint))
    this.#app.app.get(`/api/${blueprint.name}`, async (_req, res) => {
      try {
        res.json(await (await blueprint.client.get('/me')).json())
      } catch (error) {
        if (!isDanceError(error)) throw error
        res.status(error.status).send(error.code)
      }
    })
  }

  /** Logs in as `login`, calls the API, expires the token, calls again (refreshing first); returns both tokens. */
  async danceAndRefresh(name: string, login: string): Promise<{ first: Token; refreshed: Token }> {
    const origin = this.#app.origin
    const browser = new HttpBrowser()
    const callback = await browser.loginWithOidcProvider(`${origin}/login/${name}`, login, origin)
    expect(callback.status).toBe(302)
    const storage = this.storages.get(name)!
    const first = storage.get({ provider: name })!
    expect(first.refresh_token).toBeTypeOf('string')
    const before = await browser.fetch(`${origin}/api/${name}`)
    expect(await before.json()).toMatchObject({ sub: login })
    storage.set({ provider: name }, { ...first, expires_at: Math.floor(Date.now() / 1000) - 10 })
    const after = await browser.fetch(`${origin}/api/${name}`)
    expect(await after.json()).toMatchObject({ sub: login })
    const refreshed = storage.get({ provider: name })!
    expect(refreshed.access_token).not.toBe(first.access_token)
    const grants = this.sentTo(name, '/token').map((request) => request.body.get('grant_type'))
    // A code exchange refused for want of a DPoP nonce is sent once more: one or two of them.
    expect(grants.at(-1)).toBe('refresh_token')
    expect(new Set(grants)).toEqual(new Set(['authorization_code', 'refresh_token']))
    expect(grants.length).toBeLessThanOrEqual(3)
    return { first, refreshed }
  }
}
