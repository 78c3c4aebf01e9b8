/**
 * The mechanics every fake provider shares: an HTTP (or https) server on a free port of 127.0.0.1, the
 * request body read whole, JSON answers, a request record, and a close that also ends open connections.
 */
import { once } from 'node:events'
import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'

/** A listening fake provider's server. */
export interface FakeServer {
  /** `http://127.0.0.1:<port>` (or https). */
  readonly origin: string
  readonly port: number
  readonly server: Server
  /** Closes idle keep-alive connections (memory measurements want no pooled sockets). */
  closeIdleConnections(): void
  /** Ends every open connection, then closes. */
  close(): Promise<void>
}

/** Options of {@link startFakeServer}. */
export interface FakeServerOptions {
  /** Serve https with this key and certificate instead of http. */
  tls?: { key: string | Buffer; cert: string | Buffer }
}

/** Starts `handler` on a free port of 127.0.0.1. */
export async function startFakeServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options: FakeServerOptions = {},
): Promise<FakeServer> {
  const server: Server = options.tls
    ? (createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler) as unknown as Server)
    : createHttpServer(handler)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as AddressInfo).port
  return {
    origin: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    server,
    closeIdleConnections: () => server.closeIdleConnections(),
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** One request a fake provider received. */
export interface RecordedRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: string
}

/** Reads the request whole and returns it as a {@link RecordedRequest} (URL resolved against `origin`). */
export async function recordRequest(req: IncomingMessage, origin: string): Promise<RecordedRequest> {
  const url = new URL(req.url ?? '/', origin)
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body: await readBody(req),
  }
}

/** The request body as UTF-8 text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}

/** Answers `body` as JSON, not cacheable (RFC 6749 §5.1), unless an answer was already started. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

/** Resolves after `ms` milliseconds (at once for none). */
export function delay(ms: number | undefined): Promise<void> {
  return ms ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()
}
