/**
 * Starts the demo in-process: the app on 127.0.0.1 and, unless GitHub credentials are configured,
 * the local OpenID provider it logs in with. Tests call {@link startDemo} with ports 0.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3 (loopback redirect URIs)
 */
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Env } from '../src/env.js'
import { createDemoApp, type DemoLogin } from './app.js'
import { githubLogin, githubStandInLogin, hasGithubCredentials, localLogin } from './logins.js'
import { localOAuth1Login } from './oauth1-login.js'
import { type DemoProvider, startDemoProvider } from './provider.js'
import { openDemoTokens } from './token-storage.js'

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** App port on 127.0.0.1 (0: any free port). */
  appPort: number
  /** Local provider port on 127.0.0.1 (0: any free port). */
  providerPort: number
  /** Where to read GitHub credentials and `OAUTH_DANCE_SECRET` from (default `process.env`). */
  env?: Env
  /** Directory of the SQLite token database (default `.demo-data`, gitignored). */
  dataDir?: string
}

/** A running demo. */
export interface Demo {
  /** The URL to open (`http://127.0.0.1:3000/`). */
  appUrl: string
  /** Which login the demo offers. */
  mode: 'local' | 'github'
  /** The local provider's issuer, in local mode. */
  issuer: string | undefined
  /** The callback URL to register with GitHub, in GitHub mode. */
  callbackUrls: string[]
  close(): Promise<void>
}

/** Starts the demo. */
export async function startDemo(options: DemoOptions): Promise<Demo> {
  const env = options.env ?? process.env
  const secret = env.OAUTH_DANCE_SECRET || randomBytes(32).toString('hex')
  const server = createServer()
  server.listen(options.appPort, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as AddressInfo).port
  const appUrl = `http://127.0.0.1:${port}/`
  // The redirect URI is built from the request's origin, so both loopback spellings are registered.
  const callbacks = (name: string) => [
    `http://127.0.0.1:${port}/login/${name}/authorized`,
    `http://localhost:${port}/login/${name}/authorized`,
  ]

  let provider: DemoProvider | undefined
  const logins: DemoLogin[] = []
  const mode = hasGithubCredentials(env) ? 'github' : 'local'
  // Tokens outlive the process in SQLite (.demo-data/tokens.db), each browser its own row.
  let tokens: Awaited<ReturnType<typeof openDemoTokens>> | undefined
  try {
    tokens = await openDemoTokens({ env, ...(options.dataDir !== undefined && { dir: options.dataDir }) })
    const tokenOptions = { storage: tokens.storage, user: tokens.user }
    if (mode === 'github') {
      logins.push(githubLogin(env, secret, tokenOptions))
    } else {
      provider = await startDemoProvider({ port: options.providerPort, redirectUris: callbacks('local') })
      logins.push(localLogin(provider.issuer, secret, tokenOptions))
      // An OAuth 1.0a login too, against its own stand-in provider (any free port; nothing to register).
      logins.push(await localOAuth1Login(secret, tokenOptions))
      // The GitHub preset itself, against the testing kit's GitHub stand-in.
      logins.push(await githubStandInLogin(secret, tokenOptions))
    }
  } catch (error) {
    for (const login of logins) await login.close?.()
    await closeServer(server)
    await tokens?.close()
    throw error
  }
  server.on('request', createDemoApp(logins))

  return {
    appUrl,
    mode,
    issuer: provider?.issuer,
    callbackUrls: logins.flatMap((login) => callbacks(login.blueprint.name)),
    close: async () => {
      await closeServer(server)
      for (const login of logins) await login.close?.()
      await provider?.close()
      await tokens?.close()
    },
  }
}

async function closeServer(server: ReturnType<typeof createServer>): Promise<void> {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
}
