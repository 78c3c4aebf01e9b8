/**
 * Starts a real Express 5 app on 127.0.0.1 for integration tests. The server listens first, so its
 * origin is known before blueprints (whose redirect URIs a provider must know) are built.
 */
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express, { type Express } from 'express'
import session from 'express-session'

/** A listening app whose routes are added after its origin is known. */
export interface TestApp {
  origin: string
  app: Express
  server: Server
  close(): Promise<void>
}

/** Starts an Express app with express-session on a free port; `setup` adds middleware and routes. */
export async function startExpressApp(
  setup?: (app: Express, origin: string) => void | Promise<void>,
): Promise<TestApp> {
  const app = express()
  const server = createServer(app)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  app.use(session({ secret: 'test-session-secret', resave: false, saveUninitialized: false }))
  await setup?.(app, origin)
  return {
    origin,
    app,
    server,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
