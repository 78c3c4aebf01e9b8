/**
 * The provider stand-in for benchmarks, in its own process: a token endpoint that answers every code
 * instantly and an API (`GET /api/user`) that answers any Bearer token. Keep-alive like a real provider.
 * Prints nothing secret; the tokens it issues are fixed strings that only this benchmark uses.
 */
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

const TOKEN = JSON.stringify({
  access_token: 'bench-access-token',
  token_type: 'bearer',
  expires_in: 3600,
  scope: 'read',
})
const USER = JSON.stringify({ login: 'bench', id: 1, name: 'Bench User' })

const server = createServer((req, res) => {
  const path = req.url?.split('?')[0]
  if (req.method === 'POST' && path === '/token') {
    // Drain the form body before answering, as a real server does.
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(TOKEN)
    })
    return
  }
  if (req.method === 'GET' && path === '/api/user') {
    const auth = req.headers.authorization ?? ''
    if (!/^bearer \S+$/i.test(auth)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(USER)
    return
  }
  res.writeHead(404).end()
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1')
await once(server, 'listening')
process.send?.({ ready: true, port: (server.address() as AddressInfo).port })
process.on('disconnect', () => process.exit(0))
