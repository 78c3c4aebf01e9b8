/**
 * Real Fastify and Hono apps on 127.0.0.1 for the adapter tests. The HTTP server listens first (port 0)
 * so its origin is known before the provider and the blueprints that must name it are built.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Hono } from 'hono'
import {
  makeOAuth2Blueprint,
  type OAuth2Blueprint,
  type OAuth2BlueprintOptions,
} from '../../src/consumer/oauth2-blueprint.js'
import {
  localBlueprintOptions,
  type OidcProviderHandle,
  startOidcProvider,
} from '../support/oidc-provider.js'

/** A listening server whose request handler is attached later. */
export interface Listening {
  origin: string
  server: Server
  close(): Promise<void>
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void

/** Listens on a free port; `attach` installs the handler once the app is built. */
export async function listen(): Promise<Listening & { attach(listener: Listener): void }> {
  let listener: Listener = (_req, res) => res.writeHead(503).end()
  const server = createServer((req, res) => listener(req, res))
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    attach: (next) => {
      listener = next
    },
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A Fastify app served by an already listening server (Fastify's `serverFactory`). */
export function fastifyOn(listening: Listening & { attach(listener: Listener): void }): FastifyInstance {
  return Fastify({
    serverFactory: (handler) => {
      listening.attach(handler)
      return listening.server
    },
  })
}

/** Serves a Hono app on an already listening server through @hono/node-server. */
export function serveHono(listening: Listening & { attach(listener: Listener): void }, app: Hono): void {
  listening.attach(getRequestListener(app.fetch))
}

/** oidc-provider with one confidential client whose callback is `${origin}/login/local/authorized`. */
export function startProviderFor(origin: string): Promise<OidcProviderHandle> {
  return startOidcProvider({
    clients: [
      {
        client_id: 'app',
        client_secret: 'app-secret',
        redirect_uris: [`${origin}/login/local/authorized`],
        grant_types: ['authorization_code', 'refresh_token'],
      },
    ],
  })
}

/** A blueprint for that client. */
export function localBlueprint(
  op: OidcProviderHandle,
  extra: Partial<OAuth2BlueprintOptions> = {},
): OAuth2Blueprint {
  return makeOAuth2Blueprint(
    localBlueprintOptions(op, { secret: 'adapter-tests-transaction-secret', ...extra }),
  )
}
