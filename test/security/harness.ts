/**
 * The security suite's rig: a real Express app (express-session + our middleware) on 127.0.0.1 with an
 * OAuth 2 blueprint pointed at the evil provider, an error hook and a logger that record everything.
 */

import { expect } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import {
  makeOAuth2Blueprint,
  type OAuth2Blueprint,
  type OAuth2BlueprintOptions,
} from '../../src/consumer/oauth2-blueprint.js'
import { DanceError, type DanceErrorCode, ERROR_CODES } from '../../src/errors.js'
import type { LogRecord } from '../../src/log.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import type { TokenStorage } from '../../src/storage/types.js'
import { type EvilProvider, type EvilProviderOptions, startEvilProvider } from '../support/evil-provider.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import type { HttpBrowser } from '../support/http-browser.js'

/** A running rig. */
export interface Rig {
  evil: EvilProvider
  app: TestApp
  blueprint: OAuth2Blueprint
  /** Stored tokens, when the rig uses memory storage (the default). */
  memory: MemoryStorage
  /** Every error the error hook received. */
  errors: DanceError[]
  /** Every debug log record. */
  logs: LogRecord[]
  /** Clears the records of the rig and the provider. */
  reset(): void
  close(): Promise<void>
}

/** Options of {@link startRig}. */
export interface RigOptions {
  evil?: EvilProviderOptions
  blueprint?: Partial<OAuth2BlueprintOptions>
  /** Use the session (the library default) instead of memory storage. */
  sessionStorage?: boolean
  /** Express `trust proxy`. */
  trustProxy?: boolean
}

/** The transaction cookie secret of the rig's blueprints. */
export const RIG_SECRET = 'security-suite-transaction-secret-0123456789'

/** Starts the evil provider and an app with one blueprint named `evil` (plus `/me` and `/` routes). */
export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const evil = await startEvilProvider(options.evil)
  const memory = new MemoryStorage({ singleUser: true })
  const errors: DanceError[] = []
  const logs: LogRecord[] = []
  let blueprint: OAuth2Blueprint | undefined
  const app = await startExpressApp((express) => {
    if (options.trustProxy) express.set('trust proxy', true)
    blueprint = makeOAuth2Blueprint({
      name: 'evil',
      clientId: evil.clientId,
      clientSecret: evil.clientSecret,
      authorizationUrl: evil.authorizationUrl,
      tokenUrl: evil.tokenUrl,
      baseUrl: evil.apiBaseUrl,
      issuer: evil.issuer,
      issuerParameterSupported: true,
      allowInsecureRequests: true,
      secret: RIG_SECRET,
      timeoutMs: 400,
      ...(!options.sessionStorage && { storage: memory as TokenStorage }),
      hooks: {
        error: ({ error }) => {
          errors.push(error)
        },
      },
      logger: (record) => logs.push(record),
      ...options.blueprint,
    })
    express.use(dance(blueprint))
    express.get('/me', async (_req, res) => {
      const client = blueprint!.client
      if (!(await client.authorized())) return void res.status(401).send('no token')
      const me = await client.get('me')
      res.status(me.status).json(await me.json())
    })
    express.get('/', (_req, res) => void res.send('home'))
    // Session probes for the fixation tests: the session id and a field the app set before login.
    express.get('/visit', (req, res) => {
      ;(req.session as unknown as Record<string, unknown>).visited = true
      res.send('ok')
    })
    express.get('/session', (req, res) => {
      const data = req.session as unknown as Record<string, unknown>
      res.json({ id: req.sessionID, visited: data.visited === true })
    })
  })
  const rig: Rig = {
    evil,
    app,
    blueprint: blueprint!,
    memory,
    errors,
    logs,
    reset() {
      if (!options.sessionStorage) {
        rig.memory = new MemoryStorage({ singleUser: true })
        rig.blueprint.storage = rig.memory
      }
      evil.reset()
      errors.length = 0
      logs.length = 0
    },
    async close() {
      await app.close()
      await evil.close()
    },
  }
  return rig
}

/** The browser starts a login at the app; returns the provider URL it was sent to. */
export async function beginLogin(rig: Rig, browser: HttpBrowser, query = ''): Promise<string> {
  const response = await browser.fetch(`${rig.app.origin}/login/evil${query}`)
  await response.body?.cancel()
  if (response.status !== 302) throw new Error(`login answered ${response.status}`)
  return response.headers.get('location')!
}

/** A whole login: start, authorize at the provider as `user`, and the app's answer to the callback. */
export async function fullLogin(
  rig: Rig,
  browser: HttpBrowser,
  user = 'alice',
  query = '',
): Promise<Response> {
  const callback = await rig.evil.authorize(await beginLogin(rig, browser, query), user)
  return browser.fetch(callback)
}

/** Names of the transaction cookies the browser holds for the app. */
export function transactionCookies(rig: Rig, browser: HttpBrowser): string[] {
  const jar = browser.cookies.get(new URL(rig.app.origin).host)
  return [...(jar?.keys() ?? [])].filter((name) => name.includes('oauth-dance-tx.'))
}

/** Asserts the common shape of a failed callback and returns the page text. */
export async function expectFailure(
  r: Rig,
  browser: HttpBrowser,
  response: Response,
  status: number,
  code: DanceErrorCode,
): Promise<string> {
  const page = await response.text()
  expect({ status: response.status, code: r.errors[0]?.code }).toEqual({ status, code })
  expect(r.errors).toHaveLength(1)
  const error = r.errors[0]!
  expect(error).toBeInstanceOf(DanceError)
  expect(error.status).toBe(ERROR_CODES[code])
  expect(error.provider).toBe('evil')
  expect(page).toContain(code)
  expect(response.headers.get('content-type')).toMatch(/^text\/html/)
  expect(response.headers.get('cache-control')).toBe('no-store')
  expect(response.headers.get('referrer-policy')).toBe('no-referrer')
  expect(r.memory.size).toBe(0)
  expect(transactionCookies(r, browser)).toEqual([])
  return page
}
